from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction

from boligsosial.accounts.models import User
from boligsosial.audit.models import Action
from boligsosial.audit.services import record, snapshot


class Command(BaseCommand):
    help = (
        "Knytter en bruker til identiteten sin hos organisasjonens identitetsleverandør "
        "(OpenID Connect: issuer og subject), slik at brukeren kan logge inn med den. "
        "Rolle og kommune endres ikke. Uten --subject fjernes koblingen."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--issuer", default="", help="Identitetsleverandørens issuer-URL")
        parser.add_argument("--subject", default="", help="Brukerens sub (Entra ID: oid)")

    @transaction.atomic
    def handle(self, *args, username, issuer, subject, **opts):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Finner ingen bruker med brukernavnet «{username}».")
        if subject and not issuer:
            raise CommandError("Oppgi --issuer sammen med --subject.")
        before = snapshot(user, exclude=("password", "last_login"))
        user.oidc_issuer, user.oidc_subject = (issuer, subject) if subject else ("", "")
        try:
            with transaction.atomic():
                user.save(update_fields=["oidc_issuer", "oidc_subject"])
        except IntegrityError as exc:
            raise CommandError(
                "Denne identiteten er allerede knyttet til en annen bruker."
            ) from exc
        record(
            user=None,
            action=Action.UPDATE,
            target=user,
            before=before,
            after=snapshot(user, exclude=("password", "last_login")),
            comment="link_identity",
        )
        self.stdout.write(
            f"{username} logger nå inn som {subject} hos {issuer}."
            if subject
            else f"{username} er ikke lenger knyttet til en identitetsleverandør."
        )
