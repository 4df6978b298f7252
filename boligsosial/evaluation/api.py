from ninja import Router

router = Router(tags=["Evaluering – feltarbeid"])
