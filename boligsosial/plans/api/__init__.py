"""REST API for goals, measures, results, evidence and the library. Same access and services as the pages.

One module per sub-domain; each has its own router, joined here into the app's router.
"""

from ninja import Router

from boligsosial.plans.api import goals, library, measures, results

router = Router(tags=["Mål og tiltak"])
for part in (goals, measures, results, library):
    router.add_router("", part.router)

__all__ = ["router"]
