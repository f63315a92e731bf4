"""Every page of the app as URLs on the demo data, for the browser tests that visit them all.

The URL resolver lists the routes; each URL argument is filled with a demo object the login
can reach when there is one (their own pair, meeting, application…), any demo object
otherwise (the page then answers 403 or 404, which must fit the screen too), and a number
that matches nothing when the demo has no such object. Routes whose path has a program are
visited for each demo program, since each program shows a different stage of its life.
"""

import uuid
from typing import Any

from django.db.models import Q
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from bascule.accounts.models import ApiToken, User
from bascule.certificates.models import Certificate, IssueRun
from bascule.core.models import OutboxMessage
from bascule.credentials.models import Credential, SigningKey
from bascule.evaluations.models import Question, Survey
from bascule.journey.models import Goal, PrivateNote, SharedNote
from bascule.meetings.models import Meeting
from bascule.notifications.models import Notification, OutboundEmail
from bascule.pairing.models import MatchRun, MentorRequest, Pair, PairRule, Proposal
from bascule.people.models import Employee, EmployeeImport
from bascule.programs.models import Application, Program
from bascule.recognition.models import Badge, BadgeAward, Kudos
from bascule.skills.models import Skill
from bascule.training.models import Module, Progress, Requirement
from bascule.workshops.models import Registration, Workshop

# The API's operations answer JSON (their docs page is checked by its own tests); the admin
# is Django's; the language switch, logging out, the calendar feed and the audit log's export
# are not pages.
SKIPPED_NAMESPACES = ("admin", "api")
SKIPPED_ROUTES = {
    "set_language",
    "accounts:logout",
    "meetings:feed",
    "core:audit_export",
    # Files to download, not pages.
    "outbox:attachment",
    "training_hr:report_export",
    "core:audit_export_xlsx",
    "certificates:issued_export",
    "journey:health_program_export",
    "programs:application_export",
    "evaluations:survey_results_export",
    "training_hr:xapi_export",
    "training_hr:library_download",
    "training_hr:module_download",
    "certificates:download",
    "recognition:badge_image",
    "credentials:certificate",
    "insights:report",
    "insights:tables",
    "credentials:badge",
    # The issuer's public documents answer JSON (or a signed token), not pages.
    "ob:issuer",
    "ob:keys",
    "ob:key",
    "ob:status",
    "ob:badge_achievement",
    "ob:program_achievement",
}
NOTHING = 999_999


