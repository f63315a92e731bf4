"""Each person chooses, per kind of notification they can receive, in the app, by e-mail, both
or not at all, within what HR requires: the page (with the reminders in a section of its own)
and the API, the same rules, each change recorded once."""

import json

import pytest
from django.urls import reverse

from bascule.core import notify
from bascule.core.models import AuditEntry
from bascule.notifications import kinds
from bascule.notifications.models import Channel, NotificationPreference
from bascule.reminders.models import ReminderPreference

pytestmark = pytest.mark.django_db

PAGE = "/notifications/preferences/"
API = "/api/notifications/preferences"

PARTICIPANT_KINDS = [
    "application_decision",
    "program_invitation",
    "training_overdue",
    "certificate_issued",
    "certificate_revoked",
    "workshop_invitation",
    "pair_announcement",
    "meeting_invitation",
    "pair_paused",
    "pair_resumed",
    "pair_ended",
    "mentor_request",
    "mentor_request_answer",
    "pair_nudge",
    "kudos_received",
    "kudos_hidden",
    "badge_awarded",
    "badge_revoked",
    "password_reset",
]
MANAGER_KINDS = ["application_withdrawal", "pair_ended_hr"]


def checked_channel(html: str, kind: str) -> str:
    """The channel whose radio button is checked for `kind` on the page."""
    found = [
        channel
        for channel in Channel.values
        if f'name="{kind}" id="id_{kind}_' in html
        and any(
            f'name="{kind}" id="id_{kind}_{n}" value="{channel}" checked' in html for n in range(4)
        )
    ]
    assert len(found) == 1, (kind, found)
    return found[0]


def disabled(html: str, kind: str, channel: str) -> bool:
    return any(
        f'name="{kind}" id="id_{kind}_{n}" value="{channel}" disabled' in html
        or f'name="{kind}" id="id_{kind}_{n}" value="{channel}" checked disabled' in html
        for n in range(4)
    )


def put(client, payload):
    return client.put(API, json.dumps(payload), content_type="application/json")


# --- The kinds ------------------------------------------------------------------------------------


def test_every_email_but_the_reminder_is_a_kind_with_words_in_both_languages():
    """A new e-mail must say, in plain words, what it is: the page lists it."""
    assert sorted(k.name for k in kinds.KINDS) == sorted(set(notify.names()) - {"reminder"})
    assert {k.name for k in kinds.KINDS} >= kinds.REQUIRED_KINDS | kinds.EMAIL_ONLY
    for kind in kinds.KINDS:
        assert kind.label and kind.description
        assert bool(kind.reason) == kind.required, kind.name


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("lea_user", PARTICIPANT_KINDS),
        ("alice", MANAGER_KINDS + ["password_reset"]),
        ("paul", MANAGER_KINDS + ["password_reset"]),
        ("sophie", ["executive_report", "password_reset"]),
        ("oscar", ["password_reset"]),
    ],
)
def test_each_person_sees_the_kinds_their_role_receives(client, company, persona, expected):
    client.force_login(getattr(company, persona))
    rows = client.get(API).json()
    assert [row["kind"] for row in rows] == expected
    html = client.get(PAGE).content.decode()
    for name in {k.name for k in kinds.KINDS}:
        assert (f'name="{name}"' in html) is (name in expected), name


# --- The page -----------------------------------------------------------------------------------


def test_the_page_shows_each_kind_as_a_group_of_four_choices_in_plain_words(client, company):
    client.force_login(company.lea_user)
    html = client.get(PAGE).content.decode()
    assert "<h1>Notifications and reminders</h1>" in html
    assert html.count('<fieldset class="preference"') == len(PARTICIPANT_KINDS)
    assert '<legend class="preference-label">Messages from HR about my pair</legend>' in html
    assert "A message HR writes to you about your pair." in html
    for label in ("In the app and by e-mail", "By e-mail only", "In the app only", "Not at all"):
        assert html.count(f">{label}</label>") == len(PARTICIPANT_KINDS)
    assert checked_channel(html, "pair_nudge") == Channel.BOTH  # no choice yet: both
    assert not disabled(html, "pair_nudge", Channel.NONE)
    # The reminders are the page's second section, in the same form.
    assert '<h2 id="reminders-title">Reminders</h2>' in html
    assert 'name="reminders-charter"' in html
    assert html.count('<form method="post" novalidate>') == 1


