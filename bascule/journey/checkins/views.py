"""The check-in page of a pair's member: the form for the current period and their own past
check-ins. Members only (`access_pair_space`: 404 for anyone else, HR included)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from bascule.core import idempotency
from bascule.core.errors import ConflictError, DomainError
from bascule.core.forms import add_errors
from bascule.journey import selectors
from bascule.journey.checkins import extensions
from bascule.journey.checkins import selectors as checkin_selectors
from bascule.journey.checkins import services as checkin_services
from bascule.journey.checkins.forms import CheckInForm


def _saved_url(checkin: object, pair_id: int) -> str:
    return reverse("journey:pair_space", kwargs={"pair_id": pair_id}) + "#checkin"


@idempotency.form_view(url=_saved_url)
def checkin(request: HttpRequest, pair_id: int) -> HttpResponse:
    """Return the check-in form for the current period (pre-filled with the member's answer
    or the goals' progress); on POST, save it and go back to the pair's space."""
    pair = selectors.access_pair_space(user=request.user, pair_id=pair_id)
    due = checkin_selectors.checkin_due(user=request.user, pair=pair)
    member = getattr(request.user, "employee", None) if request.user.employee_id else None
    groups = extensions.question_groups(pair=pair, member=member, period=due.period)
    if request.method == "POST":
        form = CheckInForm(request.POST, goals=due.goals, groups=groups)
        if form.is_valid():
            try:
                checkin_services.checkin_submit(
                    actor=request.user,
                    pair=pair,
                    period=form.cleaned_data.get("period"),
                    pulse=form.cleaned_data["pulse"],
                    blocking=form.cleaned_data["blocking"],
                    message_to_hr=form.cleaned_data["message_to_hr"],
                    progress=form.progress(),
                    submission=idempotency.submission(request),
                    answers=form.answers(),
                )
            except ConflictError as exc:
                # Show the goals as saved now; what the member typed stays in the form.
                due = checkin_selectors.checkin_due(user=request.user, pair=pair)
                data = request.POST.copy()
                for goal in due.goals:
                    data[f"version_{goal.pk}"] = str(goal.version)
                form = CheckInForm(data, goals=due.goals, groups=groups)
                form.is_valid()
                add_errors(form, exc)
            except DomainError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Thank you: your check-in is saved."))
                url = reverse("journey:pair_space", kwargs={"pair_id": pair.pk})
                return redirect(f"{url}#checkin")
    elif due.mine:
        initial = {
            "period": due.period,
            "pulse": due.mine.pulse,
            "blocking": due.mine.blocking,
            "message_to_hr": due.mine.message_to_hr,
        }
        form = CheckInForm(initial=initial, goals=due.goals, groups=groups)
    else:
        form = CheckInForm(initial={"period": due.period}, goals=due.goals, groups=groups)
    context = {
        "pair": pair,
        "program": pair.program,
        "partner": selectors.partner_of(pair=pair, user=request.user),
        "due": due,
        "form": form,
        "past": list(checkin_selectors.my_checkins(user=request.user, pair=pair)),
    }
    return render(request, "journey/checkins/checkin.html", context)
