"""The time-zone picker: readable names in the reader's language with the offset, the likely
zones first, every other one by region; the same on my account and the meeting form."""

import datetime as dt
import re

import pytest
import time_machine
from django.utils import translation

from bascule.core.time_zones import country_zones, time_zone_choices, zone_label, zone_names

WINTER = dt.datetime(2027, 1, 15, 12, tzinfo=dt.UTC)
SUMMER = dt.datetime(2027, 7, 15, 12, tzinfo=dt.UTC)


def test_a_zone_reads_as_a_city_its_name_and_its_offset_in_the_readers_language():
    assert zone_label("Europe/Paris", locale="en", when=WINTER) == (
        "Paris (Central European Time, UTC+01:00)"
    )
    assert zone_label("Europe/Paris", locale="fr", when=SUMMER) == (
        "Paris (heure d’Europe centrale, UTC+02:00)"
    )
    assert zone_label("America/Sao_Paulo", locale="en", when=WINTER).endswith("UTC-03:00)")
    assert zone_label("Asia/Kolkata", locale="en", when=WINTER).endswith("UTC+05:30)")


def test_the_list_has_current_names_only_and_no_africa_abidjan_first():
    names = zone_names()
    assert "Europe/Kyiv" in names and "Europe/Kiev" not in names
    assert "US/Eastern" not in names and "Etc/GMT+5" not in names
    assert 400 < len(names) < 480


def test_the_suggested_zones_come_first_then_regions_sorted_by_city():
    with translation.override("en"):
        choices = time_zone_choices(["Europe/Paris", "Asia/Calcutta", "Mars/Base"])
    first_label, first = choices[0]
    assert first_label == "Suggested"
    # An old name kept (it may come from the HR file); an unknown one left out.
    assert [value for value, _label in first] == ["Europe/Paris", "Asia/Calcutta"]
    regions = [label for label, _options in choices[1:]]
    assert regions[:3] == ["Africa", "Americas", "Antarctica"] and regions[-1] == "Other"
    europe = dict(choices[1:])["Europe"]
    cities = [label.split(" (")[0] for _value, label in europe]
    assert cities[0] == "Amsterdam" and cities[-1] == "Zurich"
    assert cities.index("Berlin") < cities.index("Paris") < cities.index("Zagreb")


def test_a_countrys_zones_main_one_first():
    assert country_zones("FR") == ["Europe/Paris"]
    assert country_zones("fr") == ["Europe/Paris"]
    assert country_zones("") == []


@pytest.mark.django_db
@time_machine.travel(WINTER)
def test_my_account_offers_my_zone_first_grouped_and_readable(client, company):
    company.lea_user.time_zone = "America/Martinique"
    company.lea_user.save(update_fields=["time_zone"])
    client.force_login(company.lea_user)
    html = client.get("/accounts/me/").content.decode()
    select = html.split('id="id_time_zone"', 1)[1].split("</select>", 1)[0]
    assert select.index('<optgroup label="Suggested">') < select.index('<optgroup label="Europe">')
    assert re.search(r'<option value="America/Martinique" selected>Martinique \(', select)
    assert '<option value="Europe/Paris">Paris (Central European Time, UTC+01:00)' in select
    assert 'data-time-zone-filter="Filter the list by city or region"' in html
    response = client.post("/accounts/me/", {"language": "fr", "time_zone": "Europe/Lisbon"})
    assert response.status_code == 302
    company.lea_user.refresh_from_db()
    assert company.lea_user.time_zone == "Europe/Lisbon"
