"""E-mails are sent from one module, and every HTML e-mail has the same layout.

- Only `bascule/notifications/` (which knows every e-mail the product sends) and the generic
  sender `bascule/core/emails.py` may send mail: the test reads every .py file under bascule/
  and config/ (not tests, not migrations) and fails, listing file:line, for each call of
  `send_templated_email`, Django's `send_mail`, `EmailMessage`… anywhere else. A service
  decides when to send and names the e-mail with `bascule.core.notify.notify("…", …)`.
- Every `templates/emails/*-body.html` extends `emails/base.html` (the one place for the
  inline styles, the greeting and the signature), has its `-body.txt` and `-subject.txt`,
  and leaves the button's styles to `emails/button.html`.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
TEMPLATES = ROOT / "templates" / "emails"
SENDERS = {
    "send_templated_email",
    "send_mail",
    "send_mass_mail",
    "mail_admins",
    "mail_managers",
    "EmailMessage",
    "EmailMultiAlternatives",
}
MAIL_MODULES = {"django.core.mail", "django.core.mail.message", "bascule.core.emails"}
ALLOWED = {Path("bascule/core/emails.py")}
EXTENDS = re.compile(r'^\{% extends "emails/base\.html" %\}')


def _source_files() -> list[Path]:
    return [
        path
        for folder in ("bascule", "config")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if not {"tests", "migrations"} & set(path.relative_to(ROOT).parts)
        and path.relative_to(ROOT) not in ALLOWED
        and path.relative_to(ROOT).parts[:2] != ("bascule", "notifications")
    ]


def _called_name(call: ast.Call) -> str:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return ""


def _sendings(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and _called_name(node) in SENDERS:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} calls {_called_name(node)}")
        elif isinstance(node, ast.ImportFrom) and node.module in MAIL_MODULES:
            for alias in node.names:
                if alias.name in SENDERS:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {alias.name}")
    return found


def test_it_reads_the_sources():
    files = {path.relative_to(ROOT) for path in _source_files()}
    assert Path("bascule/pairing/services.py") in files
    assert Path("bascule/core/emails.py") not in files
    assert Path("bascule/notifications/emails.py") not in files
    assert _sendings(ROOT / "bascule" / "core" / "emails.py")  # the check sees a sender


def test_only_the_notifications_module_sends_emails():
    found = sorted(line for path in _source_files() for line in _sendings(path))
    assert not found, (
        "Send e-mails through a function of bascule/notifications/emails.py (one per e-mail, "
        "called from the service with transaction.on_commit), not from here:\n" + "\n".join(found)
    )


def _bodies() -> list[Path]:
    return sorted(TEMPLATES.glob("*-body.html"))


def test_every_html_email_extends_the_base_layout():
    assert len(_bodies()) > 10
    alone = [path.name for path in _bodies() if not EXTENDS.match(path.read_text())]
    assert not alone, f"These e-mails do not start with {{% extends 'emails/base.html' %}}: {alone}"


def test_every_email_has_its_three_templates():
    missing = [
        f"{path.name[: -len('-body.html')]}-{part}"
        for path in _bodies()
        for part in ("body.txt", "subject.txt")
        if not (TEMPLATES / f"{path.name[: -len('-body.html')]}-{part}").exists()
    ]
    assert not missing


def test_buttons_come_from_the_button_include():
    copied = [path.name for path in _bodies() if "display: inline-block" in path.read_text()]
    assert not copied, f"Use {{% include 'emails/button.html' %}} in: {copied}"
