"""Optimistic locking shared by every service that edits a Versioned model."""

from django.core.exceptions import ValidationError
from django.db.models import F, Model
from django.utils.translation import gettext as _

# The largest value a PositiveIntegerField holds on every supported database.
MAX_VERSION = 2_147_483_647


class StaleEditError(Exception):
    """Raised when a save is based on a version someone else has since changed."""

    def __init__(self, obj: Model, submitted_version: int | None):
        self.obj = obj
        self.submitted_version = submitted_version
        super().__init__(
            _(
                "Noen andre har lagret endringer i «%(object)s» mens du redigerte. "
                "Endringene dine er ikke lagret. Se gjennom den nye versjonen og legg inn "
                "endringene dine på nytt."
            )
            % {"object": obj}
        )


def bump_version(obj: Model, submitted_version: int | None) -> None:
    """Check that `obj` is still at `submitted_version` and increment it atomically.

    Must run inside the service's transaction. `submitted_version=None` means the caller
    does not take part in optimistic locking (scripts, imports), which is allowed.
    """
    model = type(obj)
    qs = model._default_manager.filter(pk=obj.pk)
    if submitted_version is not None:
        qs = qs.filter(version=submitted_version)
    updated = qs.update(version=F("version") + 1)
    if not updated:
        raise StaleEditError(obj, submitted_version)
    obj.version = model._default_manager.values_list("version", flat=True).get(pk=obj.pk)  # type: ignore[attr-defined]


class VersionRequiredError(Exception):
    """An API edit without the version it is based on (HTTP 428 Precondition Required)."""

    def __init__(self, obj: Model | None = None):
        self.obj = obj
        super().__init__(
            _(
                "Endringen må oppgi «version»: versjonsnummeret til objektet slik du leste det. "
                "Hent objektet på nytt og send med versjonen."
            )
        )


def require_version(version: int | None, obj: Model | None = None, *, first: int = 1) -> int:
    """API edits must say which version they are based on; pages always do (hidden field).

    `first` is the lowest version an object can have: 1 for stored objects, 0 where the API
    lets a client say "I saw none yet" (a report text or threshold not written yet).
    """
    if version is None:
        raise VersionRequiredError(obj)
    if not first <= version <= MAX_VERSION:
        raise ValidationError(
            {
                "version": _(
                    "«version» må være versjonsnummeret du leste (et helt tall fra %(first)s); "
                    "%(value)s kan ikke være det."
                )
                % {"value": version, "first": first}
            }
        )
    return version
