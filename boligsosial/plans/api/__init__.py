"""REST API for goals, measures, results, evidence and the library. Same access and services as the pages.

One module per sub-domain; each registers its routes on the one `router`.
"""

from boligsosial.plans.api import goals, library, measures, results  # noqa: F401
from boligsosial.plans.api.router import router

__all__ = ["router"]
