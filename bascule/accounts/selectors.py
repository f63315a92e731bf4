"""Reads on accounts. A user only ever sees their own tokens."""

from django.db.models import QuerySet
from django.http import Http404

from bascule.accounts.models import ApiToken, User


def api_tokens_of(*, user: User) -> QuerySet[ApiToken]:
    """Return the API tokens of `user`, newest first, revoked ones included."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def access_api_token(*, user: User, token_id: int) -> ApiToken:
    """Return the API token `token_id` if it belongs to `user`; anyone else's is a 404."""
    token = ApiToken.objects.filter(pk=token_id, user=user).first()
    if token is None:
        raise Http404
    return token
