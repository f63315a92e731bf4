from ninja import Router

router = Router(tags=["skills"])
