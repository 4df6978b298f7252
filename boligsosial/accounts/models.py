import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from boligsosial.core.models import TimeStamped


class Role(models.TextChoices):
    HUSBANKEN_ADMIN = "husbanken_admin", _("Husbanken – administrator")
    PROGRAMME_CONTACT = "programme_contact", _("Husbanken – programkontakt")
    MUNICIPAL_LEADER = "municipal_leader", _("Kommune – programleder")
    MUNICIPAL_MEMBER = "municipal_member", _("Kommune – medlem av programteamet")
    EVALUATOR = "evaluator", _("Evaluator")
    VIEWER = "viewer", _("Lesetilgang")


HUSBANKEN_ROLES = {Role.HUSBANKEN_ADMIN, Role.PROGRAMME_CONTACT}
MUNICIPAL_ROLES = {Role.MUNICIPAL_LEADER, Role.MUNICIPAL_MEMBER}


class User(AbstractUser):
    """A person using Boligsosial. Roles are exclusive: one role per account.

    Holds no personal data about the people the programme helps; only staff accounts.
    """

    role = models.CharField(_("rolle"), max_length=30, choices=Role.choices, default=Role.VIEWER)
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("Påkrevd for kommunale roller."),
    )
    position = models.CharField(_("stilling"), max_length=200, blank=True)
    is_demo = models.BooleanField(default=False, editable=False)
    # Single sign-on: the identity provider (issuer) and the person's stable, never reassigned
    # identifier there (the `sub` claim; Entra ID's `oid` where configured). Set by an
    # administrator; role and municipality stay the administrator's assignment.
    oidc_issuer = models.CharField(_("identitetsleverandør (issuer)"), max_length=300, blank=True)
    oidc_subject = models.CharField(
        _("identitet hos leverandøren (subject)"), max_length=255, blank=True
    )

    class Meta:
        verbose_name = _("bruker")
        verbose_name_plural = _("brukere")
        constraints = [
            models.UniqueConstraint(
                fields=["oidc_issuer", "oidc_subject"],
                condition=~models.Q(oidc_subject=""),
                name="user_oidc_identity_unique",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_husbanken(self) -> bool:
        return self.role in HUSBANKEN_ROLES

    @property
    def is_municipal(self) -> bool:
        return self.role in MUNICIPAL_ROLES


class ApiToken(TimeStamped):
    """A bearer token for the REST API. Only a hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("navn"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API-nøkkel")
        verbose_name_plural = _("API-nøkler")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, *, user: User, name: str) -> tuple["ApiToken", str]:
        key = "bs_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, key_hash=cls.hash_key(key), prefix=key[:8])
        return token, key