def test_what_hr_requires_is_shown_but_cannot_be_turned_off(client, company):
    client.force_login(company.lea_user)
    html = client.get(PAGE).content.decode()
    assert disabled(html, "pair_announcement", Channel.NONE)
    assert not disabled(html, "pair_announcement", Channel.IN_APP)
    assert "Required by your organisation:" in html
    assert "It tells you who you will work with." in html
    # A one-time link only goes by e-mail.
    assert checked_channel(html, "password_reset") == Channel.EMAIL
    for channel in (Channel.BOTH, Channel.IN_APP, Channel.NONE):
        assert disabled(html, "password_reset", channel)
    assert "Always by e-mail." in html
    # The error summary links to the first radio button a person can reach.
    assert 'id="id_password_reset_0" value="email" checked' in html


def test_the_page_in_french(client, company):
    company.lea_user.language = "fr"
    company.lea_user.save(update_fields=["language"])
    client.force_login(company.lea_user)
    html = client.get(PAGE).content.decode()
    assert "Notifications et rappels" in html
    assert "Messages des RH sur mon binôme" in html
    assert "Dans l&#x27;application et par e-mail" in html
    assert "Exigé par votre organisation :" in html


def test_saving_records_a_row_per_changed_kind_once_with_a_message(client, company):
    client.force_login(company.lea_user)
    data = {
        "pair_nudge": Channel.NONE,
        "mentor_request": Channel.EMAIL,
        "meeting_invitation": Channel.IN_APP,
        "pair_announcement": Channel.BOTH,  # unchanged: no row
        "password_reset": Channel.EMAIL,  # the only choice: no row
        "reminders-meeting_soon": "on",
    }
    response = client.post(PAGE, data, follow=True)
    assert response.redirect_chain == [(PAGE, 302)]
    html = response.content.decode()
    assert "Your choices are saved." in html
    assert checked_channel(html, "pair_nudge") == Channel.NONE
    assert checked_channel(html, "meeting_invitation") == Channel.IN_APP
    assert dict(
        NotificationPreference.objects.filter(user=company.lea_user).values_list("kind", "channel")
    ) == {"pair_nudge": "none", "mentor_request": "email", "meeting_invitation": "in_app"}
    entry = AuditEntry.objects.get(action="notifications.preferences_changed")
    assert entry.actor == company.lea_user
    channels = {"meeting_invitation": "in_app", "mentor_request": "email", "pair_nudge": "none"}
    assert entry.changes == {"channels": channels}
    assert ReminderPreference.objects.get(user=company.lea_user, kind="charter").enabled is False

    # The same form sent again (a double click): the same message, nothing new recorded.
    again = client.post(PAGE, data, follow=True)
    assert "Your choices are saved." in again.content.decode()
    assert NotificationPreference.objects.filter(user=company.lea_user).count() == 3
    assert AuditEntry.objects.filter(action="notifications.preferences_changed").count() == 1
    assert AuditEntry.objects.filter(action="reminders.preferences_changed").count() == 1

    # Back to both: the row says so.
    client.post(PAGE, {**data, "pair_nudge": Channel.BOTH})
    assert NotificationPreference.objects.get(user=company.lea_user, kind="pair_nudge").channel == (
        Channel.BOTH
    )


def test_a_forged_none_for_a_required_kind_is_refused_and_nothing_is_lost(client, company):
    client.force_login(company.lea_user)
    data = {
        "pair_paused": Channel.NONE,  # the radio button is disabled: only a forged form sends it
        "pair_nudge": Channel.EMAIL,
        "reminders-meeting_soon": "on",
    }
    response = client.post(PAGE, data)
    assert response.status_code == 200
    html = response.content.decode()
    message = (
        "Required by your organisation: What is expected of you depends on whether your pair "
        "is running. Choose how you receive it; it cannot be turned off."
    )
    assert "There is a problem" in html
    assert 'href="#id_pair_paused_0"' in html  # the summary links to the group
    assert html.count(message) == 2  # in the summary and by the group
    described = "id_pair_paused-help id_pair_paused-rule id_pair_paused-errors"
    assert f'aria-describedby="{described}"' in html
    # Nothing saved, and what was chosen is still there to send again.
    assert not NotificationPreference.objects.exists()
    assert not ReminderPreference.objects.exists()
    assert not AuditEntry.objects.filter(action__endswith="preferences_changed").exists()
    assert checked_channel(html, "pair_nudge") == Channel.EMAIL
    assert checked_channel(html, "pair_paused") == Channel.BOTH  # the refused value is not shown
    charter = 'name="reminders-charter" id="id_reminders-charter" class="form-check-input"'
    assert f"{charter} aria" in html  # still unchecked, as sent


