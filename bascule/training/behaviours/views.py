"""The kickoff drill's page (a pair's members only: 404 for anyone else; the sponsor and
accounts without an employee record: 403) and its panel in the pair's space."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from bascule.core.errors import DomainError
from bascule.core.forms import add_errors
from bascule.core.permissions import require, user_can_apply
from bascule.journey.panels import Panel
from bascule.pairing.models import PairStatus
from bascule.training.behaviours import selectors, services
from bascule.training.behaviours.forms import DrillForm
from bascule.training.selectors import access_pair

DRILL_MINUTES = 10


@require(user_can_apply)
def drill(request: HttpRequest, pair_id: int) -> HttpResponse:
    """The ten-minute active-listening drill: its steps, then the checklist the member ticks
    for their partner; on POST, save it and go back to the pair's space."""
    pair = access_pair(user=request.user, pair_id=pair_id)
    state = selectors.drill_state(pair=pair, user=request.user)
    active = pair.status == PairStatus.ACTIVE
    name = state.partner.first_name
    if request.method == "POST":
        form = DrillForm(request.POST, partner_name=name)
        if form.is_valid():
            try:
                services.drill_tick(actor=request.user, pair=pair, ticks=form.cleaned_data["ticks"])
            except DomainError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Thank you: your ticks are saved."))
                url = reverse("journey:pair_space", kwargs={"pair_id": pair.pk})
                return redirect(f"{url}#drill")
    else:
        initial = {"ticks": state.mine.ticks} if state.mine else {}
        form = DrillForm(initial=initial, partner_name=name)
    context = {
        "pair": pair,
        "program": pair.program,
        "state": state,
        "partner": state.partner,
        "form": form,
        "active": active,
        "minutes": DRILL_MINUTES,
    }
    return render(request, "training/drill.html", context)


def drill_panel(pair: Any, user: Any, place: str) -> dict[str, Any] | None:
    """The drill's panel in the pair's space and on the kickoff page."""
    if not user.employee_id:
        return None
    return {
        "state": selectors.drill_state(pair=pair, user=user),
        "place": place,
        "active": pair.status == PairStatus.ACTIVE,
        "minutes": DRILL_MINUTES,
    }


DRILL_PANEL = Panel(
    name="training.drill", template="training/partials/drill_panel.html", context=drill_panel
)
