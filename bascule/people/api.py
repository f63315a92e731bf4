from ninja import Router

from bascule.people.import_api import router as import_router

router = Router(tags=["people"])
router.add_router("/imports/", import_router)
