"""REST API for instruments: figures, frames, applications and analyses. Routes call the
same access functions, services and selectors as the pages. Each module registers its
routes on the one `router` (order matters for overlapping paths: figures first)."""

from boligsosial.instruments.api import analyses, applications, figures, frames  # noqa: F401
from boligsosial.instruments.api.router import router

__all__ = ["router"]
