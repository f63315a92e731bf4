"""An employee's page, /people/<id>/.

Who may see what (personas in bascule/testing.py): Alice (HR admin) opens anyone's page;
Paul (program manager) the Marketing people only; Léa and Bernard (participants) their own page
only; Sophie (sponsor) and Oscar (outsider) nobody's. Someone else's page is a 404.
"""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bascule.people.models import GenerationBand
from bascule.testing import make_employee


def log_in(client, user):
    """Return `client` logged in as `user`, reading English whatever their profile says."""
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def url(employee) -> str:
    return f"/people/{employee.pk}/"


def reporting_line(html: str) -> list[str]:
    """Return the names of the reporting line, from the top down."""
    nav = re.search(r'<ol class="breadcrumb".*?</ol>', html, re.S).group(0)
    items = re.findall(r"<li[^>]*>(.*?)</li>", nav, re.S)
    return [re.sub(r"<[^>]+>|\s*\(.*?\)", "", item).strip() for item in items]


def test_it_shows_every_field_of_the_record(client, company):
    html = log_in(client, company.alice).get(url(company.lea)).content.decode()
    for text in [
        "<h1>Léa Martin</h1>",
        "E004",
        company.lea.email,
        "Marketing",
        "Social media manager",
        "2 of 8",
        "September 1, 2023",
        'datetime="2023-09-01"',
        "Marc Petit",
        "Europe/Paris",
        "French, English",
        "Active",
    ]:
        assert text in html, text


def test_it_localizes_dates_and_language_names(client, company):
    log_in(client, company.alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = client.get(url(company.lea)).content.decode()
    assert "1 septembre 2023" in html
    assert "Français, Anglais" in html


def test_it_shows_the_leave_date_of_a_leaver(client, company):
    company.bernard.left_on = dt.date(2025, 6, 30)
    company.bernard.save(update_fields=["left_on"])
    html = log_in(client, company.alice).get(url(company.bernard)).content.decode()
    assert "Left on June 30, 2025" in html


def test_it_shows_the_reporting_line_from_the_top_down(client, company):
    html = log_in(client, company.alice).get(url(company.lea)).content.decode()
    assert reporting_line(html) == ["Claire Dumont", "Marc Petit", "Léa Martin"]
    assert '<li class="breadcrumb-item active" aria-current="page">Léa Martin</li>' in html
    assert f'href="{url(company.ceo)}"' in html


def test_it_shows_the_top_of_the_company_alone(client, company):
    html = log_in(client, company.alice).get(url(company.ceo)).content.decode()
    assert reporting_line(html) == ["Claire Dumont"]


def test_it_lists_the_direct_reports(client, company):
    html = log_in(client, company.alice).get(url(company.ceo)).content.decode()
    section = html[html.index('id="reports-title"') :]
    assert "2 people report to Claire Dumont" in section
    assert section.index("Hélène Moreau") < section.index("Marc Petit")
    assert "Léa Martin" not in section


def test_it_says_when_nobody_reports_to_the_employee(client, company):
    html = log_in(client, company.alice).get(url(company.lea)).content.decode()
    assert "Nobody reports to Léa Martin." in html


def test_it_leaves_out_reports_who_have_left(client, company):
    company.lea.left_on = dt.date(2025, 6, 30)
    company.lea.save(update_fields=["left_on"])
    html = log_in(client, company.alice).get(url(company.cmo)).content.decode()
    assert "Nobody reports to Marc Petit." in html


def test_it_never_shows_the_generation_to_hr(client, company):
    company.lea.generation_band = GenerationBand.GEN_Z
    company.lea.save(update_fields=["generation_band"])
    html = log_in(client, company.alice).get(url(company.lea)).content.decode()
    assert "Generation Z" not in html
    assert "Generation (self-declared)" not in html


def test_it_shows_the_generation_to_the_employee_themself(client, company):
    company.lea.generation_band = GenerationBand.GEN_Z
    company.lea.save(update_fields=["generation_band"])
    html = log_in(client, company.lea_user).get(url(company.lea)).content.decode()
    assert "Generation Z" in html


def test_it_shows_no_birth_date(client, company):
    html = log_in(client, company.alice).get(url(company.lea)).content.decode().lower()
    assert "birth" not in html
    assert "age" not in re.sub(r"<[^>]+>", " ", html).split()


def test_it_lets_a_program_manager_open_their_departments_only(client, company):
    log_in(client, company.paul)
    response = client.get(url(company.lea))
    assert response.status_code == 200
    # Claire (no department) is in Léa's line but outside Paul's scope: named, not linked.
    html = response.content.decode()
    assert reporting_line(html) == ["Claire Dumont", "Marc Petit", "Léa Martin"]
    assert f'href="{url(company.ceo)}"' not in html
    assert f'href="{url(company.cmo)}"' in html
    assert client.get(url(company.bernard)).status_code == 404
    assert client.get(url(company.ceo)).status_code == 404


def test_it_lets_a_participant_open_their_own_page_only(client, company):
    log_in(client, company.lea_user)
    response = client.get(url(company.lea))
    assert response.status_code == 200
    html = response.content.decode()
    assert "My record" in html
    # Her managers are named in her reporting line, but their pages are not hers to open.
    assert f'href="{url(company.cmo)}"' not in html
    assert "Back to the people directory" not in html
    assert client.get(url(company.bernard)).status_code == 404
    assert client.get(url(company.cmo)).status_code == 404


@pytest.mark.parametrize("persona", ["sophie", "oscar"])
def test_it_shows_sponsors_and_outsiders_nobody(client, company, persona):
    log_in(client, getattr(company, persona))
    assert client.get(url(company.lea)).status_code == 404
    assert client.get(url(company.ceo)).status_code == 404


def test_it_answers_404_for_an_unknown_employee(client, company):
    assert log_in(client, company.alice).get("/people/999999/").status_code == 404


def make_chain(depth: int, top) -> object:
    """Return the lowest of `depth` employees, each managed by the previous one."""
    manager = top
    for level in range(depth):
        manager = make_employee(
            f"C{depth}-{level}", "Chain", f"Level{depth}-{level}", manager=manager
        )
        for report in range(3):
            make_employee(
                f"R{depth}-{level}-{report}",
                "Report",
                f"R{depth}-{level}-{report}",
                manager=manager,
            )
    return manager


def count_queries(client, employee) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(employee))
    assert response.status_code == 200
    return len(queries)


def test_its_query_count_does_not_grow_with_the_depth_or_the_reports(client, company):
    log_in(client, company.alice)
    shallow = make_chain(2, company.ceo)
    deep = make_chain(8, company.ceo)
    assert count_queries(client, shallow.manager) == count_queries(client, deep.manager)
    html = client.get(url(deep)).content.decode()
    assert len(reporting_line(html)) == 9  # Claire, then 8 levels
    # Session, user, employee, reporting line, reports, which names to link, HR history.
    assert count_queries(client, deep.manager) == 7
