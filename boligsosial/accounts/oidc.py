"""Log-in through the organisation's identity provider (OpenID Connect).

Works with Microsoft Entra ID, Digdir's Ansattporten and ID-porten, or any OpenID Connect
provider: the endpoints come from settings (`OIDC_OP_*`, see config/settings.py).

Who someone is in Boligsosial is decided here, not by the provider:
- the person is matched on the signed ID token's issuer and subject (`iss` + `sub`, or the
  claim named by OIDC_SUBJECT_CLAIM, e.g. Entra ID's `oid`), which the provider never reassigns
  and the person cannot change; e-mail and name are never used to match;
- the account must exist, be active and have been linked to that identity by an administrator
  (`boligsosial link_identity`); an unknown identity is refused, no account is created;
- role and municipality are the administrator's assignment; no claim can change them.
"""

import logging

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from boligsosial.accounts.models import User

logger = logging.getLogger(__name__)
REFUSED_SESSION_KEY = "oidc_refused"


def is_configured() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


class OrganisationLoginBackend(OIDCAuthenticationBackend):
    def verify_claims(self, claims: dict) -> bool:
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims: dict):
        # Matching happens in get_or_create_user on the signed ID token, never on userinfo.
        return User.objects.none()

    def get_or_create_user(self, access_token, id_token, payload):
        user_info = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(user_info) or user_info.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("ID token and userinfo disagree on the subject")
        issuer = payload.get("iss", "")
        if issuer != settings.OIDC_OP_ISSUER:
            raise SuspiciousOperation("ID token from an unexpected issuer")
        subject_claim = getattr(settings, "OIDC_SUBJECT_CLAIM", "sub")
        subject = str(payload.get(subject_claim) or "")
        if not subject:
            raise SuspiciousOperation(f"ID token without {subject_claim}")
        user = User.objects.filter(
            oidc_issuer=issuer, oidc_subject=subject, is_active=True, is_demo=False
        ).first()
        if user is None:
            logger.info(
                "Refused single sign-on: no active account linked to %s at %s", subject, issuer
            )
            self.request.session[REFUSED_SESSION_KEY] = True
            return None
        return user

    def get_user(self, user_id):
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None
