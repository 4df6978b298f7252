import os

from django.core.management.base import BaseCommand

from boligsosial.accounts.models import User
from boligsosial.core.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Skriver ut demobrukerne og passordet deres."

    def add_arguments(self, parser):
        # `make demo` passes HOST and PORT, so the address printed is the one the server uses.
        parser.add_argument("--host", default=os.environ.get("HOST") or "127.0.0.1")
        parser.add_argument("--port", default=os.environ.get("PORT") or "8000")

    def handle(self, *args, **opts):
        users = (
            User.objects.filter(is_demo=True)
            .select_related("municipality")
            .prefetch_related("followed_participations__municipality")
            .order_by("role", "username")
        )
        self.stdout.write("")
        self.stdout.write(
            f"Boligsosial kjører på http://{opts['host']}:{opts['port']}  "
            f"– demobrukere (passord: {DEMO_PASSWORD}):"
        )
        for user in users:
            where = f", {user.municipality.name}" if user.municipality else ""
            followed = sorted(p.municipality.name for p in user.followed_participations.all())
            if followed:
                where += ", følger " + ", ".join(followed)
            self.stdout.write(f"  {user.username:<22} {user.get_role_display()}{where}")
        self.stdout.write("")
