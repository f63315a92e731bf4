"""Workshop pages.

Participants (employees, sponsors excepted): the workshops open to them, a workshop's page
(its time in their own zone, the seats left, their place), registering, joining the waiting
list, cancelling, their feedback after attending. Managers (HR admins; program managers for
their programs' workshops): the list, the form, cancelling, registering people, the roster
with attendance, which the facilitator keeps too. Anyone else: 404.
"""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from bascule.core import idempotency
from bascule.core.confirm import Confirmation, carried_fields, confirmation_page, confirmed
from bascule.core.errors import ConflictError, DomainError
from bascule.core.forms import add_errors
from bascule.core.markdown import render_markdown
from bascule.core.permissions import (
    require,
    user_can_apply,
    user_can_manage_programs,
    user_is_not_sponsor,
)
from bascule.workshops import selectors, services
from bascule.workshops.forms import FeedbackForm, RegisterPeopleForm, WorkshopForm
from bascule.workshops.models import Attendance, Registration, RegistrationStatus


def _detail_url(workshop: Any) -> str:
    return reverse("workshops:detail", kwargs={"workshop_id": workshop.pk})


def _roster_url(workshop: Any) -> str:
    return reverse("workshops:roster", kwargs={"workshop_id": workshop.pk})


# --- Participants -------------------------------------------------------------------------------


@require(user_can_apply)
def workshop_list(request: HttpRequest) -> HttpResponse:
    mine = selectors.workshops_for(request.user)
    return render(
        request,
        "workshops/list.html",
        {"upcoming": mine.upcoming, "past": mine.past, "now": timezone.now()},
    )


@require(user_can_apply)
def detail(request: HttpRequest, workshop_id: int) -> HttpResponse:
    workshop = selectors.access_workshop(user=request.user, workshop_id=workshop_id)
    mine = selectors.my_registration(workshop)
    now = timezone.now()
    context = {
        "workshop": workshop,
        "description": render_markdown(workshop.description),
        "mine": mine,
        "position": selectors.waitlist_position(mine) if mine else None,
        "seats_left": selectors.seats_left(workshop),
        "started": workshop.starts_at <= now,
        "modules": [selectors.module_title(m) for m in workshop.modules.all()],
        "can_give_feedback": selectors.can_give_feedback(workshop, mine, now=now)
        and selectors.my_feedback(workshop=workshop, employee_id=request.user.employee_id) is None,
    }
    return render(request, "workshops/detail.html", context)


def _registered_url(target: Any, **kwargs: Any) -> str:
    return reverse("workshops:detail", kwargs={"workshop_id": kwargs["workshop_id"]})


