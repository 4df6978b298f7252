"""The main navigation. Each app registers its entries here; access decides visibility."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    # Name of a predicate in boligsosial.accounts.access taking (user) -> bool, or None.
    visible_if: str | None = None


NAV_ENTRIES: list[NavEntry] = [
    NavEntry(_("Portefølje"), "programmes:portfolio"),
    NavEntry(_("Rapportering"), "reporting:index"),
    NavEntry(_("Mål og tiltak"), "plans:index"),
    NavEntry(_("Oppfølging"), "followup:index"),
    NavEntry(_("Virkemidler"), "instruments:index"),
    NavEntry(_("Evaluering"), "evaluation:index", "can_see_evaluation"),
    # Published evaluation reports are read by everyone in the programme.
    NavEntry(_("Evalueringsrapport"), "evaluation_report:index"),
    NavEntry(_("Kommuner"), "municipalities:list"),
]


def navigation_for(request) -> list[dict]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    from boligsosial.accounts import access

    items = []
    for entry in NAV_ENTRIES:
        if entry.visible_if and not getattr(access, entry.visible_if)(user):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": entry.label, "url": url, "current": request.path.startswith(url)})
    return items
