from django.core.management.base import BaseCommand, CommandError

from boligsosial.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "Lager en API-nøkkel for en bruker. Nøkkelen vises bare én gang."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("name", help="Hva nøkkelen brukes til, for eksempel «rapportimport»")

    def handle(self, *args, username, name, **opts):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Fant ingen bruker «{username}».")
        _token, key = ApiToken.issue(user=user, name=name)
        self.stdout.write(key)
