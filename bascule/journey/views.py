"""The pair's space: kickoff, goals, shared and private notes. Members only: anyone else,
HR included, gets a 404 (`access_pair_space`). An ended pair stays readable; writes need an
active pair."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bascule.core import idempotency
from bascule.core.confirm import Confirmation, carried_fields, confirmation_page, confirmed
from bascule.core.errors import ConflictError, DomainError, ValidationFailed
from bascule.core.forms import add_errors
from bascule.core.page_cache import cached_page
from bascule.journey import selectors, services
from bascule.journey.checkins import selectors as checkin_selectors
from bascule.journey.forms import (
    GoalForm,
    KickoffForm,
    MilestoneFormSet,
    NoteForm,
    goal_initial,
    milestones_initial,
)
from bascule.journey.gates import kickoff_blockers
from bascule.journey.models import Goal, GoalDirection, GoalStatus, MeetingFrequency
from bascule.journey.panels import KICKOFF, PAIR_SPACE, pair_space_panels
from bascule.pairing.models import Pair, PairStatus
from bascule.skills.selectors import group_by_category


def _space_url(pair: Pair, anchor: str = "") -> str:
    url = reverse("journey:pair_space", kwargs={"pair_id": pair.pk})
    return f"{url}#{anchor}" if anchor else url


def _created_url(anchor: str) -> Callable[..., str]:
    """Return where a create of the pair's space sent twice lands: the object it made."""

    def url(target: Any, pair_id: int) -> str:
        space = reverse("journey:pair_space", kwargs={"pair_id": pair_id})
        return f"{space}#{anchor}-{target.pk}" if target else space

    return url


def shared_note_form(data: Any = None) -> NoteForm:
    return NoteForm(data, prefix="shared", label=_("New shared note"))


def private_note_form(data: Any = None) -> NoteForm:
    return NoteForm(data, prefix="private", label=_("New private note"))


def _space_context(request: HttpRequest, pair: Pair, **forms: Any) -> dict[str, Any]:
    user = request.user
    goals = list(selectors.pair_goals(pair=pair))  # read once: the goals and the check-in's
    return {
        "pair": pair,
        "program": pair.program,
        "active": pair.status == PairStatus.ACTIVE,
        "partner": selectors.partner_of(pair=pair, user=user),
        "role": selectors.member_role(pair=pair, user=user),
        "kickoff": selectors.kickoff_state(pair=pair, user=user),
        "goal_groups": selectors.goal_groups(pair=pair, goals=goals),
        "shared_notes": list(selectors.shared_notes(pair=pair)),
        "private_notes": list(selectors.my_private_notes(user=user, pair=pair)),
        "shared_form": forms.get("shared_form") or shared_note_form(),
        "private_form": forms.get("private_form") or private_note_form(),
        "checkin": checkin_selectors.checkin_due(user=user, pair=pair, goals=goals),
        "panels": pair_space_panels(pair=pair, user=user, place=PAIR_SPACE),
    }


@cached_page
def pair_space(request: HttpRequest, pair_id: int) -> HttpResponse:
    """Return the pair's space: partner, program, charter, goals, notes."""
    pair = selectors.access_pair_space(user=request.user, pair_id=pair_id)
    return render(request, "journey/pair_space.html", _space_context(request, pair))


# --- Kickoff -----------------------------------------------------------------------------------


def _frequency_for(pair: Pair) -> str:
    weeks = pair.program.meeting_every_weeks or 2
    return {
        1: MeetingFrequency.WEEKLY,
        2: MeetingFrequency.FORTNIGHTLY,
        3: MeetingFrequency.THREE_WEEKS,
    }.get(weeks, MeetingFrequency.MONTHLY)