def route_names() -> list[tuple[str, list[str]]]:
    """Return (route name, its URL argument names) for every page route."""
    found: list[tuple[str, list[str]]] = []

    def walk(patterns: list, namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                if namespace and namespace.startswith(SKIPPED_NAMESPACES):
                    continue
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                if name not in SKIPPED_ROUTES:
                    found.append((name, list(pattern.pattern.converters)))

    walk(get_resolver().url_patterns, None)
    return found


def _first_pk(queryset: Any) -> int:
    return queryset.order_by("pk").values_list("pk", flat=True).first() or NOTHING


def demo_arguments(user: User) -> dict[str, Any]:
    """Return, for each URL argument name, how to pick its value for `user` on the demo."""
    employee = user.employee_id
    own_pair = Q(mentor_id=employee) | Q(mentee_id=employee)
    pair_id = _first_pk(Pair.objects.filter(own_pair)) if employee else NOTHING
    if pair_id == NOTHING:
        pair_id = _first_pk(Pair.objects.all())
    own_application = Application.objects.filter(employee_id=employee) if employee else None
    application_id = _first_pk(own_application) if own_application is not None else NOTHING
    if application_id == NOTHING:
        application_id = _first_pk(Application.objects.filter(status="submitted"))
    workshop_id = _first_pk(Workshop.objects.order_by("starts_at"))
    survey_id = _first_pk(Survey.objects.filter(program__pairs__pk=pair_id).distinct())
    values: dict[str, Any] = {
        "pair_id": pair_id,
        "employee_id": employee or _first_pk(Employee.objects.all()),
        "application_id": application_id,
        "meeting_id": _first_pk(Meeting.objects.filter(pair_id=pair_id)),
        "goal_id": _first_pk(Goal.objects.filter(pair_id=pair_id)),
        "note_id": _first_pk(SharedNote.objects.filter(pair_id=pair_id))
        if SharedNote.objects.filter(pair_id=pair_id).exists()
        else _first_pk(PrivateNote.objects.filter(pair_id=pair_id)),
        "survey_id": survey_id,
        "question_id": _first_pk(Question.objects.filter(survey_id=survey_id)),
        "skill_id": _first_pk(Skill.objects.all()),
        "import_id": _first_pk(EmployeeImport.objects.all()),
        "token_id": _first_pk(ApiToken.objects.filter(user=user)),
        "request_id": _first_pk(MentorRequest.objects.all()),
        "run_id": _first_pk(MatchRun.objects.all()),
        "proposal_id": _first_pk(Proposal.objects.all()),
        "rule_id": _first_pk(PairRule.objects.all()),
        "token": "not-a-token",
        "uidb64": "MQ",
        "user_id": user.pk,
        "message_id": _first_pk(OutboxMessage.objects.all()),
        "delivery_id": _first_pk(OutboundEmail.objects.all()),
        "notification_id": _first_pk(Notification.objects.filter(recipient=user)),
        "number": 1,
        "section": "overview",
        "workshop_id": workshop_id,
        "registration_id": _first_pk(Registration.objects.filter(workshop_id=workshop_id)),
        "requirement_id": _first_pk(Requirement.objects.all()),
        # A kudos the login received (to show on the wall), else any (HR's moderation).
        "kudos_id": _first_pk(Kudos.objects.filter(recipient_id=employee))
        if employee and Kudos.objects.filter(recipient_id=employee).exists()
        else _first_pk(Kudos.objects.all()),
        # The login's own certificate, else any (the HR pages find theirs by program).
        "certificate_id": _first_pk(Certificate.objects.filter(holder_id=employee))
        if employee and Certificate.objects.filter(holder_id=employee).exists()
        else _first_pk(Certificate.objects.all()),
        "issue_run_id": _first_pk(IssueRun.objects.all()),
        "code": Certificate.objects.order_by("pk").values_list("code", flat=True).first()
        or "AAAAAAAAAAAAAAAAAAAA",
        # A badge the login holds (else any), and an award (HR revokes it).
        "badge": BadgeAward.objects.filter(employee_id=employee)
        .values_list("badge__slug", flat=True)
        .first()
        or Badge.objects.values_list("slug", flat=True).first()
        or "first-meeting",
        "award_id": _first_pk(BadgeAward.objects.filter(revoked_at__isnull=True)),
        "fmt": "csv",
        # Open Badges: the signing key, a credential of the login (else any), a role.
        "kid": SigningKey.objects.values_list("kid", flat=True).first() or "no-key",
        "credential_uuid": Credential.objects.filter(holder_id=employee)
        .values_list("uuid", flat=True)
        .first()
        or Credential.objects.values_list("uuid", flat=True).first()
        or uuid.UUID(int=0),
        "role": "mentor",
        "language": user.language or "fr",  # a module's text HR edits or previews
        # A module the login finished with its quiz (attempt 1 exists; a workshop attended
        # completes its modules without one), else any published one.
        "slug": (
            Progress.objects.filter(
                employee_id=employee, completed_at__isnull=False, attempts__gt=0
            )
            .order_by("module__position")
            .values_list("module__slug", flat=True)
            .first()
            or Module.objects.order_by("position").values_list("slug", flat=True).first()
            or "no-module"
        ),
    }
    return values


def demo_page_urls(user: User) -> list[tuple[str, str]]:
    """Return (route name, URL) for every page route on the demo data, as `user` would reach
    them."""
    arguments = demo_arguments(user)
    program_ids = list(Program.objects.order_by("pk").values_list("pk", flat=True))
    urls: list[tuple[str, str]] = []
    for name, argument_names in route_names():
        kwargs = {arg: arguments[arg] for arg in argument_names if arg != "program_id"}
        if "program_id" in argument_names:
            urls += [
                (name, reverse(name, kwargs={**kwargs, "program_id": pk})) for pk in program_ids
            ]
        else:
            urls.append((name, reverse(name, kwargs=kwargs)))
    return urls
