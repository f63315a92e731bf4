"""The demo's outbox: every e-mail Bascule sends is kept in the database instead of leaving the
machine, and shown under "Sent e-mails" (bascule/core/outbox_views.py), so that someone
trying Bascule reads the invitations and their calendar files without a mail server.

On only when the DEMO_OUTBOX setting is (the environment variable of the same name, which
`make demo` sets); then EMAIL_BACKEND is this module's OutboxEmailBackend. Off, the pages
answer 404, and `manage.py check --deploy` warns when it is on.

Who reads what: HR admins every message; anyone else the messages addressed to their own
login's e-mail address (to, cc or bcc). Someone else's message is a 404.
"""

import email
import email.policy
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from django.conf import settings
from django.core import checks
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404

from bascule.core.models import OutboxMessage, OutboxRecipient

BACKEND = "bascule.core.outbox.OutboxEmailBackend"


def enabled() -> bool:
    """Return whether the demo's outbox is on."""
    return bool(getattr(settings, "DEMO_OUTBOX", False))


class OutboxEmailBackend(BaseEmailBackend):
    """Keep each message in the outbox; nothing is sent."""

    def send_messages(self, email_messages) -> int:
        kept = 0
        for message in email_messages:
            addresses = sorted({a.strip().lower() for a in message.recipients() if a.strip()})
            if not addresses:
                continue
            with transaction.atomic():
                stored = OutboxMessage.objects.create(
                    from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
                    to=list(message.to),
                    cc=list(message.cc),
                    subject=str(message.subject),
                    raw=message.message().as_bytes(),
                )
                OutboxRecipient.objects.bulk_create(
                    OutboxRecipient(message=stored, address=address) for address in addresses
                )
            kept += 1
        return kept


def messages_visible_to(*, user: Any) -> QuerySet[OutboxMessage]:
    """Return the outbox messages `user` may read, newest first (none when it is off)."""
    messages = OutboxMessage.objects.order_by("-sent_at", "-id")
    if not enabled() or not user.is_authenticated or not user.is_active:
        return messages.none()
    if user.is_hr_admin:
        return messages
    return messages.filter(recipients__address=user.email.lower()).distinct()


def access_outbox_message(*, user: Any, message_id: int) -> OutboxMessage:
    """Return the message if `user` may read it; anything else (or the outbox off) is a 404."""
    message = messages_visible_to(user=user).filter(pk=message_id).first()
    if message is None:
        raise Http404
    return message


@dataclass
class Attachment:
    number: int  # from 1, as the download URL names it
    filename: str
    content_type: str
    content: bytes

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass
class Contents:
    """What a kept message holds, read back from its MIME form."""

    text: str
    html: str
    attachments: list[Attachment]


def contents(message: OutboxMessage) -> Contents:
    """Return the plain text and HTML bodies and the attachments of `message`."""
    parsed = email.message_from_bytes(bytes(message.raw), policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    text = parsed.get_body(preferencelist=("plain",))
    html = parsed.get_body(preferencelist=("html",))
    attachments = [
        Attachment(
            number=number,
            filename=part.get_filename() or f"attachment-{number}",
            content_type=part.get_content_type(),
            content=part.get_payload(decode=True) or b"",
        )
        for number, part in enumerate(parsed.iter_attachments(), start=1)
    ]
    return Contents(
        text=text.get_content() if text is not None else "",
        html=html.get_content() if html is not None else "",
        attachments=attachments,
    )


@checks.register(checks.Tags.security, deploy=True)
def check_outbox_off(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Warn when the demo's outbox is on: in production e-mails must leave."""
    if not enabled():
        return []
    return [
        checks.Warning(
            "DEMO_OUTBOX is on: e-mails are kept in the database and shown in the app "
            "instead of being sent.",
            hint="Unset DEMO_OUTBOX in production and configure the SMTP variables.",
            id="bascule.W001",
        )
    ]