def kickoff(request: HttpRequest, pair_id: int) -> HttpResponse:
    """Return the charter and the member's agreements; on POST, record the confirmation."""
    active = request.method == "POST"
    pair = selectors.access_pair_space(user=request.user, pair_id=pair_id, active=active)
    state = selectors.kickoff_state(pair=pair, user=request.user)
    if request.method == "POST":
        form = KickoffForm(request.POST)
        if form.is_valid():
            try:
                result = services.kickoff_confirm(
                    actor=request.user, pair=pair, values=form.cleaned_data
                )
            except ValidationFailed as exc:
                add_errors(form, exc)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                if result.started_now:
                    messages.success(
                        request,
                        _("You have both confirmed the charter: your mentoring has started."),
                    )
                else:
                    messages.success(request, _("Thank you: your confirmation is recorded."))
                return redirect(_space_url(pair, "kickoff"))
    elif state.mine:
        form = KickoffForm(
            initial={
                "charter_accepted": True,
                "meeting_frequency": state.mine.meeting_frequency,
                "channel": state.mine.channel,
                "confidentiality": True,
            }
        )
    else:
        form = KickoffForm(initial={"meeting_frequency": _frequency_for(pair)})
    context = {
        "pair": pair,
        "program": pair.program,
        "partner": selectors.partner_of(pair=pair, user=request.user),
        "kickoff": state,
        "form": form,
        "active": pair.status == PairStatus.ACTIVE,
        "blockers": [] if state.mine else kickoff_blockers(pair=pair, employee=_employee(request)),
        "panels": pair_space_panels(pair=pair, user=request.user, place=KICKOFF),
    }
    return render(request, "journey/kickoff.html", context)


def _employee(request: HttpRequest) -> Any:
    return getattr(request.user, "employee", None) if request.user.employee_id else None


# --- Goals -------------------------------------------------------------------------------------


def _skill_groups(form: GoalForm, pair: Pair) -> list[dict[str, Any]]:
    """Return the skills to tick: first those named in the pair's two applications, then the
    others by category, with those ticked (or typed) marked. Each skill appears once."""
    if form.is_bound:
        selected = {str(value) for value in form.data.getlist(form.add_prefix("skills"))}
    else:
        selected = {str(getattr(s, "pk", s)) for s in form.initial.get("skills") or []}
    skills = list(form.fields["skills"].queryset.select_related("category"))
    skills.sort(
        key=lambda s: (
            s.category.position if s.category else 999,
            s.category.slug if s.category else "",
            s.label.casefold(),
        )
    )
    suggested_ids = selectors.application_skill_ids(pair=pair)

    def group(name: str, members: list[Any], *, suggested: bool = False) -> dict[str, Any]:
        rows = [{"skill": s, "checked": str(s.pk) in selected} for s in members]
        return {
            "name": name,
            "rows": rows,
            "selected": sum(row["checked"] for row in rows),
            "suggested": suggested,
        }

    groups = []
    suggested = [s for s in skills if s.pk in suggested_ids]
    if suggested:
        groups.append(group(_("Named in your two applications"), suggested, suggested=True))
    others = [s for s in skills if s.pk not in suggested_ids]
    for category_group in group_by_category(others):
        category = category_group.category
        groups.append(
            group(category.name if category else _("Other skills"), category_group.skills)
        )
    return groups


def _goal_page(
    request: HttpRequest,
    pair: Pair,
    form: GoalForm,
    formset: Any,
    goal: Goal | None = None,
    saved: Goal | None = None,
) -> HttpResponse:
    context = {
        "pair": pair,
        "program": pair.program,
        "partner": selectors.partner_of(pair=pair, user=request.user),
        "form": form,
        "formset": formset,
        "goal": goal,
        "saved": saved,
        "skill_groups": _skill_groups(form, pair),
    }
    return render(request, "journey/goal_form.html", context)


@idempotency.form_view(url=_created_url("goal"))
def goal_create(request: HttpRequest, pair_id: int) -> HttpResponse:
    """Return the form to propose a goal; on POST, create it and go back to the space."""
    pair = selectors.access_pair_space(user=request.user, pair_id=pair_id, active=True)
    if request.method == "POST":
        form = GoalForm(request.POST, pair=pair)
        formset = MilestoneFormSet(request.POST, prefix="milestones", pair=pair)
        form_valid = form.is_valid()
        target = form.cleaned_data.get("target_date") if hasattr(form, "cleaned_data") else None
        if formset.check(target) and form_valid:
            try:
                goal = services.goal_create(
                    actor=request.user,
                    pair=pair,
                    values=form.values(),
                    skill_ids=form.skill_ids(),
                    milestones=formset.rows(),
                    submission=idempotency.submission(request),
                )
            except ValidationFailed as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The goal is saved. Your partner sees it too."))
                return redirect(_space_url(pair, f"goal-{goal.pk}"))
    else:
        direction = request.GET.get("direction")
        if direction not in GoalDirection.values:
            is_mentor = selectors.member_role(pair=pair, user=request.user) == "mentor"
            direction = GoalDirection.GROWTH if is_mentor else GoalDirection.LEARNING
        form = GoalForm(
            pair=pair,
            initial={"direction": direction, "status": GoalStatus.NOT_STARTED, "progress": 0},
        )
        formset = MilestoneFormSet(prefix="milestones", pair=pair)
    return _goal_page(request, pair, form, formset)


