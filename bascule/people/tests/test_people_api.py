"""The people API, /api/people/.

Who may see what (personas in bascule/testing.py): Alice (HR admin) lists and reads
everyone; Paul (program manager) the Marketing people; a participant lists only themselves;
Sophie (sponsor) may not list anyone (403). Someone else's record is a 404.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bascule.accounts.auth import hash_token
from bascule.accounts.models import ApiToken
from bascule.people.models import GenerationBand
from bascule.testing import make_employee

EMPLOYEES = "/api/people/employees"
DEPARTMENTS = "/api/people/departments"


def full_names(payload) -> list[str]:
    return [item["full_name"] for item in payload["items"]]


def test_it_lists_active_employees_sorted_by_last_name(client, company):
    client.force_login(company.alice)
    response = client.get(EMPLOYEES)
    assert response.status_code == 200
    payload = response.json()
    assert payload["count"] == 5
    assert full_names(payload) == [
        "Claire Dumont",
        "Bernard Lefèvre",
        "Léa Martin",
        "Hélène Moreau",
        "Marc Petit",
    ]


def test_it_describes_an_employee(client, company):
    client.force_login(company.alice)
    lea = next(i for i in client.get(EMPLOYEES).json()["items"] if i["employee_id"] == "E004")
    assert lea == {
        "id": company.lea.pk,
        "employee_id": "E004",
        "first_name": "Léa",
        "last_name": "Martin",
        "full_name": "Léa Martin",
        "email": company.lea.email,
        "department": {"id": company.marketing.pk, "name": "Marketing"},
        "job_title": "Social media manager",
        "seniority_level": 2,
        "experience_years": None,
        "hire_date": "2023-09-01",
        "manager_id": company.cmo.pk,
        "manager_name": "Marc Petit",
        "location": "",
        "time_zone": "Europe/Paris",
        "languages": ["fr", "en"],
        "is_active": True,
        "left_on": None,
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "lefevre"}, ["Bernard Lefèvre"]),
        ({"q": "DIRECTOR"}, ["Hélène Moreau", "Marc Petit"]),
        ({"seniority_level": 7}, ["Hélène Moreau", "Marc Petit"]),
        ({"status": "left"}, ["Léa Martin"]),
        ({"status": "all", "q": "martin"}, ["Léa Martin"]),
        ({"q": "martin"}, []),
    ],
)
def test_it_filters_like_the_directory_page(client, company, params, expected):
    company.lea.left_on = dt.date(2025, 6, 30)
    company.lea.save(update_fields=["left_on"])
    client.force_login(company.alice)
    assert full_names(client.get(EMPLOYEES, params).json()) == expected


def test_it_filters_by_department_and_manager(client, company):
    client.force_login(company.alice)
    by_department = client.get(EMPLOYEES, {"department": company.finance.pk}).json()
    assert full_names(by_department) == ["Bernard Lefèvre", "Hélène Moreau"]
    by_manager = client.get(EMPLOYEES, {"manager": company.ceo.pk}).json()
    assert full_names(by_manager) == ["Hélène Moreau", "Marc Petit"]


def test_it_paginates_with_limit_and_offset(client, company):
    client.force_login(company.alice)
    payload = client.get(EMPLOYEES, {"limit": 2, "offset": 2}).json()
    assert payload["count"] == 5
    assert full_names(payload) == ["Léa Martin", "Hélène Moreau"]


def test_it_rejects_invalid_filters(client, company):
    client.force_login(company.alice)
    assert client.get(EMPLOYEES, {"seniority_level": 12}).status_code == 422
    assert client.get(EMPLOYEES, {"status": "retired"}).status_code == 422
    assert client.get(EMPLOYEES, {"limit": 0}).status_code == 422


def test_it_limits_a_program_manager_to_their_departments(client, company):
    client.force_login(company.paul)
    assert full_names(client.get(EMPLOYEES).json()) == ["Léa Martin", "Marc Petit"]
    assert client.get(EMPLOYEES, {"department": company.finance.pk}).json()["count"] == 0
    assert client.get(f"{EMPLOYEES}/{company.lea.pk}").status_code == 200
    assert client.get(f"{EMPLOYEES}/{company.bernard.pk}").status_code == 404


def test_it_lists_a_participant_only_themself(client, company):
    client.force_login(company.lea_user)
    assert full_names(client.get(EMPLOYEES).json()) == ["Léa Martin"]
    assert client.get(f"{EMPLOYEES}/{company.lea.pk}").status_code == 200
    assert client.get(f"{EMPLOYEES}/{company.bernard.pk}").status_code == 404


def test_it_lists_nobody_to_an_outsider(client, company):
    client.force_login(company.oscar)
    assert client.get(EMPLOYEES).json() == {"items": [], "count": 0}


def test_it_refuses_the_list_to_a_sponsor(client, company):
    client.force_login(company.sophie)
    response = client.get(EMPLOYEES)
    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have permission to do this."}
    assert client.get(f"{EMPLOYEES}/{company.lea.pk}").status_code == 404


def test_it_requires_authentication(client, company):
    for path in (EMPLOYEES, f"{EMPLOYEES}/{company.lea.pk}", DEPARTMENTS):
        assert client.get(path).status_code == 401


def test_it_accepts_a_personal_token(client, company):
    ApiToken.objects.create(
        user=company.paul, name="script", token_hash=hash_token("bsc_secret"), prefix="bsc_secr"
    )
    response = client.get(EMPLOYEES, headers={"Authorization": "Bearer bsc_secret"})
    assert full_names(response.json()) == ["Léa Martin", "Marc Petit"]


def test_it_reads_one_employee(client, company):
    client.force_login(company.alice)
    response = client.get(f"{EMPLOYEES}/{company.bernard.pk}")
    assert response.status_code == 200
    assert response.json()["full_name"] == "Bernard Lefèvre"
    assert client.get(f"{EMPLOYEES}/999999").status_code == 404
    assert client.get(f"{EMPLOYEES}/abc").status_code == 422


def test_it_never_exposes_the_generation(client, company):
    company.lea.generation_band = GenerationBand.GEN_Z
    company.lea.save(update_fields=["generation_band"])
    client.force_login(company.lea_user)
    assert "generation_band" not in client.get(f"{EMPLOYEES}/{company.lea.pk}").json()


def test_it_lists_the_departments_in_scope(client, company):
    client.force_login(company.alice)
    assert client.get(DEPARTMENTS).json() == [
        {"id": company.finance.pk, "name": "Finance"},
        {"id": company.marketing.pk, "name": "Marketing"},
    ]
    client.force_login(company.paul)
    assert client.get(DEPARTMENTS).json() == [{"id": company.marketing.pk, "name": "Marketing"}]


@pytest.mark.parametrize("persona", ["lea_user", "sophie"])
def test_it_refuses_departments_to_participants_and_sponsors(client, company, persona):
    client.force_login(getattr(company, persona))
    assert client.get(DEPARTMENTS).status_code == 403


def test_its_query_count_does_not_grow_with_the_page(client, company):
    client.force_login(company.alice)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(EMPLOYEES, {"limit": 100}).status_code == 200
        return len(queries)

    for number in range(5):
        make_employee(f"A{number}", "Anna", f"A{number}", manager=company.cmo)
    few = count()
    for number in range(40):
        make_employee(f"B{number}", "Boris", f"B{number}", manager=company.cfo)
    assert count() == few
    # Session, user, count, page.
    assert few == 4


def test_its_openapi_schema_documents_the_endpoints(client, company):
    client.force_login(company.alice)
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    listing = paths["/api/people/employees"]["get"]
    assert {"200", "401", "403"} <= set(listing["responses"])
    assert {"q", "department", "seniority_level", "manager", "status", "limit", "offset"} <= {
        p["name"] for p in listing["parameters"]
    }
    detail = paths["/api/people/employees/{employee_id}"]["get"]
    assert {"200", "401", "404"} <= set(detail["responses"])
    departments = paths["/api/people/departments"]["get"]
    assert {"200", "401", "403"} <= set(departments["responses"])
    assert {"EmployeeOut", "DepartmentOut"} <= set(schema["components"]["schemas"])


def test_its_openapi_schema_is_private(client, company):
    assert client.get("/api/openapi.json").status_code == 302
