from ninja import Router

router = Router(tags=["Virkemidler og statistikk"])
