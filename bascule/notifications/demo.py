"""Demo data for the notification centre: the demo logins find the notifications the demo's
story would have brought them, some read, some not.

Each is written by its real e-mail function (emails.py), so its title is the e-mail's subject
in the recipient's language and its link goes where the e-mail's does; it is only recorded in
the app (services.notification_record), never sent: no e-mail leaves, no mail server is
reached. The demo's pilot members read the decision on their application and the announcement
of their partner long ago; the featured mentor and mentee have their next meeting's
invitation unread; the members of the paused pair are told of the pause; the program manager
and HR have a withdrawal to read (programs with managers tell them, the others HR).
"""

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.core.mail import EmailMessage
from django.db.models import Q
from django.test.utils import override_settings
from django.utils import timezone

from bascule.accounts.models import Role, User
from bascule.core.emails import Recipient, delivered_by
from bascule.core.notify import sender_of
from bascule.meetings.models import Meeting
from bascule.notifications.models import Notification
from bascule.notifications.services import notification_record
from bascule.notifications.tasks import message_key
from bascule.pairing.models import Pair, PairStatus
from bascule.programs.models import Application, ApplicationStatus, Program

# Nothing is sent: a function that opens a connection for a batch (the pairs' announcement)
# gets one that reaches no mail server.
NO_MAIL_SERVER = "django.core.mail.backends.dummy.EmailBackend"


class _InApp:
    """A delivery (bascule.core.emails.Delivery) recording each message in the app only, for
    the users `only` (ids), under the keys a job `job` would give them."""

    def __init__(self, name: str, job: str, only: set[int]):
        self.name, self.job, self.only = name, job, only
        self.ranks: Counter[int] = Counter()
        self.keys: list[str] = []

    def __call__(self, recipient: Recipient, message: EmailMessage, link: str) -> None:
        user_id = getattr(recipient, "pk", None)
        if user_id not in self.only:
            return
        self.ranks[user_id] += 1
        key = message_key(self.job, recipient, self.ranks[user_id])
        notification_record(
            recipient=recipient, kind=self.name, title=str(message.subject), link=link, key=key
        )
        self.keys.append(key)


def record(
    name: str,
    *,
    only: Iterable[int],
    at: dt.datetime,
    read: bool,
    **arguments: Any,
) -> int:
    """Record in the app, for the users `only`, what e-mail `name` with `arguments` tells
    them, dated `at` and read the next day (`read`) or unread; return how many."""
    job = "demo:" + json.dumps({"name": name, **arguments}, sort_keys=True, default=str)
    delivery = _InApp(name, job, set(only))
    with override_settings(EMAIL_BACKEND=NO_MAIL_SERVER), delivered_by(delivery):
        sender_of(name)(**arguments)
    read_at = at + dt.timedelta(days=1) if read else None
    return Notification.objects.filter(dedupe_key__in=delivery.keys).update(
        created_at=at, read_at=read_at
    )


def _logins(employee_ids: Iterable[int]) -> dict[int, int]:
    """{employee id: user id} of the employees with a login."""
    return dict(
        User.objects.filter(employee_id__in=list(employee_ids)).values_list("employee_id", "pk")
    )


def notify_demo(*, pilot: Program, featured: Iterable[int]) -> int:
    """Give the demo's logins their notifications (see the module's docstring); return how
    many. `featured`: the employee ids of the demo's mentor and mentee."""
    now = timezone.now()
    featured = set(featured)
    pairs = list(Pair.objects.filter(program=pilot, status=PairStatus.ACTIVE).order_by("pk"))
    members = _logins(e for pair in pairs for e in (pair.mentor_id, pair.mentee_id))
    count = 0
    published = min((pair.published_at for pair in pairs), default=now)
    decided = Application.objects.filter(
        program=pilot, status=ApplicationStatus.APPROVED, employee_id__in=featured
    ).values_list("pk", flat=True)
    count += record(
        "application_decision",
        only=members.values(),
        at=published - dt.timedelta(days=14),
        read=True,
        application_ids=list(decided),
    )
    count += record(
        "pair_announcement",
        only=members.values(),
        at=published,
        read=True,
        pair_ids=[pair.pk for pair in pairs],
    )
    count += _next_meetings(pairs, featured, members, now)
    for pair in (pair for pair in pairs if pair.paused_at is not None):
        count += record(
            "pair_paused", only=members.values(), at=pair.paused_at, read=False, pair_id=pair.pk
        )
    count += _withdrawals()
    return count


def _next_meetings(
    pairs: list[Pair], featured: set[int], members: dict[int, int], now: dt.datetime
) -> int:
    """The invitation to the next meeting of each featured pair, unread."""
    count = 0
    mine = [pair.pk for pair in pairs if featured & {pair.mentor_id, pair.mentee_id}]
    meetings = Meeting.objects.filter(pair_id__in=mine, starts_at__gt=now).order_by("starts_at")
    seen: set[int] = set()
    for meeting in meetings:
        if meeting.pair_id in seen:
            continue
        seen.add(meeting.pair_id)
        count += record(
            "meeting_invitation",
            only=members.values(),
            at=now - dt.timedelta(days=2),
            read=False,
            meeting_id=meeting.pk,
            kind="invitation",
            actor_id=meeting.organiser_id,
        )
    return count


def _withdrawals() -> int:
    """Each withdrawal from a program, unread, to whom it goes: its managers, or HR."""
    managers = User.objects.filter(
        Q(role__in=[Role.HR_ADMIN, Role.PROGRAM_MANAGER]) | Q(is_superuser=True)
    ).values_list("pk", flat=True)
    count = 0
    withdrawn = Application.objects.filter(status=ApplicationStatus.WITHDRAWN).order_by("pk")
    for application in withdrawn:
        count += record(
            "application_withdrawal",
            only=managers,
            at=application.withdrawn_at or timezone.now(),
            read=False,
            application_id=application.pk,
        )
    return count
