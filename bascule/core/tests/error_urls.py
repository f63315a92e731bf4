"""The site's URLs plus two that fail, for the error page tests (bascule/core/error_views.py)."""

from django.contrib.auth.decorators import login_not_required
from django.db import OperationalError
from django.urls import path
from django.utils.functional import SimpleLazyObject

from config.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def fails(request):
    raise RuntimeError("a bug")


def _database_down():
    raise OperationalError("could not connect to server: Connection refused")


@login_not_required
def fails_with_the_database_down(request):
    # What a lost database looks like from a view: every query fails, the user's session too.
    request.user = SimpleLazyObject(_database_down)
    _database_down()


urlpatterns = [
    path("test-errors/fails/", fails),
    path("test-errors/database-down/", fails_with_the_database_down),
    path("api/test-errors/fails/", fails),
    *urlpatterns,
]
