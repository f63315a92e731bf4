"""Every e-mail Bascule sends, one function each.

A function is named after its e-mail, loads what it needs from the ids it is given, chooses
the recipients and sends each one the templates `emails/<name>-subject.txt`, `-body.txt`
and `-body.html` through `bascule.core.emails.send_templated_email`, which renders them in
the recipient's language and time zone. The services decide when an e-mail goes, queueing a
job in their transaction (bascule/core/notify.py), so a change rolled back sends nothing;
the job hands each message to tasks.py, which sends it once.
See docs/architecture.md, "E-mails".
"""

import smtplib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import get_connection
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from bascule.accounts.models import Role, User
from bascule.certificates.models import Certificate
from bascule.core.emails import absolute_url, send_templated_email
from bascule.core.notify import sender
from bascule.meetings import ical
from bascule.meetings.models import Meeting
from bascule.meetings.selectors import partner_of
from bascule.pairing.explain import Explainer, explain
from bascule.pairing.models import MentorRequest, Pair, PairEndCause, RequestStatus
from bascule.pairing.selectors import hr_recipients, pair_users
from bascule.programs.models import Application, Invitation, ParticipantRole, Program
from bascule.recognition.badges.services import new_by_person
from bascule.recognition.models import BadgeAward, Kudos
from bascule.reminders.kinds import Due, ReminderKind
from bascule.training.models import Requirement
from bascule.training.requirements.gate import module_url
from bascule.training.requirements.selectors import due_date
from bascule.workshops import ical as workshop_ical
from bascule.workshops.models import Registration
from bascule.workshops.selectors import waitlist_position

# Pairs read at once when announcing them (SQLite takes at most 32,766 query parameters).
EMAIL_BATCH = 1000


def _active_user(employee_id: int) -> User | None:
    return User.objects.filter(is_active=True, employee_id=employee_id).first()


def _pair_members(pair: Pair) -> list[User]:
    return [user for user in pair_users(pair) if user is not None]


def _in_order(model: Any, ids: Sequence[int], *related: str) -> list[Any]:
    """The rows of `model` with these ids, in the order of `ids` (missing ones left out)."""
    rows = model.objects.select_related(*related).in_bulk(list(ids))
    return [rows[pk] for pk in ids if pk in rows]


# --- Accounts ----------------------------------------------------------------------------------


@sender("password_reset")
def password_reset(*, user_id: int) -> None:
    """Send a one-time link to choose a new password. The link's token is made here, when the
    e-mail leaves, so that the queue never holds one."""
    user = User.objects.get(pk=user_id)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    send_templated_email(
        to=user,
        name="password-reset",
        context={
            "reset_url": absolute_url(path),
            "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        },
    )


# --- Programs: invitations and applications ------------------------------------------------


@sender("program_invitation")
def program_invitation(invitation_ids: Sequence[int]) -> None:
    """Send each invitee their personal link, and a link to choose a password to those who
    have none yet."""
    for invitation in _in_order(Invitation, invitation_ids, "program"):
        user = User.objects.filter(employee_id=invitation.employee_id).first()
        if user is None:
            continue
        context: dict[str, Any] = {
            "program": invitation.program,
            "invitation": invitation,
            "invitation_url": absolute_url(
                reverse("programs:invitation_open", kwargs={"token": invitation.token})
            ),
            "password_url": "",
        }
        if not user.has_usable_password():
            path = reverse(
                "accounts:password_reset_confirm",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": default_token_generator.make_token(user),
                },
            )
            context["password_url"] = absolute_url(path)
        send_templated_email(to=user, name="program-invitation", context=context)


@sender("application_decision")
def application_decision(application_ids: Sequence[int]) -> None:
    """Tell each applicant (with an active account) the decision on their application."""
    for application in _in_order(Application, application_ids, "program"):
        user = _active_user(application.employee_id)
        if user is None:
            continue
        send_templated_email(
            to=user,
            name="program-decision",
            context={
                "program": application.program,
                "application": application,
                "application_url": absolute_url(reverse("programs:my_applications")),
            },
        )


def _withdrawal_recipients(program: Program) -> list[User]:
    managers = list(program.managers.filter(is_active=True))
    if managers:
        return managers
    return list(
        User.objects.filter(is_active=True).filter(Q(role=Role.HR_ADMIN) | Q(is_superuser=True))
    )


