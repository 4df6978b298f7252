from ninja import Router

router = Router(tags=["Oppfølging og læringsarenaer"])
