"""The people directory page, /people/.

Who may see what (personas in bascule/testing.py): Alice (HR admin) sees everyone; Paul
(program manager) sees Marketing only; participants (Léa, Bernard, Oscar) and Sophie (sponsor)
may not use the directory at all.
"""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bascule.people.models import Department
from bascule.testing import make_employee

URL = "/people/"


def names(response) -> list[str]:
    """Return the names of the result rows, in order."""
    html = response.content.decode()
    return re.findall(r'<th scope="row"><a href="/people/\d+/">([^<]+)</a></th>', html)


def log_in(client, user):
    """Return `client` logged in as `user`, reading English whatever their profile says."""
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def alice_client(client, company):
    return log_in(client, company.alice)


def test_it_lists_active_employees_sorted_by_last_name(alice_client):
    response = alice_client.get(URL)
    assert response.status_code == 200
    assert names(response) == [
        "Dumont, Claire",
        "Lefèvre, Bernard",
        "Martin, Léa",
        "Moreau, Hélène",
        "Petit, Marc",
    ]
    assert "5 employees" in response.content.decode()


def test_it_announces_the_count_in_a_live_region(alice_client):
    html = alice_client.get(URL).content.decode()
    assert re.search(r'id="directory-count"[^>]*role="status"[^>]*aria-live="polite"', html)
    assert "<caption>" in html
    assert 'scope="col"' in html


def test_it_sorts_accented_last_names_among_their_letter(alice_client, company):
    make_employee("E100", "Émile", "Écuyer", department=company.finance)
    make_employee("E101", "Zoé", "Zola", department=company.finance)
    result = names(alice_client.get(URL))
    assert result.index("Écuyer, Émile") < result.index("Lefèvre, Bernard")
    assert result[-1] == "Zola, Zoé"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lefevre", ["Lefèvre, Bernard"]),
        ("LEFÈVRE", ["Lefèvre, Bernard"]),
        ("helene", ["Moreau, Hélène"]),
        ("lea martin", ["Martin, Léa"]),
        ("  martin   léa ", ["Martin, Léa"]),
        ("E004", ["Martin, Léa"]),
        ("e004", ["Martin, Léa"]),
        ("marc.petit@example", ["Petit, Marc"]),
        ("director", ["Moreau, Hélène", "Petit, Marc"]),
        ("social media", ["Martin, Léa"]),
        ("nobody", []),
    ],
)
def test_it_searches_names_emails_ids_and_titles_ignoring_case_and_accents(
    alice_client, query, expected
):
    assert names(alice_client.get(URL, {"q": query})) == expected


def test_it_filters_by_department(alice_client, company):
    response = alice_client.get(URL, {"department": company.finance.pk})
    assert names(response) == ["Lefèvre, Bernard", "Moreau, Hélène"]


def test_it_filters_by_seniority_level(alice_client):
    assert names(alice_client.get(URL, {"seniority_level": 7})) == [
        "Moreau, Hélène",
        "Petit, Marc",
    ]


def test_it_lists_the_direct_reports_of_a_manager(alice_client, company):
    assert names(alice_client.get(URL, {"manager": company.ceo.pk})) == [
        "Moreau, Hélène",
        "Petit, Marc",
    ]


def test_it_offers_only_people_who_have_reports_as_managers(alice_client, company):
    html = alice_client.get(URL).content.decode()
    select = re.search(r'<select name="manager".*?</select>', html, re.S).group(0)
    assert "Claire Dumont (CEO)" in select
    assert "Marc Petit" in select
    assert "Léa Martin" not in select


def test_it_hides_leavers_by_default_and_shows_them_on_request(alice_client, company):
    company.lea.left_on = dt.date(2025, 6, 30)
    company.lea.save(update_fields=["left_on"])

    assert "Martin, Léa" not in names(alice_client.get(URL))

    response = alice_client.get(URL, {"status": "left"})
    assert names(response) == ["Martin, Léa"]
    assert "Left on 06/30/2025" in response.content.decode()

    assert len(names(alice_client.get(URL, {"status": "all"}))) == 5


def test_it_combines_filters_and_search(alice_client, company):
    response = alice_client.get(
        URL, {"q": "director", "department": company.marketing.pk, "seniority_level": 7}
    )
    assert names(response) == ["Petit, Marc"]