@sender("application_withdrawal")
def application_withdrawal(application_id: int) -> None:
    """Tell the program's managers (HR admins when it has none) that an applicant withdrew,
    with their reason."""
    application = Application.objects.select_related("program", "employee").get(pk=application_id)
    review_url = absolute_url(
        reverse("programs:application_review", kwargs={"program_id": application.program_id})
    )
    for recipient in _withdrawal_recipients(application.program):
        send_templated_email(
            to=recipient,
            name="program-withdrawal",
            context={
                "program": application.program,
                "application": application,
                "review_url": review_url,
            },
        )


# --- Pairing -----------------------------------------------------------------------------------


@sender("pair_announcement")
def pair_announcement(pair_ids: Sequence[int]) -> None:
    """Tell both members of each pair their partner's name and why they were paired: through
    one SMTP connection, the pairs read by batches (a large program has tens of thousands)."""
    home = absolute_url(reverse("home:home"))
    pair_ids = list(pair_ids)
    with _shared_connection() as connection:
        for start in range(0, len(pair_ids), EMAIL_BATCH):
            _announce(pair_ids[start : start + EMAIL_BATCH], home, connection)


@contextmanager
def _shared_connection() -> Iterator[Any]:
    """Yield one connection to the mail server for many messages. When the server cannot be
    reached, each message tries again and its failure is recorded (and retried later) like
    any other: the job goes on, it does not stop at the first message."""
    connection = get_connection()
    with suppress(smtplib.SMTPException, OSError):
        connection.open()
    try:
        yield connection
    finally:
        connection.close()


def _announce(pair_ids: list[int], home: str, connection: Any) -> None:
    pairs = list(
        Pair.objects.filter(pk__in=pair_ids).select_related(
            "program", "mentor", "mentee", "mentor__department", "mentee__department"
        )
    )
    explainers: dict[str, Explainer] = {}  # per language: one query for the skills' labels
    users = {
        u.employee_id: u
        for u in User.objects.filter(
            is_active=True,
            employee_id__in=[e for p in pairs for e in (p.mentor_id, p.mentee_id)],
        )
    }
    for pair in pairs:
        for me, partner, role in (
            (pair.mentor, pair.mentee, ParticipantRole.MENTOR),
            (pair.mentee, pair.mentor, ParticipantRole.MENTEE),
        ):
            user = users.get(me.pk)
            if user is None:
                continue
            if user.language not in explainers:
                explainers[user.language] = Explainer([p.reasons for p in pairs], user.language)
            explainer = explainers[user.language]
            send_templated_email(
                to=user,
                name="pair-announcement",
                context={
                    "program": pair.program,
                    "partner": partner,
                    "partner_department": partner.department.name if partner.department else "",
                    "is_mentor": role == ParticipantRole.MENTOR,
                    "explanation": explainer.sentence(
                        pair.reasons, mentor=pair.mentor.first_name, mentee=pair.mentee.first_name
                    ),
                    "home_url": home,
                },
                connection=connection,
            )


def _mentor_request(request_id: int) -> MentorRequest:
    return MentorRequest.objects.select_related(
        "program", "mentee_application__employee", "mentor_application__employee"
    ).get(pk=request_id)


@sender("mentor_request")
def mentor_request(request_id: int) -> None:
    """Tell a mentor that a mentee asks them to be their mentor, and why they would fit."""
    request = _mentor_request(request_id)
    user = _active_user(request.mentor_application.employee_id)
    if user is None:
        return
    mentee = request.mentee_application.employee
    mentor = request.mentor_application.employee
    send_templated_email(
        to=user,
        name="mentor-request",
        context={
            "program": request.program,
            "mentee": mentee,
            "message": request.message,
            "explanation": explain(
                request.reasons, user.language, mentor=mentor.first_name, mentee=mentee.first_name
            ),
            "requests_url": absolute_url(reverse("pairing:mentor_requests")),
        },
    )


