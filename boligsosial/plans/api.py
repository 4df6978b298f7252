from ninja import Router

router = Router(tags=["Mål og tiltak"])
