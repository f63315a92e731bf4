""" "My reminders" (the reminders section of the notifications and reminders page) and a
program's required reminders, as each role."""

from django.urls import reverse

from bascule.core.models import AuditEntry
from bascule.reminders.models import ProgramReminderPolicy, ReminderPreference

# A person's reminders are a section of the notifications and reminders page.
PREFERENCES = "/notifications/preferences/"
OLD_ADDRESS = "/reminders/"


def checkbox(code: str) -> str:
    return f'name="reminders-{code}" id="id_reminders-{code}" class="form-check-input"'


def test_my_account_links_to_my_notifications_and_reminders(client, company):
    client.force_login(company.oscar)
    html = client.get(reverse("accounts:me")).content.decode()
    assert f'href="{PREFERENCES}"' in html
    assert "My notifications and reminders" in html


def test_the_old_address_leads_to_the_reminders_section(client, company):
    client.force_login(company.lea_user)
    response = client.get(OLD_ADDRESS)
    assert response.status_code == 302
    assert response["Location"] == f"{PREFERENCES}#reminders"


def test_my_reminders_shows_each_kind_with_its_description_checked_by_default(client, company):
    client.force_login(company.lea_user)
    html = client.get(PREFERENCES).content.decode()
    assert "Reminders" in html
    for code in ("meeting_soon", "checkin_due", "charter", "no_meeting"):
        assert f"{checkbox(code)} checked" in html
    assert "A meeting in the next 24 hours" in html
    assert "The day before each meeting with your partner" in html
    assert "Required by your program" not in html


def test_saving_my_reminders(client, company):
    client.force_login(company.lea_user)
    kept = {
        "reminders-meeting_soon": "on",
        "reminders-checkin_due": "on",
        "reminders-evaluation_open": "on",
        "reminders-workshop_tomorrow": "on",
    }
    response = client.post(PREFERENCES, {**kept, "reminders-evaluation_closing": "on"}, follow=True)
    assert response.redirect_chain == [(PREFERENCES, 302)]
    html = response.content.decode()
    assert "Your choices are saved." in html
    assert f"{checkbox('charter')} aria" in html  # unchecked
    assert dict(
        ReminderPreference.objects.filter(user=company.lea_user).values_list("kind", "enabled")
    ) == {
        "meeting_soon": True,
        "checkin_due": True,
        "charter": False,
        "no_meeting": False,
        "evaluation_open": True,
        "evaluation_closing": True,
        "workshop_tomorrow": True,
        "training_due": False,
        "training_overdue": False,
    }
    entry = AuditEntry.objects.get(action="reminders.preferences_changed")
    assert entry.changes == {
        "enabled": {
            "charter": False,
            "no_meeting": False,
            "training_due": False,
            "training_overdue": False,
        }
    }
    # Saving the same choices again changes nothing and writes no audit entry.
    client.post(PREFERENCES, {**kept, "reminders-evaluation_closing": "on"})
    assert AuditEntry.objects.filter(action="reminders.preferences_changed").count() == 1


def test_a_form_posted_to_the_old_address_is_still_saved(client, company):
    client.force_login(company.lea_user)
    response = client.post(OLD_ADDRESS, {"meeting_soon": "on"}, follow=True)
    assert response.redirect_chain == [(f"{PREFERENCES}#reminders", 302)]
    assert "Your reminder choices are saved." in response.content.decode()
    assert ReminderPreference.objects.get(user=company.lea_user, kind="charter").enabled is False


def test_a_kind_the_program_requires_is_checked_disabled_and_explained(client, company, running):
    ProgramReminderPolicy.objects.create(program=running.program, required_kinds=["charter"])
    client.force_login(company.lea_user)
    html = client.get(PREFERENCES).content.decode()
    assert f"{checkbox('charter')} checked disabled" in html
    assert "Required by your program (Reverse mentoring 2027)" in html
    # A disabled checkbox is not sent: the required kind's stored choice is left alone.
    client.post(PREFERENCES, {})
    assert not ReminderPreference.objects.filter(user=company.lea_user, kind="charter").exists()


def test_the_program_page_links_its_managers_to_the_required_reminders(client, company, running):
    url = reverse("reminders:program_policy", kwargs={"program_id": running.program.pk})
    client.force_login(company.paul)
    html = client.get(reverse("programs:program_detail", args=[running.program.pk])).content
    assert f'href="{url}"'.encode() in html


def test_a_manager_sets_the_required_reminders(client, company, running):
    url = reverse("reminders:program_policy", kwargs={"program_id": running.program.pk})
    client.force_login(company.paul)
    html = client.get(url).content.decode()
    assert "Required reminders" in html
    assert 'name="charter"' in html
    response = client.post(url, {"charter": "on", "meeting_soon": "on"}, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "The reminders this program requires are saved." in response.content.decode()
    policy = ProgramReminderPolicy.objects.get(program=running.program)
    assert policy.required_kinds == ["meeting_soon", "charter"]
    assert policy.updated_by == company.paul
    entry = AuditEntry.objects.get(action="reminders.policy_changed")
    assert entry.changes["required_kinds"] == {"old": [], "new": ["meeting_soon", "charter"]}


def test_nobody_else_reaches_a_programs_required_reminders(client, company, running):
    url = reverse("reminders:program_policy", kwargs={"program_id": running.program.pk})
    for user in (company.lea_user, company.sophie, company.oscar):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"charter": "on"}).status_code == 404
    assert not ProgramReminderPolicy.objects.exists()