@sender("mentor_request_answer")
def mentor_request_answer(request_id: int) -> None:
    """Tell the mentee the mentor's answer to their request."""
    request = _mentor_request(request_id)
    user = _active_user(request.mentee_application.employee_id)
    if user is None:
        return
    send_templated_email(
        to=user,
        name="mentor-request-answer",
        context={
            "program": request.program,
            "mentor": request.mentor_application.employee,
            "accepted": request.status == RequestStatus.ACCEPTED,
            "answer": request.answer,
            "choose_url": absolute_url(
                reverse("pairing:choose_mentor", kwargs={"program_id": request.program_id})
            ),
        },
    )


@sender("pair_ended")
def pair_ended(pair_id: int, *, skip: int | None = None) -> None:
    """Tell the members of an ended pair (but `skip`, an employee id: the one who withdrew)."""
    pair = Pair.objects.select_related("program", "mentor", "mentee").get(pk=pair_id)
    users = {
        u.employee_id: u
        for u in User.objects.filter(
            is_active=True, employee_id__in=[pair.mentor_id, pair.mentee_id]
        )
    }
    for me, partner in ((pair.mentor, pair.mentee), (pair.mentee, pair.mentor)):
        user = users.get(me.pk)
        if user is None or me.pk == skip:
            continue
        send_templated_email(
            to=user,
            name="pair-ended",
            context={
                "program": pair.program,
                "partner": partner,
                "withdrawal": pair.end_cause == PairEndCause.WITHDRAWAL,
                "reason": pair.end_reason if pair.end_cause == PairEndCause.HR else "",
                "home_url": absolute_url(reverse("home:home")),
                # The evaluations app opens a closing survey to a pair ended early.
                "closing_survey": timezone.localdate(pair.ended_at) < pair.program.ends_on,
            },
        )


@sender("pair_ended_hr")
def pair_ended_hr(pair_id: int) -> None:
    """Tell HR and the program's managers that a pair ended (a member withdrew), with a link
    to rematch."""
    pair = Pair.objects.select_related("program", "mentor", "mentee").get(pk=pair_id)
    rematch_url = absolute_url(reverse("pairing:rematch", kwargs={"program_id": pair.program_id}))
    for user in hr_recipients(pair.program):
        send_templated_email(
            to=user,
            name="pair-ended-hr",
            context={"program": pair.program, "pair": pair, "rematch_url": rematch_url},
        )


# --- A pair's journey: HR's nudge, pause and resume ----------------------------------------------


def _space_url(pair_id: int) -> str:
    return absolute_url(reverse("journey:pair_space", kwargs={"pair_id": pair_id}))


@sender("pair_nudge")
def pair_nudge(
    *, pair_id: int, recipient_ids: Iterable[int], message: str, sender_id: int | None
) -> None:
    """Send HR's message to the chosen members of a pair, with a link to their pair's page
    and, when known, the sender's address to answer."""
    pair = Pair.objects.select_related("program").get(pk=pair_id)
    sender = User.objects.filter(pk=sender_id).first() if sender_id is not None else None
    for user in _in_order(User, list(recipient_ids)):
        send_templated_email(
            to=user,
            name="pair-nudge",
            context={
                "program": pair.program,
                "message": message,
                "sender": sender,
                "space_url": _space_url(pair_id),
            },
        )


def _tell_members(pair_id: int, name: str) -> None:
    pair = Pair.objects.select_related("program", "mentor", "mentee").get(pk=pair_id)
    url = _space_url(pair_id)
    for user in _pair_members(pair):
        send_templated_email(
            to=user,
            name=name,
            context={"program": pair.program, "partner": partner_of(pair, user), "space_url": url},
        )


@sender("pair_paused")
def pair_paused(pair_id: int) -> None:
    """Tell both members that HR paused their pair."""
    _tell_members(pair_id, "pair-paused")


@sender("pair_resumed")
def pair_resumed(pair_id: int) -> None:
    """Tell both members that their pair resumed."""
    _tell_members(pair_id, "pair-resumed")


# --- Meetings ----------------------------------------------------------------------------------


def calendar_mimetype(method: str) -> str:
    """The calendar file's MIME type, `text/calendar; method=…`: with the method parameter
    Outlook, Google Calendar and Apple Calendar read the file as an invitation."""
    return f"text/calendar; method={method}"


