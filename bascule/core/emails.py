"""The generic e-mail sender: render an e-mail's templates for one recipient and send it.

Each e-mail `<name>` has three templates, `emails/<name>-subject.txt`, `-body.txt` and
`-body.html` (which extends `emails/base.html`), rendered in the recipient's language and time
zone (not the sender's: a French HR admin's action may notify an English-speaking mentor).
Which e-mails exist, to whom and with what: `bascule/notifications/emails.py`.
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation


class Recipient(Protocol):
    """Whom an e-mail goes to: a user of the accounts app."""

    email: str
    language: str
    zoneinfo: Any


# (file name, content, MIME type), as EmailMessage.attach takes them.
Attachment = tuple[str, bytes | str, str]


# While a background job delivers (bascule/notifications/tasks.py), each rendered message is
# handed to the job's delivery, with the link to what it is about (for the notification shown
# in the app), which sends it at most once per recipient, instead of sent here.
Delivery = Callable[[Recipient, EmailMultiAlternatives, str], None]

# Links of an e-mail that are not what it is about: the main link is the first other `*_url`.
SECONDARY_LINKS = frozenset({"password_url", "preferences_url", "site_url"})
_delivery: ContextVar[Delivery | None] = ContextVar("delivery", default=None)


def in_delivery() -> bool:
    """Whether the current code runs inside a job's delivery (`delivered_by`)."""
    return _delivery.get() is not None


@contextmanager
def delivered_by(delivery: Delivery) -> Iterator[None]:
    """Within this block, `send_templated_email` hands each message to `delivery`."""
    token = _delivery.set(delivery)
    try:
        yield
    finally:
        _delivery.reset(token)


def absolute_url(path: str) -> str:
    """Return `path` as an absolute URL on the configured site.

    Links in e-mails use SITE_URL rather than the request's Host header, which a client
    controls, and so that e-mails sent from commands (with no request) link correctly too.
    """
    return settings.SITE_URL.rstrip("/") + path


def main_link(context: dict[str, Any]) -> str:
    """The link to what an e-mail is about: the first non-empty `*_url` of its context that is
    not a secondary one (a password link, the reminders' preferences), or ""."""
    for key, value in context.items():
        if key.endswith("_url") and key not in SECONDARY_LINKS and value:
            return str(value)
    return ""


def send_templated_email(
    *,
    to: Recipient,
    name: str,
    context: dict[str, Any],
    attachments: Iterable[Attachment] = (),
    connection: Any = None,
    link: str | None = None,
) -> None:
    """Render the e-mail `name` in the language of `to` and send it to them (through
    `connection` when given: one SMTP connection for a whole batch of messages). `link` is
    what the message is about, for the notification shown in the app (by default the
    context's main link, `main_link`)."""
    full_context = {"recipient": to, "site_url": settings.SITE_URL, **context}
    with translation.override(to.language), timezone.override(to.zoneinfo):
        subject = render_to_string(f"emails/{name}-subject.txt", full_context)
        text_body = render_to_string(f"emails/{name}-body.txt", full_context)
        html_body = render_to_string(f"emails/{name}-body.html", full_context)
    # A header cannot hold a newline; templates end with one.
    subject = " ".join(subject.split())
    message = EmailMultiAlternatives(
        subject=subject, body=text_body, to=[to.email], connection=connection
    )
    message.attach_alternative(html_body, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    delivery = _delivery.get()
    if delivery is None:
        message.send()
    else:
        delivery(to, message, main_link(context) if link is None else link)
