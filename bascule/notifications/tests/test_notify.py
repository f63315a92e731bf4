"""Services name their e-mails through bascule.core.notify; the notifications app sends them.

- `notify` sends after the transaction commits and never for a rolled-back change;
  `send_now` sends at once; an unknown name fails in the service, before anything commits.
- Every `notify("…")` / `send_now("…")` in the sources names an e-mail that exists, and every
  e-mail of bascule/notifications/emails.py is named by some service (none is dead).
"""

import ast
from pathlib import Path

import pytest
from django.core import mail
from django.db import transaction

from bascule.core import notify

ROOT = Path(__file__).resolve().parents[3]


def _named_in_sources() -> dict[str, list[str]]:
    """Return e-mail name → the places (file:line) that call notify/notify_once/send_now
    with it."""
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "bascule").rglob("*.py")):
        if {"tests", "migrations"} & set(path.relative_to(ROOT).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if name in {"notify", "notify_once", "send_now"} and isinstance(first, ast.Constant):
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                found.setdefault(first.value, []).append(where)
    return found


def test_every_name_the_services_use_is_an_email_and_every_email_is_used():
    named = _named_in_sources()
    assert named, "the scan finds the services' calls"
    unknown = {name: places for name, places in named.items() if name not in notify.names()}
    assert unknown == {}
    assert sorted(set(notify.names()) - set(named)) == []


def test_an_unknown_name_fails_at_once_inside_the_service():
    with pytest.raises(KeyError, match="pair_annoucement"):
        notify.notify("pair_annoucement", pair_ids=[1])


@pytest.mark.django_db(transaction=True)
def test_it_sends_after_commit_and_never_for_a_rolled_back_change(company):
    user = company.lea_user
    args = {"user_id": user.pk}

    with transaction.atomic():
        notify.notify("password_reset", **args)
        assert mail.outbox == []  # not before the commit
    assert len(mail.outbox) == 1

    class Undone(Exception):
        pass

    with pytest.raises(Undone), transaction.atomic():
        notify.notify("password_reset", **args)
        raise Undone
    assert len(mail.outbox) == 1  # the rolled-back change sent nothing


@pytest.mark.django_db
def test_send_now_sends_at_once(company):
    notify.send_now("password_reset", user_id=company.lea_user.pk)
    assert [m.to for m in mail.outbox] == [[company.lea_user.email]]


def test_a_second_sender_for_one_name_is_refused():
    with pytest.raises(ValueError, match="Two senders"):
        notify.sender("pair_paused")(lambda **kwargs: None)
