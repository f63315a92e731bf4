"""The "My account" page. Léa (participant with an employee record) may declare a generation
band; Oscar (no employee record) is never asked."""

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from bascule.core.models import AuditEntry
from bascule.people.models import GenerationBand

pytestmark = pytest.mark.django_db

URL = "/accounts/me/"


def post_preferences(client, **overrides):
    data = {"language": "en", "time_zone": "Europe/Paris", "generation_band": ""}
    data.update(overrides)
    return client.post(URL, data)


def test_it_shows_the_settings_of_the_user(client, company):
    client.force_login(company.lea_user)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "lea.martin@example.com" in html
    assert 'name="language"' in html
    assert 'name="time_zone"' in html
    assert 'name="generation_band"' in html
    assert "never used to choose who you are paired with" in html
    assert reverse("accounts:password_change") in html
    assert reverse("accounts:tokens") in html


def test_it_hides_the_generation_band_without_an_employee_record(client, company):
    client.force_login(company.oscar)
    html = client.get(URL).content.decode()
    assert 'name="generation_band"' not in html
    assert "paired with" not in html


def test_it_saves_language_time_zone_and_generation_band(client, company):
    client.force_login(company.lea_user)
    response = post_preferences(
        client,
        language="fr",
        time_zone="America/Martinique",
        generation_band=GenerationBand.GEN_Z,
    )
    assert response.status_code == 302
    assert response["Location"] == URL

    user = company.lea_user
    user.refresh_from_db()
    assert (user.language, user.time_zone) == ("fr", "America/Martinique")
    user.employee.refresh_from_db()
    assert user.employee.generation_band == GenerationBand.GEN_Z

    entry = AuditEntry.objects.get(action="user.update_preferences")
    assert entry.actor == user
    assert entry.object_id == str(user.pk)
    assert entry.changes["language"] == ["en", "fr"]
    assert entry.changes["time_zone"] == ["Europe/Paris", "America/Martinique"]
    # The audit log says the band changed, never what it is.
    assert entry.changes["generation_band"] == "updated"
    assert GenerationBand.GEN_Z not in str(entry.changes)


def test_it_switches_the_language_at_once(client, company):
    client.force_login(company.lea_user)
    # An earlier choice in the header's switch must not hide the new preference.
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    response = post_preferences(client, language="fr")
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "fr"
    page = client.get(URL).content.decode()
    assert '<html lang="fr">' in page


def test_it_confirms_in_the_new_language(client, company):
    client.force_login(company.lea_user)
    response = client.post(URL, {"language": "en", "time_zone": "Europe/Paris"}, follow=True)
    assert "Your settings have been saved." in response.content.decode()


def test_it_can_remove_the_generation_band(client, company):
    company.lea.generation_band = GenerationBand.GEN_Z
    company.lea.save(update_fields=["generation_band"])
    client.force_login(company.lea_user)
    post_preferences(client, language="fr", generation_band="")
    company.lea.refresh_from_db()
    assert company.lea.generation_band == ""


def test_it_writes_no_audit_entry_when_nothing_changed(client, company):
    client.force_login(company.lea_user)
    post_preferences(client, language="en", time_zone="Europe/Paris", generation_band="")
    assert not AuditEntry.objects.filter(action="user.update_preferences").exists()


@pytest.mark.parametrize("time_zone", ["Mars/Olympus_Mons", "", "../../etc/passwd"])
def test_it_refuses_an_unknown_time_zone(client, company, time_zone):
    client.force_login(company.lea_user)
    response = post_preferences(client, time_zone=time_zone)
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    company.lea_user.refresh_from_db()
    assert company.lea_user.time_zone == "Europe/Paris"


def test_it_refuses_an_unknown_language_or_band(client, company):
    client.force_login(company.lea_user)
    assert post_preferences(client, language="de").status_code == 200
    assert post_preferences(client, generation_band="silent").status_code == 200
    company.lea_user.refresh_from_db()
    assert company.lea_user.language == "en"


def test_it_keeps_a_time_zone_that_is_not_in_the_short_list(client, company):
    company.lea_user.time_zone = "Asia/Kathmandu"
    company.lea_user.save(update_fields=["time_zone"])
    client.force_login(company.lea_user)
    html = client.get(URL).content.decode()
    assert '<option value="Asia/Kathmandu" selected>' in html
    assert post_preferences(client, time_zone="Asia/Kathmandu").status_code == 302


def test_it_ignores_a_generation_band_sent_by_a_user_without_employee(client, company):
    client.force_login(company.oscar)
    response = post_preferences(client, generation_band=GenerationBand.GEN_X)
    assert response.status_code == 302
    company.oscar.refresh_from_db()
    assert company.oscar.language == "en"