@require(user_can_apply)
@require_POST
@idempotency.form_view(url=_registered_url)
def register(request: HttpRequest, workshop_id: int) -> HttpResponse:
    workshop = selectors.access_workshop(user=request.user, workshop_id=workshop_id)
    try:
        registration = services.registration_create(
            actor=request.user,
            workshop_id=workshop.pk,
            submission=idempotency.submission(request),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if registration.status == RegistrationStatus.WAITLISTED:
            messages.success(
                request,
                _("The workshop is full: you are number %(n)s on the waiting list.")
                % {"n": selectors.waitlist_position(registration)},
            )
        else:
            messages.success(request, _("You are registered. The invitation is on its way."))
    return redirect(_detail_url(workshop))


@require(user_can_apply)
@require_POST
def cancel_registration(request: HttpRequest, workshop_id: int) -> HttpResponse:
    workshop = selectors.access_workshop(user=request.user, workshop_id=workshop_id)
    mine = selectors.my_registration(workshop)
    if mine is None or mine.status == RegistrationStatus.CANCELLED:
        messages.info(request, _("You have no place at this workshop."))
        return redirect(_detail_url(workshop))
    try:
        services.registration_cancel(actor=request.user, registration_id=mine.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Your place is cancelled.")
            if mine.status == RegistrationStatus.REGISTERED
            else _("You have left the waiting list."),
        )
    return redirect(_detail_url(workshop))


def _feedback_url(target: Any, **kwargs: Any) -> str:
    return reverse("workshops:detail", kwargs={"workshop_id": kwargs["workshop_id"]})


@require(user_can_apply)
@idempotency.form_view(url=_feedback_url)
def feedback(request: HttpRequest, workshop_id: int) -> HttpResponse:
    workshop = selectors.access_workshop(user=request.user, workshop_id=workshop_id)
    mine = selectors.my_registration(workshop)
    given = selectors.my_feedback(workshop=workshop, employee_id=request.user.employee_id)
    if given is not None or not selectors.can_give_feedback(workshop, mine):
        messages.info(
            request,
            _("Thank you: your feedback is already saved.")
            if given
            else _("Feedback is for the people who attended the workshop."),
        )
        return redirect(_detail_url(workshop))
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_give(
                actor=request.user,
                workshop_id=workshop.pk,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
                submission=idempotency.submission(request),
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Thank you for your feedback."))
            return redirect(_detail_url(workshop))
    return render(request, "workshops/feedback.html", {"workshop": workshop, "form": form})


# --- Managers -----------------------------------------------------------------------------------


@require(user_can_manage_programs)
def manage(request: HttpRequest) -> HttpResponse:
    workshops = selectors.workshop_list(request.user)
    now = timezone.now()
    return render(
        request,
        "workshops/manage.html",
        {
            "upcoming": sorted(
                (w for w in workshops if w.starts_at > now), key=lambda w: (w.starts_at, w.pk)
            ),
            "past": [w for w in workshops if w.starts_at <= now],
        },
    )


def _created_url(target: Any, **kwargs: Any) -> str:
    if target is None:
        return reverse("workshops:manage")
    return _roster_url(target)


@require(user_can_manage_programs)
@idempotency.form_view(url=_created_url)
def create(request: HttpRequest) -> HttpResponse:
    form = WorkshopForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            workshop = services.workshop_create(
                actor=request.user,
                data=form.values(),
                submission=idempotency.submission(request),
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The workshop is published."))
            return redirect(_roster_url(workshop))
    return render(request, "workshops/form.html", {"form": form, "workshop": None})


@require(user_can_manage_programs)
def edit(request: HttpRequest, workshop_id: int) -> HttpResponse:
    workshop = selectors.access_managed_workshop(user=request.user, workshop_id=workshop_id)
    if workshop.is_cancelled:
        messages.info(request, _("This workshop is cancelled: it cannot be changed."))
        return redirect(_roster_url(workshop))
    if request.method == "POST":
        form = WorkshopForm(request.POST, user=request.user, workshop=workshop)
        if form.is_valid():
            try:
                services.workshop_update(
                    actor=request.user, workshop_id=workshop.pk, data=form.values()
                )
            except DomainError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The workshop is saved."))
                return redirect(_roster_url(workshop))
    else:
        form = WorkshopForm(user=request.user, workshop=workshop)
    return render(request, "workshops/form.html", {"form": form, "workshop": workshop})


@require(user_can_manage_programs)
@require_POST
def cancel(request: HttpRequest, workshop_id: int) -> HttpResponse:
    workshop = selectors.access_managed_workshop(user=request.user, workshop_id=workshop_id)
    told = workshop.registered_count + workshop.waitlisted_count
    if not confirmed(request):
        return confirmation_page(
            request,
            Confirmation(
                title=_("Cancel the workshop?"),
                subject=workshop.title,
                action=reverse("workshops:cancel", kwargs={"workshop_id": workshop.pk}),
                confirm_label=_("Cancel the workshop"),
                back_url=_roster_url(workshop),
                back_label=_("Back to the workshop"),
                happens=[
                    ngettext(
                        "%(count)s person registered or waiting is told by e-mail, with a "
                        "file removing it from their calendar.",
                        "%(count)s people registered or waiting are told by e-mail, with a "
                        "file removing it from their calendar.",
                        told,
                    )
                    % {"count": told}
                ],
                afterwards=[_("Nobody can register any more; it cannot be undone.")],
                blocked=[_("This workshop is already cancelled.")] if workshop.is_cancelled else [],
            ),
        )
    try:
        services.workshop_cancel(actor=request.user, workshop_id=workshop.pk)
    except ConflictError as exc:
        messages.info(request, exc.message)
    else:
        messages.success(request, _("The workshop is cancelled; everyone registered is told."))
    return redirect(_roster_url(workshop))


def _roster_context(request, workshop, *, people_form=None) -> dict[str, Any]:
    rows = selectors.roster(workshop)
    managing = selectors.can_manage(request.user, workshop)
    return {
        "workshop": workshop,
        "rows": rows,
        "registered": [r for r in rows if r.status == RegistrationStatus.REGISTERED],
        "waiting": [r for r in rows if r.status == RegistrationStatus.WAITLISTED],
        "cancelled": [r for r in rows if r.status == RegistrationStatus.CANCELLED],
        "counts": selectors.attendance_counts(rows),
        "attendance_choices": Attendance.choices,
        "started": workshop.starts_at <= timezone.now(),
        "managing": managing,
        "people_form": people_form or RegisterPeopleForm(user=request.user, workshop=workshop),
        "summary": selectors.feedback_summary(workshop),
        "seats_left": selectors.seats_left(workshop),
    }


@require(user_is_not_sponsor)
def roster(request: HttpRequest, workshop_id: int) -> HttpResponse:
    workshop = selectors.access_roster(user=request.user, workshop_id=workshop_id)
    return render(request, "workshops/roster.html", _roster_context(request, workshop))


@require(user_is_not_sponsor)
@require_POST
def attendance(request: HttpRequest, workshop_id: int) -> HttpResponse:
    """Save the attendance of the roster's form; "mark all present" sets everyone without a
    mark to present."""
    workshop = selectors.access_roster(user=request.user, workshop_id=workshop_id)
    ids = set(
        Registration.objects.filter(
            workshop=workshop, status=RegistrationStatus.REGISTERED
        ).values_list("pk", flat=True)
    )
    marks: dict[int, str] = {}
    if request.POST.get("all_present"):
        unmarked = Registration.objects.filter(
            workshop=workshop, status=RegistrationStatus.REGISTERED, attendance=""
        )
        marks = dict.fromkeys(unmarked.values_list("pk", flat=True), Attendance.PRESENT)
    else:
        for pk in ids:
            value = request.POST.get(f"attendance-{pk}", "")
            if value:
                marks[pk] = value
    try:
        changed = services.attendance_mark(actor=request.user, workshop_id=workshop.pk, marks=marks)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            ngettext(
                "Attendance saved: %(count)s change.",
                "Attendance saved: %(count)s changes.",
                changed,
            )
            % {"count": changed},
        )
    return redirect(_roster_url(workshop) + "#attendance")


# The most names listed per group on the confirmation page.
NAMES_SHOWN = 50


def _names(people: list[Any]) -> tuple[list[str], int]:
    return [p.full_name for p in people[:NAMES_SHOWN]], max(len(people) - NAMES_SHOWN, 0)


def _refused_lines(people: list[Any], reasons: dict[int, str]) -> list[str]:
    lines = []
    for person in people:
        if reasons.get(person.pk) == selectors.LEFT:
            lines.append(_("%(name)s: has left the company.") % {"name": person.full_name})
        else:
            lines.append(
                _("%(name)s: has no active account, so cannot be invited.")
                % {"name": person.full_name}
            )
    return lines


def _people_confirmation(request, workshop, plan) -> HttpResponse:
    seats, waiting, already = len(plan.seat), len(plan.waitlist), len(plan.already)
    happens = [
        ngettext(
            "%(count)s person will get a seat (%(free)s free seats now).",
            "%(count)s people will get a seat (%(free)s free seats now).",
            seats,
        )
        % {"count": seats, "free": plan.free_seats},
        ngettext(
            "%(count)s person will go on the waiting list.",
            "%(count)s people will go on the waiting list.",
            waiting,
        )
        % {"count": waiting},
        ngettext(
            "%(count)s person already has a place and is left as they are.",
            "%(count)s people already have a place and are left as they are.",
            already,
        )
        % {"count": already},
    ]
    if seats + waiting:
        happens.append(
            _(
                "Each person registered gets an e-mail: the invitation with its calendar file, "
                "or their place on the waiting list."
            )
        )
    groups = []
    for key, title, people in (
        ("seat", _("Will get a seat"), plan.seat),
        ("waitlist", _("Will go on the waiting list"), plan.waitlist),
        ("already", _("Already have a place"), plan.already),
    ):
        if people:
            names, more = _names(people)
            groups.append({"key": key, "title": title, "names": names, "more": more})
    return render(
        request,
        "workshops/register_confirm.html",
        {
            "workshop": workshop,
            "happens": happens,
            "groups": groups,
            "refused": _refused_lines(plan.refused, plan.reasons),
            "changes": seats + waiting,
            "hidden": carried_fields(request.POST),
            "action": reverse("workshops:register_people", kwargs={"workshop_id": workshop.pk}),
            "back_url": _roster_url(workshop),
        },
    )


def _people_done(request, result) -> None:
    seated, waiting, already = len(result.seated), len(result.waitlisted), len(result.already)
    messages.success(
        request,
        " ".join(
            [
                ngettext("%(count)s person got a seat.", "%(count)s people got a seat.", seated)
                % {"count": seated},
                ngettext(
                    "%(count)s person is on the waiting list.",
                    "%(count)s people are on the waiting list.",
                    waiting,
                )
                % {"count": waiting},
                ngettext(
                    "%(count)s person already had a place.",
                    "%(count)s people already had a place.",
                    already,
                )
                % {"count": already},
                _("The e-mails are on their way."),
            ]
        ),
    )
    if result.refused:
        messages.warning(
            request,
            _("Not registered: %(people)s")
            % {"people": " ".join(_refused_lines(result.refused, result.reasons))},
        )


def _people_url(target: Any, **kwargs: Any) -> str:
    return reverse("workshops:roster", kwargs={"workshop_id": kwargs["workshop_id"]})


@require(user_can_manage_programs)
@require_POST
@idempotency.form_view(url=_people_url)
def register_people(request: HttpRequest, workshop_id: int) -> HttpResponse:
    """Register the members of a program, or a list of people: a confirmation page says what
    will happen first; confirming registers them (once, however many times it is sent)."""
    workshop = selectors.access_managed_workshop(user=request.user, workshop_id=workshop_id)
    try:
        services.registrations_open(workshop)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(_roster_url(workshop))
    form = RegisterPeopleForm(request.POST, user=request.user, workshop=workshop)
    if not form.is_valid():
        context = _roster_context(request, workshop, people_form=form)
        return render(request, "workshops/roster.html", context)
    try:
        if not confirmed(request):
            plan = services.registrations_preview(workshop=workshop, employees=form.employees())
            return _people_confirmation(request, workshop, plan)
        result = services.registrations_add(
            actor=request.user,
            workshop_id=workshop.pk,
            employees=form.employees(),
            submission=idempotency.submission(request),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        _people_done(request, result)
    return redirect(_roster_url(workshop))


@require(user_can_manage_programs)
@require_POST
def registration_cancel(
    request: HttpRequest, workshop_id: int, registration_id: int
) -> HttpResponse:
    workshop = selectors.access_managed_workshop(user=request.user, workshop_id=workshop_id)
    registration = (
        Registration.objects.filter(workshop=workshop, pk=registration_id)
        .select_related("employee")
        .first()
    )
    if registration is None:
        raise Http404
    if not confirmed(request):
        return confirmation_page(
            request,
            Confirmation(
                title=_("Cancel this registration?"),
                subject=registration.employee.full_name,
                action=reverse(
                    "workshops:registration_cancel",
                    kwargs={"workshop_id": workshop.pk, "registration_id": registration.pk},
                ),
                confirm_label=_("Cancel the registration"),
                back_url=_roster_url(workshop),
                back_label=_("Back to the workshop"),
                happens=[
                    _(
                        "The person is told by e-mail; a seat freed goes to the first person "
                        "on the waiting list, who is told too."
                    )
                ],
                blocked=[_("This registration is already cancelled.")]
                if registration.status == RegistrationStatus.CANCELLED
                else [],
            ),
        )
    try:
        services.registration_cancel(actor=request.user, registration_id=registration.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The registration is cancelled."))
    return redirect(_roster_url(workshop))