def goal_edit(request: HttpRequest, pair_id: int, goal_id: int) -> HttpResponse:
    """Return the goal's form (active pairs only); on POST, save it unless the partner changed
    it meanwhile.

    On a conflict nothing is saved: the form keeps what the member typed, shows the goal as
    saved now, and carries the new version, so saving again knowingly replaces it.
    """
    pair = selectors.access_pair_space(user=request.user, pair_id=pair_id, active=True)
    goal = selectors.access_goal(pair=pair, goal_id=goal_id)
    saved = None
    if request.method == "POST":
        form = GoalForm(request.POST, pair=pair, goal=goal, initial=goal_initial(goal))
        formset = MilestoneFormSet(request.POST, prefix="milestones", pair=pair)
        form_valid = form.is_valid()
        target = form.cleaned_data.get("target_date") if hasattr(form, "cleaned_data") else None
        if formset.check(target) and form_valid:
            try:
                services.goal_update(
                    actor=request.user,
                    goal=goal,
                    version=form.cleaned_data.get("version"),
                    values=form.values(),
                    skill_ids=form.skill_ids(),
                    milestones=formset.rows(),
                )
            except ConflictError as exc:
                saved = selectors.access_goal(pair=pair, goal_id=goal.pk)
                form = _form_after_conflict(request, pair, saved, exc)
                formset = MilestoneFormSet(request.POST, prefix="milestones", pair=pair)
                formset.is_valid()
            except ValidationFailed as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The goal is saved. Your partner sees it too."))
                return redirect(_space_url(pair, f"goal-{goal.pk}"))
    else:
        form = GoalForm(pair=pair, goal=goal, initial=goal_initial(goal))
        formset = MilestoneFormSet(prefix="milestones", pair=pair, initial=milestones_initial(goal))
    return _goal_page(request, pair, form, formset, goal=goal, saved=saved)


def _form_after_conflict(
    request: HttpRequest, pair: Pair, saved: Goal, exc: ConflictError
) -> GoalForm:
    data = request.POST.copy()
    data["version"] = str(saved.version)
    form = GoalForm(data, pair=pair, goal=saved, initial=goal_initial(saved))
    form.is_valid()
    form.add_error(
        None,
        exc.message
        + " "
        + _(
            "What you typed is kept below, and the goal as it is saved now is shown above it. "
            "Saving again will replace the saved version with yours."
        ),
    )
    return form


def goal_delete(request: HttpRequest, pair_id: int, goal_id: int) -> HttpResponse:
    """Ask to confirm the goal's deletion; on POST, delete it unless it changed meanwhile."""
    pair = selectors.access_pair_space(user=request.user, pair_id=pair_id, active=True)
    goal = selectors.access_goal(pair=pair, goal_id=goal_id)
    error = ""
    if request.method == "POST":
        try:
            services.goal_delete(actor=request.user, goal=goal, version=request.POST.get("version"))
        except ConflictError as exc:
            error = exc.message
            goal = selectors.access_goal(pair=pair, goal_id=goal.pk)
        else:
            messages.success(request, _("The goal is deleted, for your partner too."))
            return redirect(_space_url(pair, "goals-title"))
    context = {
        "pair": pair,
        "goal": goal,
        "partner": selectors.partner_of(pair=pair, user=request.user),
        "error": error,
    }
    return render(request, "journey/goal_delete.html", context, status=409 if error else 200)


# --- Notes -------------------------------------------------------------------------------------


@require_POST
@idempotency.form_view(url=_created_url("shared-note"))
def shared_note_add(request: HttpRequest, pair_id: int) -> HttpResponse:
    """Add a note both members read; on an error, the space again with the text kept."""
    pair = selectors.access_pair_space(user=request.user, pair_id=pair_id, active=True)
    form = shared_note_form(request.POST)
    if form.is_valid():
        services.shared_note_add(
            actor=request.user,
            pair=pair,
            body=form.cleaned_data["body"],
            submission=idempotency.submission(request),
        )
        messages.success(request, _("The note is saved. Your partner sees it too."))
        return redirect(_space_url(pair, "shared-notes"))
    context = _space_context(request, pair, shared_form=form)
    return render(request, "journey/pair_space.html", context)


