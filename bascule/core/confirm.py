"""Confirmation steps for mass or irreversible actions (docs/architecture.md).

The page's button posts to the action's URL as before; without `confirm=yes` the view
answers with a page saying what will happen and to whom (templates/core/confirm.html), and
changes nothing. That page's button posts the same fields again with `confirm=yes`, and only
then is the action done. No JavaScript is involved, and every step is a plain form.

The API is not concerned: calling an operation is already the explicit request, so its
clients keep working without a flag.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bascule.core import idempotency

CONFIRM_FIELD = "confirm"
CONFIRM_VALUE = "yes"
# Posted fields that are never carried over to the confirmation's form.
_NOT_CARRIED = {CONFIRM_FIELD, "csrfmiddlewaretoken"}


def confirmed(request: HttpRequest) -> bool:
    """Return whether the request comes from a confirmation step's button."""
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == CONFIRM_VALUE


@dataclass
class Confirmation:
    """What the confirmation page says and where its button posts.

    `happens`: what the action does, with its counts and who is told; `afterwards`: what
    becomes impossible once it is done; `blocked`: why it cannot be done now (the page then
    has no confirmation button).
    """

    title: str
    action: str
    confirm_label: str
    back_url: str
    back_label: str
    happens: list[str]
    subject: str = ""
    afterwards: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    hidden: list[tuple[str, str]] = field(default_factory=list)
    danger: bool = True

    @property
    def carries_submission_key(self) -> bool:
        """True when the posted fields carried again hold the form's own submission key;
        otherwise the confirmation form gets a fresh one (bascule.core.idempotency)."""
        return any(name == idempotency.FIELD for name, _value in self.hidden)


def carried_fields(
    data: Mapping[str, str], names: Iterable[str] | None = None
) -> list[tuple[str, str]]:
    """Return the posted fields to post again from the confirmation page (all of them but
    the CSRF token and `confirm`, or only `names`)."""
    keys = [key for key in data if key not in _NOT_CARRIED]
    if names is not None:
        wanted = set(names)
        keys = [key for key in keys if key in wanted]
    getlist = getattr(data, "getlist", None)
    pairs: list[tuple[str, str]] = []
    for key in keys:
        values = getlist(key) if getlist else [data[key]]
        pairs.extend((key, str(value)) for value in values)
    return pairs


def confirmation_page(request: HttpRequest, confirmation: Confirmation) -> HttpResponse:
    """Return the confirmation step of an action: nothing has changed yet."""
    return render(request, "core/confirm.html", {"confirmation": confirmation})
