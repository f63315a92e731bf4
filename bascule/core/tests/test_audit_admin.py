"""The Django admin: the audit log is read-only there too, and admin edits are audited.

Who may see what: Root is a staff superuser (the admin is for staff only); nobody, not even
Root, may add, change or delete an audit entry.
"""

import json

import pytest
from django.contrib import admin
from django.test import RequestFactory

from bascule.accounts.models import Role, User
from bascule.core.audit import audit_record
from bascule.core.models import AuditEntry
from bascule.people.models import Employee
from bascule.testing import PASSWORD, make_user


@pytest.fixture
def root(company):
    return make_user("root.admin@example.com", Role.HR_ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def root_client(client, root):
    client.force_login(root)
    return client


@pytest.fixture
def entry(company):
    return audit_record(
        actor=company.alice, action="employee.update", target=company.lea, changes={"a": 1}
    )


def test_it_lists_and_shows_audit_entries(root_client, entry):
    assert root_client.get("/admin/core/auditentry/").status_code == 200
    response = root_client.get(f"/admin/core/auditentry/{entry.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "employee.update" in html
    assert 'name="_save"' not in html


def test_it_refuses_to_change_an_audit_entry(root_client, entry):
    response = root_client.post(
        f"/admin/core/auditentry/{entry.pk}/change/",
        {"action": "nothing.happened", "actor_label": "someone@else.com"},
    )
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.action == "employee.update"


def test_it_refuses_to_add_or_delete_audit_entries(root_client, entry):
    assert root_client.get("/admin/core/auditentry/add/").status_code == 403
    assert root_client.post("/admin/core/auditentry/add/", {"action": "x"}).status_code == 403
    assert (
        root_client.post(f"/admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    response = root_client.post(
        "/admin/core/auditentry/",
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
    assert response.status_code in (200, 302)


def test_its_permissions_are_read_only(root):
    model_admin = admin.site._registry[AuditEntry]
    request = RequestFactory().get("/admin/")
    request.user = root
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert not model_admin.get_actions(request)


def test_it_is_closed_to_non_staff(client, company, entry):
    client.force_login(company.alice)
    response = client.get("/admin/core/auditentry/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def employee_form(employee, **changes) -> dict:
    data = {
        "employee_id": employee.employee_id,
        "first_name": employee.first_name,
        "last_name": employee.last_name,
        "email": employee.email,
        "department": employee.department_id or "",
        "job_title": employee.job_title,
        "seniority_level": employee.seniority_level or "",
        "experience_years": employee.experience_years or "",
        "hire_date": employee.hire_date.isoformat() if employee.hire_date else "",
        "manager": employee.manager_id or "",
        "location": employee.location,
        "time_zone": employee.time_zone,
        "languages": json.dumps(employee.languages),
        "left_on": "",
    }
    data.update(changes)
    return data


def test_it_audits_an_employee_edit(root_client, company, root):
    response = root_client.post(
        f"/admin/people/employee/{company.cmo.pk}/change/",
        employee_form(company.cmo, job_title="Growth director", department=company.finance.pk),
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin.change")
    assert entry.actor == root
    assert entry.object_type == "people.employee"
    assert entry.object_id == str(company.cmo.pk)
    assert entry.changes == {
        "job_title": {"old": "Marketing director", "new": "Growth director"},
        "department": {"old": "Marketing", "new": "Finance"},
    }


def test_it_never_deletes_an_employee(root_client, company):
    # The erasure of their personal data, with its confirmation, is offered instead.
    response = root_client.post(f"/admin/people/employee/{company.lea.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert response["Location"] == f"/privacy/people/{company.lea.pk}/erase/"
    assert Employee.objects.filter(pk=company.lea.pk).exists()


def test_it_keeps_the_generation_out_of_the_employee_admin(root_client, company):
    html = root_client.get(f"/admin/people/employee/{company.lea.pk}/change/").content.decode()
    assert "generation_band" not in html


def test_it_shows_no_password_hash(root_client, company):
    response = root_client.get(f"/admin/accounts/user/{company.lea_user.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert company.lea_user.password not in html
    assert company.lea_user.password[:6] not in html
    # The hasher's name as Django's summary shows it ("algorithm: md5"), not the three letters,
    # which a random CSRF token may contain.
    assert "md5$" not in html.lower()
    assert "algorithm" not in html.lower()
    assert "../password/" in html
    assert 'name="username"' not in html


def test_it_adds_a_user_by_email_and_audits_it_without_the_password(root_client):
    response = root_client.post(
        "/admin/accounts/user/add/",
        {
            "email": "new.colleague@example.com",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(email="new.colleague@example.com")
    assert user.check_password(PASSWORD)
    entry = AuditEntry.objects.get(action="admin.add")
    assert entry.object_id == str(user.pk)
    assert "password1" not in entry.changes
    assert PASSWORD not in str(entry.changes)


def test_it_audits_a_role_change(root_client, company):
    user = company.sophie
    response = root_client.post(
        f"/admin/accounts/user/{user.pk}/change/",
        {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "language": user.language,
            "time_zone": user.time_zone,
            "role": Role.PROGRAM_MANAGER,
            "employee": "",
            "managed_departments": [company.finance.pk],
            "is_active": "on",
            "date_joined_0": "2025-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = AuditEntry.objects.get(action="admin.change")
    assert entry.changes["role"] == {"old": "sponsor", "new": "program_manager"}
    assert entry.changes["managed_departments"] == {"old": [], "new": ["Finance"]}


def test_it_audits_a_password_change_without_the_password(root_client, company):
    response = root_client.post(
        f"/admin/accounts/user/{company.lea_user.pk}/password/",
        {"password1": "an0ther-l0ng-passw0rd", "password2": "an0ther-l0ng-passw0rd"},
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin.password_change")
    assert entry.object_id == str(company.lea_user.pk)
    assert entry.changes == {}