def test_it_paginates_25_per_page_keeping_the_filters(alice_client, company):
    for number in range(30):
        make_employee(f"M{number:03}", "Staff", f"Member{number:03}", department=company.marketing)

    first = alice_client.get(URL, {"department": company.marketing.pk})
    assert len(names(first)) == 25
    html = first.content.decode()
    assert "32 employees" in html
    assert "Page 1 of 2" in html
    assert f'href="?department={company.marketing.pk}&amp;page=2"' in html

    second = alice_client.get(URL, {"department": company.marketing.pk, "page": 2})
    assert len(names(second)) == 7
    assert "Page 2 of 2" in second.content.decode()

    # A page past the end shows the last page instead of an error.
    assert names(alice_client.get(URL, {"department": company.marketing.pk, "page": 99})) == (
        names(second)
    )


def test_it_returns_only_the_results_to_htmx(alice_client):
    response = alice_client.get(
        URL, {"q": "martin"}, headers={"HX-Request": "true", "HX-Target": "directory-results"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "<form" not in html
    assert names(response) == ["Martin, Léa"]
    # The count goes into the page's live region, which stays in place.
    assert 'hx-swap-oob="innerHTML:#directory-count"' in html
    assert "1 employee" in html
    assert "HX-Target" in response["Vary"]


def test_it_renders_a_full_page_for_a_history_restore(alice_client):
    response = alice_client.get(
        URL, {"q": "martin"}, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in response.content.decode()


def test_its_form_works_without_javascript(alice_client, company):
    html = alice_client.get(URL, {"q": "martin", "department": company.marketing.pk}).content
    html = html.decode()
    assert 'method="get"' in html
    assert 'action="/people/"' in html
    assert 'hx-get="/people/"' in html
    assert 'hx-push-url="true"' in html
    assert 'value="martin"' in html
    assert f'<option value="{company.marketing.pk}" selected>' in html
    assert '<button type="submit"' in html
    for field in ("q", "department", "manager", "seniority_level", "status"):
        assert f'<label class="form-label" for="id_{field}">' in html


def test_it_reports_an_invalid_filter_and_ignores_it(alice_client):
    response = alice_client.get(URL, {"department": "999999", "seniority_level": "12"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "These filters were not applied" in html
    assert 'aria-invalid="true"' in html
    assert len(names(response)) == 5


def test_it_limits_a_program_manager_to_their_departments(client, company):
    log_in(client, company.paul)
    response = client.get(URL)
    assert names(response) == ["Martin, Léa", "Petit, Marc"]
    html = response.content.decode()
    department_select = re.search(r'<select name="department".*?</select>', html, re.S).group(0)
    assert "Marketing" in department_select
    assert "Finance" not in department_select
    manager_select = re.search(r'<select name="manager".*?</select>', html, re.S).group(0)
    assert "Marc Petit" in manager_select
    # Claire manages Marc, who is in Marketing; Hélène only manages Finance people.
    assert "Claire Dumont" in manager_select
    assert "Hélène Moreau" not in manager_select


def test_it_refuses_a_program_manager_another_department(client, company):
    log_in(client, company.paul)
    response = client.get(URL, {"department": company.finance.pk})
    assert "These filters were not applied" in response.content.decode()
    assert names(response) == ["Martin, Léa", "Petit, Marc"]
    assert names(client.get(URL, {"q": "bernard"})) == []
    assert names(client.get(URL, {"manager": company.cfo.pk})) == ["Martin, Léa", "Petit, Marc"]


@pytest.mark.parametrize("persona", ["lea_user", "bernard_user", "sophie", "oscar"])
def test_it_is_forbidden_to_participants_and_sponsors(client, company, persona):
    log_in(client, getattr(company, persona))
    assert client.get(URL).status_code == 403


def test_it_sends_anonymous_visitors_to_the_login_page(client, company):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def count_queries(client, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params or {})
    assert response.status_code == 200
    return len(queries)


def add_employees(count: int, department: Department, manager, prefix: str) -> None:
    for number in range(count):
        make_employee(
            f"{prefix}{number:04}",
            "Quentin",
            f"Member{prefix}{number:04}",
            department=department,
            manager=manager,
            seniority_level=3,
            location="Lyon",
        )


@pytest.mark.parametrize("params", [{}, {"q": "member", "status": "all"}])
def test_its_query_count_does_not_grow_with_the_page(alice_client, company, params):
    add_employees(5, company.marketing, company.cmo, "A")
    few = count_queries(alice_client, params)
    add_employees(40, company.finance, company.cfo, "B")
    many = count_queries(alice_client, params)
    assert few == many
    # Session, user, departments, managers, count, page.
    assert many == 6


def test_its_query_count_is_the_same_for_a_program_manager(client, company):
    log_in(client, company.paul)
    add_employees(5, company.marketing, company.cmo, "A")
    few = count_queries(client)
    add_employees(40, company.marketing, company.lea, "B")
    assert count_queries(client) == few
