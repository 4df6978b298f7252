"""The plans app's one API router; each sub-domain module registers its routes on it."""

from ninja import Router

router = Router(tags=["Mål og tiltak"])