def shared_note_edit(request: HttpRequest, pair_id: int, note_id: int) -> HttpResponse:
    """Return the form to change one of the member's own shared notes; on POST, save it."""
    pair = selectors.access_pair_space(user=request.user, pair_id=pair_id, active=True)
    note = selectors.access_own_shared_note(user=request.user, pair=pair, note_id=note_id)
    error = ""
    if request.method == "POST":
        form = NoteForm(request.POST, label=_("Your note"))
        if form.is_valid():
            try:
                services.shared_note_update(
                    actor=request.user,
                    note=note,
                    body=form.cleaned_data["body"],
                    version=request.POST.get("version"),
                )
            except ConflictError as exc:
                error = exc.message
                note = selectors.access_own_shared_note(
                    user=request.user, pair=pair, note_id=note.pk
                )
            else:
                messages.success(request, _("The note is saved. Your partner sees it too."))
                return redirect(_space_url(pair, f"shared-note-{note.pk}"))
    else:
        form = NoteForm(initial={"body": note.body}, label=_("Your note"))
    context = {
        "pair": pair,
        "note": note,
        "form": form,
        "error": error,
        "partner": selectors.partner_of(pair=pair, user=request.user),
    }
    return render(request, "journey/shared_note_form.html", context)


@require_POST
def shared_note_delete(request: HttpRequest, pair_id: int, note_id: int) -> HttpResponse:
    """Delete one of the member's own shared notes."""
    pair = selectors.access_pair_space(user=request.user, pair_id=pair_id, active=True)
    note = selectors.access_own_shared_note(user=request.user, pair=pair, note_id=note_id)
    if not confirmed(request):
        partner = selectors.partner_of(pair=pair, user=request.user)
        return confirmation_page(
            request,
            Confirmation(
                title=_("Delete this shared note?"),
                subject=Truncator(note.body).chars(200),
                action=request.path,
                confirm_label=_("Yes, delete the note"),
                back_url=_space_url(pair, f"shared-note-{note.pk}"),
                back_label=_("Back to your mentoring"),
                happens=[
                    _("The note disappears for you and for %(name)s.")
                    % {"name": partner.first_name}
                ],
                afterwards=[_("This cannot be undone.")],
                hidden=carried_fields(request.POST, names=["version"]),
            ),
        )
    try:
        services.shared_note_delete(
            actor=request.user, note=note, version=request.POST.get("version")
        )
    except ConflictError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The note is deleted, for your partner too."))
    return redirect(_space_url(pair, "shared-notes"))


@require_POST
@idempotency.form_view(url=_created_url("private-note"))
def private_note_add(request: HttpRequest, pair_id: int) -> HttpResponse:
    """Add a note only the author reads; on an error, the space again with the text kept."""
    pair = selectors.access_pair_space(user=request.user, pair_id=pair_id, active=True)
    form = private_note_form(request.POST)
    if form.is_valid():
        services.private_note_add(
            actor=request.user,
            pair=pair,
            body=form.cleaned_data["body"],
            submission=idempotency.submission(request),
        )
        messages.success(request, _("Your private note is saved. Only you can read it."))
        return redirect(_space_url(pair, "private-notes"))
    context = _space_context(request, pair, private_form=form)
    return render(request, "journey/pair_space.html", context)


@require_POST
def private_note_delete(request: HttpRequest, pair_id: int, note_id: int) -> HttpResponse:
    """Delete one of the member's own private notes."""
    pair = selectors.access_pair_space(user=request.user, pair_id=pair_id)
    note = selectors.access_private_note(user=request.user, pair=pair, note_id=note_id)
    if not confirmed(request):
        return confirmation_page(
            request,
            Confirmation(
                title=_("Delete this private note?"),
                subject=Truncator(note.body).chars(200),
                action=request.path,
                confirm_label=_("Yes, delete the note"),
                back_url=_space_url(pair, "private-notes"),
                back_label=_("Back to your mentoring"),
                happens=[_("The note is deleted. Nobody else could read it.")],
                afterwards=[_("This cannot be undone.")],
            ),
        )
    services.private_note_delete(actor=request.user, note=note)
    messages.success(request, _("Your private note is deleted."))
    return redirect(_space_url(pair, "private-notes"))
