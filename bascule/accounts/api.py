from django.http import HttpRequest
from ninja import Router

from bascule.accounts.schemas import UserOut
from bascule.core.api_errors import ErrorOut

router = Router(tags=["accounts"])


@router.get("/me", response={200: UserOut, 401: ErrorOut}, summary="The authenticated user")
def me(request: HttpRequest) -> UserOut:
    """Return the account the request is authenticated as (session or bearer token)."""
    user = request.user
    return UserOut(
        id=user.pk,
        email=user.email,
        name=user.get_full_name(),
        role=user.role,
        language=user.language,
        time_zone=user.time_zone,
    )
