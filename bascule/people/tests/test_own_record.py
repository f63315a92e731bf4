"""Everyone with an employee record may read it: the home page's "See my profile" link works
for a program manager outside the departments they manage and for a sponsor too, while other
people's records stay out of their reach (404)."""

import pytest
from django.test import Client
from django.urls import reverse

from bascule.testing import make_employee

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def paul_and_sophie_records(company):
    company.paul.employee = make_employee("E010", "Paul", "Perrin", department=company.finance)
    company.paul.save(update_fields=["employee"])
    company.sophie.employee = make_employee("E011", "Sophie", "Roux", seniority_level=8)
    company.sophie.save(update_fields=["employee"])


@pytest.mark.parametrize("who", ["paul", "sophie"])
def test_it_opens_their_own_record_from_the_home_page(company, paul_and_sophie_records, who):
    user = getattr(company, who)
    client = client_for(user)
    own = reverse("people:employee_detail", kwargs={"employee_id": user.employee_id})
    assert own in client.get("/").content.decode()
    page = client.get(own)
    assert page.status_code == 200
    assert user.employee.last_name in page.content.decode()
    api = client.get(f"/api/people/employees/{user.employee_id}")
    assert api.status_code == 200


def test_it_still_hides_other_records(company, paul_and_sophie_records):
    bernard = reverse("people:employee_detail", kwargs={"employee_id": company.bernard.pk})
    # Bernard works in Finance, which Paul does not manage: his own department is no scope.
    assert client_for(company.paul).get(bernard).status_code == 404
    assert client_for(company.sophie).get(bernard).status_code == 404