def test_a_forged_channel_that_does_not_exist_is_refused(client, company):
    client.force_login(company.lea_user)
    response = client.post(PAGE, {"pair_nudge": "pigeon"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_the_notification_centre_and_my_account_link_to_the_page(client, company):
    client.force_login(company.sophie)
    for url in (reverse("notification_centre:list"), reverse("accounts:me")):
        assert f'href="{PAGE}"'.encode() in client.get(url).content


# --- The API ------------------------------------------------------------------------------------


def test_the_api_lists_my_kinds_with_their_rules(client, company):
    NotificationPreference.objects.create(
        user=company.lea_user, kind="pair_paused", channel=Channel.NONE
    )
    client.force_login(company.lea_user)
    rows = {row["kind"]: row for row in client.get(API).json()}
    assert rows["pair_nudge"] == {
        "kind": "pair_nudge",
        "label": "Messages from HR about my pair",
        "description": "A message HR writes to you about your pair.",
        "group": "pair",
        "channel": "both",
        "allowed": ["both", "email", "in_app", "none"],
        "required": False,
        "reason": "",
    }
    # A "none" stored for a required kind reads as what it is: in the app.
    assert rows["pair_paused"]["channel"] == "in_app"
    assert rows["pair_paused"]["allowed"] == ["both", "email", "in_app"]
    assert rows["pair_paused"]["required"] is True
    assert rows["password_reset"]["allowed"] == ["email"]


def test_the_api_saves_the_kinds_given_once(client, company):
    client.force_login(company.lea_user)
    for _ in range(2):
        response = put(client, {"channels": {"pair_nudge": "in_app", "mentor_request": "none"}})
        assert response.status_code == 200
        rows = {row["kind"]: row for row in response.json()}
        assert rows["pair_nudge"]["channel"] == "in_app"
        assert rows["mentor_request"]["channel"] == "none"
        assert rows["meeting_invitation"]["channel"] == "both"
    assert NotificationPreference.objects.filter(user=company.lea_user).count() == 2
    assert AuditEntry.objects.filter(action="notifications.preferences_changed").count() == 1


@pytest.mark.parametrize(
    ("channels", "field", "message"),
    [
        (
            {"pair_paused": "none"},
            "channels.pair_paused",
            "Required by your organisation: What is expected of you",
        ),
        (
            {"password_reset": "in_app"},
            "channels.password_reset",
            "It always goes by e-mail: Its link works once",
        ),
        (
            {"pair_ended_hr": "none"},
            "channels.pair_ended_hr",
            "You receive no notification of this kind (pair_ended_hr).",
        ),
        ({"birthday": "email"}, "channels.birthday", "You receive no notification of this kind"),
        ({"pair_nudge": "pigeon"}, "channels.pair_nudge", "“pigeon” is not a choice"),
    ],
)
def test_the_api_refuses_what_the_rules_forbid_with_a_422_by_field(
    client, company, channels, field, message
):
    client.force_login(company.lea_user)
    response = put(client, {"channels": {"pair_nudge": "email", **channels}})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["errors"]) == [field]
    assert body["errors"][field][0].startswith(message)
    assert body["message"] == body["detail"] == body["errors"][field][0]
    assert not NotificationPreference.objects.exists()  # pair_nudge was not saved either


def test_the_api_refuses_a_body_it_cannot_read(client, company):
    client.force_login(company.lea_user)
    response = put(client, {"channels": ["pair_nudge"]})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert "channels" in response.json()["errors"]


def test_the_api_in_french(client, company):
    company.lea_user.language = "fr"
    company.lea_user.save(update_fields=["language"])
    client.force_login(company.lea_user)
    response = put(client, {"channels": {"pair_paused": "none"}})
    assert response.json()["errors"]["channels.pair_paused"][0].startswith(
        "Exigé par votre organisation : Ce que l'on attend de vous"
    )
