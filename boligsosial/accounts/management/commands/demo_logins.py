from django.core.management.base import BaseCommand

from boligsosial.accounts.models import User
from boligsosial.core.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Skriver ut demobrukerne og passordet deres."

    def handle(self, *args, **opts):
        users = (
            User.objects.filter(is_demo=True)
            .select_related("municipality")
            .order_by("role", "username")
        )
        self.stdout.write("")
        self.stdout.write(
            f"Boligsosial kjører på http://127.0.0.1:8000  – demobrukere (passord: {DEMO_PASSWORD}):"
        )
        for user in users:
            where = f", {user.municipality.name}" if user.municipality else ""
            self.stdout.write(f"  {user.username:<22} {user.get_role_display()}{where}")
        self.stdout.write("")