@sender("meeting_invitation")
def meeting_invitation(meeting_id: int, kind: str, actor_id: int | None = None) -> None:
    """Send both members the meeting's invitation (`kind`: invitation, update or
    cancellation) with its calendar file, each in their own language and time zone.

    The e-mail names the person `actor_id` as the one who scheduled, changed or cancelled the
    meeting (not the organiser: either member may change it); without a known person (the
    organiser's account deleted, a command) it says what happened without a name.
    """
    meeting = (
        Meeting.objects.select_related(
            "pair", "pair__program", "pair__mentor", "pair__mentee", "organiser"
        )
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        return
    changed_by = User.objects.filter(pk=actor_id).first() if actor_id is not None else None
    cancelled = kind == "cancellation"
    members = list(pair_users(meeting.pair))
    url = absolute_url(reverse("meetings:detail", kwargs={"meeting_id": meeting.pk}))
    method = "CANCEL" if cancelled else "REQUEST"
    for user in members:
        if user is None:
            continue
        with translation.override(user.language):
            content = ical.invitation(meeting, members=members, cancelled=cancelled)
        send_templated_email(
            to=user,
            name="meeting-invitation",
            context={
                "meeting": meeting,
                "kind": kind,
                "partner": partner_of(meeting.pair, user),
                "organiser": meeting.organiser,
                "changed_by": changed_by,
                "program": meeting.pair.program,
                "meeting_url": url,
            },
            attachments=[("invite.ics", content, calendar_mimetype(method))],
        )


# --- Workshops ---------------------------------------------------------------------------------


@sender("workshop_invitation")
def workshop_invitation(registration_ids: Sequence[int], kind: str) -> None:
    """Tell each person of `registration_ids` about their place at a workshop (`kind`:
    invitation, waitlisted, promotion, update or cancellation), in their own language and time
    zone; a seat (or its end) comes with its calendar file (METHOD:REQUEST or CANCEL), a place
    on the waiting list without one."""
    for registration in _in_order(Registration, registration_ids, "workshop", "employee"):
        user = _active_user(registration.employee_id)
        if user is None:
            continue
        workshop = registration.workshop
        attachments = []
        method = None
        if kind != "waitlisted":
            with translation.override(user.language):
                content, method = workshop_ical.invitation(registration, user=user)
            attachments.append(("invite.ics", content, calendar_mimetype(method)))
        url = absolute_url(reverse("workshops:detail", kwargs={"workshop_id": workshop.pk}))
        send_templated_email(
            to=user,
            name="workshop-invitation",
            context={
                "workshop": workshop,
                "kind": kind,
                "method": method,
                "has_calendar": bool(attachments),
                "position": waitlist_position(registration),
                "workshop_url": url,
            },
            attachments=attachments,
        )


# --- Recognition -------------------------------------------------------------------------------


@sender("kudos_received")
def kudos_received(kudos_ids: Sequence[int]) -> None:
    """Tell each recipient of `kudos_ids` that they were thanked, with the message, in their
    own language, and where to choose whether it shows on a wall."""
    url = absolute_url(reverse("recognition:mine"))
    for kudos in _in_order(Kudos, kudos_ids, "program", "sender__employee", "skill"):
        user = _active_user(kudos.recipient_id)
        if user is None:
            continue
        send_templated_email(
            to=user,
            name="kudos-received",
            context={"kudos": kudos, "program": kudos.program, "recognition_url": url},
        )


@sender("kudos_hidden")
def kudos_hidden(kudos_id: int) -> None:
    """Tell the recipient that HR hid a kudos they received from the walls, and why."""
    kudos = Kudos.objects.select_related("program").filter(pk=kudos_id).first()
    user = _active_user(kudos.recipient_id) if kudos is not None else None
    if user is None:
        return
    send_templated_email(
        to=user,
        name="kudos-hidden",
        context={
            "kudos": kudos,
            "program": kudos.program,
            "recognition_url": absolute_url(reverse("recognition:mine")),
        },
    )


# --- Certificates ------------------------------------------------------------------------------


@sender("certificate_issued")
def certificate_issued(certificate_ids: Sequence[int]) -> None:
    """Tell each holder of `certificate_ids` that their certificate is ready, in their own
    language, with the link to their certificates."""
    url = absolute_url(reverse("certificates:mine"))
    for certificate in _in_order(Certificate, certificate_ids):
        user = _active_user(certificate.holder_id)
        if user is None:
            continue
        send_templated_email(
            to=user,
            name="certificate-issued",
            context={"certificate": certificate, "certificates_url": url},
        )


@sender("certificate_revoked")
def certificate_revoked(certificate_id: int) -> None:
    """Tell the holder that their certificate was revoked, and why."""
    certificate = Certificate.objects.filter(pk=certificate_id).first()
    user = _active_user(certificate.holder_id) if certificate else None
    if user is None:
        return
    send_templated_email(
        to=user,
        name="certificate-revoked",
        context={
            "certificate": certificate,
            "certificates_url": absolute_url(reverse("certificates:mine")),
        },
    )


# --- Badges ------------------------------------------------------------------------------------


@sender("badge_awarded")
def badge_awarded(award_ids: Sequence[int]) -> None:
    """Tell each holder of `award_ids` of their new badges: one message per person, however
    many badges one run awarded them, in their language."""
    url = absolute_url(reverse("recognition:mine"))
    for employee_id, awards in new_by_person(list(award_ids)).items():
        user = _active_user(employee_id)
        if user is None:
            continue
        send_templated_email(
            to=user, name="badge-awarded", context={"awards": awards, "recognition_url": url}
        )


@sender("badge_revoked")
def badge_revoked(award_id: int) -> None:
    """Tell the holder that HR revoked one of their badges, and why."""
    award = BadgeAward.objects.select_related("badge", "program").filter(pk=award_id).first()
    user = _active_user(award.employee_id) if award is not None else None
    if user is None:
        return
    send_templated_email(
        to=user,
        name="badge-revoked",
        context={"award": award, "recognition_url": absolute_url(reverse("recognition:mine"))},
    )


# --- Training ----------------------------------------------------------------------------------


@sender("training_overdue")
def training_overdue(*, requirement_id: int, employee_id: int, sender_id: int | None) -> None:
    """HR's reminder to one person late for a module their program requires, with a link to
    the module and, when known, the sender's address to answer."""
    requirement = (
        Requirement.objects.select_related("program", "module__published")
        .filter(pk=requirement_id)
        .first()
    )
    user = _active_user(employee_id)
    if requirement is None or user is None:
        return
    sender = User.objects.filter(pk=sender_id).first() if sender_id is not None else None
    paired_at = (
        Pair.objects.filter(
            Q(mentor_id=employee_id) if requirement.role == "mentor" else Q(mentee_id=employee_id),
            program_id=requirement.program_id,
        )
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    send_templated_email(
        to=user,
        name="training-overdue",
        context={
            "program": requirement.program,
            "module": requirement.module,
            "due_on": due_date(requirement, paired_at),
            "module_url": absolute_url(module_url(requirement.module.slug)),
            "sender": sender,
        },
    )


# --- Reminders ---------------------------------------------------------------------------------


@sender("reminder")
def reminder(kind: ReminderKind, due: Due) -> None:
    """Send one reminder the registry found due (`due.template` names the e-mail), with a link
    to choose one's reminders."""
    context = {
        **due.context,
        "kind": kind,
        "preferences_url": absolute_url(reverse("reminders:preferences")),
    }
    send_templated_email(to=due.recipient, name=due.template, context=context)


# --- Insights ----------------------------------------------------------------------------------


@sender("executive_report")
def executive_report(*, user_id: int) -> None:
    """Send a sponsor the executive report of every program (the dashboards' default period,
    the last 12 months) as a PDF in their language, with the link to the dashboards."""
    from bascule.insights import report
    from bascule.insights.filters import read_filters

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.is_sponsor:
        return
    scope = read_filters(user=user, data={}).scope
    language = user.language if user.language in report.LANGUAGES else report.LANGUAGES[0]
    send_templated_email(
        to=user,
        name="executive-report",
        context={
            "period_end": scope.end,
            "insights_url": absolute_url(reverse("insights:dashboard")),
        },
        attachments=[
            (
                report.filename(scope, language),
                # Rendered once per language for all the sponsors (their scope is the same).
                report.shared_pdf(scope, language),
                "application/pdf",
            )
        ],
    )
