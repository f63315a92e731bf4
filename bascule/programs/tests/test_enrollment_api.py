"""The enrollment API, /api/enrollment/: the same rules as the pages, in JSON."""

import datetime as dt

import pytest
from django.core import mail

from bascule.programs.models import (
    Application,
    ApplicationStatus,
    Invitation,
    ParticipantRole,
    Program,
    ProgramStatus,
)
from bascule.skills.models import Skill

BASE = "/api/enrollment"


@pytest.fixture
def program(company):
    program = Program.objects.create(
        name="Digital reverse mentoring",
        status=ProgramStatus.ENROLLING,
        open_enrollment=True,
        starts_on=dt.date(2027, 1, 11),
        ends_on=dt.date(2027, 6, 30),
        mentor_max_level=3,
        mentee_min_level=5,
    )
    program.managers.add(company.paul)
    return program


@pytest.fixture
def other_program(db):
    return Program.objects.create(
        name="Other", starts_on=dt.date(2027, 1, 1), ends_on=dt.date(2027, 2, 1)
    )


def payload(**overrides):
    data = {
        "role": "mentor",
        "interests": ["cycling", "Cycling", "jazz"],
        "availability": ["tue-noon"],
        "languages": ["fr"],
        "charter_accepted": True,
        "privacy_notice_accepted": True,
    }
    data.update(overrides)
    return data


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_a_participant_applies_reads_updates_and_withdraws(
    client, company, program, django_capture_on_commit_callbacks
):
    old = Skill.objects.create(slug="old", label_fr="Vieux", label_en="Old")
    new = Skill.objects.create(slug="new", label_fr="Neuf", label_en="New")
    old.merged_into = new
    old.save()
    client.force_login(company.lea_user)
    response = post(
        client,
        f"{BASE}/programs/{program.pk}/applications",
        payload(skills_to_share=[{"skill_id": old.pk, "level": 3}]),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["interests"] == ["cycling", "jazz"]
    assert body["skills_to_share"] == [
        {"skill_id": new.pk, "slug": "new", "label": "New", "level": 3}
    ]
    assert body["replaced_skills"] == ["Old → New"]
    application_id = body["id"]
    assert client.get(f"{BASE}/applications/{application_id}").json()["status"] == "submitted"
    assert [a["id"] for a in client.get(f"{BASE}/applications/mine").json()] == [application_id]

    url = f"{BASE}/applications/{application_id}"
    response = client.put(url, payload(hopes="More", version=1), content_type="application/json")
    assert response.status_code == 200 and response.json()["version"] == 2
    response = client.put(url, payload(hopes="Stale", version=1), content_type="application/json")
    assert response.status_code == 409
    assert response.json()["code"] == "stale_version"

    response = post(client, f"{url}/withdraw", {"reason": ""})
    assert response.status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, f"{url}/withdraw", {"reason": "No time"})
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    assert [m.to for m in mail.outbox] == [[company.paul.email]]


def test_application_errors_are_400_with_a_code(client, company, program):
    client.force_login(company.lea_user)
    url = f"{BASE}/programs/{program.pk}/applications"
    response = post(client, url, payload(role="mentee"))
    assert response.status_code == 400 and response.json()["code"] == "ineligible"
    response = post(client, url, payload(charter_accepted=False))
    assert response.json()["code"] == "charter_not_accepted"
    retired = Skill.objects.create(
        slug="gone",
        label_fr="Parti",
        label_en="Gone",
        retired_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
    )
    response = post(client, url, payload(skills_to_develop=[{"skill_id": retired.pk, "level": 1}]))
    assert response.json()["code"] == "retired_skill"
    assert post(client, url, payload()).status_code == 201
    response = post(client, url, payload())
    assert response.status_code == 400 and response.json()["code"] == "duplicate"


def test_someone_elses_application_is_a_404_and_sponsors_get_403(client, company, program):
    bernards = Application.objects.create(
        program=program, employee=company.bernard, role=ParticipantRole.MENTEE
    )
    client.force_login(company.lea_user)
    assert client.get(f"{BASE}/applications/{bernards.pk}").status_code == 404
    response = client.put(
        f"{BASE}/applications/{bernards.pk}",
        payload(version=1),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert (
        post(client, f"{BASE}/applications/{bernards.pk}/withdraw", {"reason": "x"}).status_code
        == 404
    )
    response = post(client, f"{BASE}/applications/{bernards.pk}/decision", {"decision": "approved"})
    assert response.status_code == 403
    client.force_login(company.sophie)
    assert client.get(f"{BASE}/applications/{bernards.pk}").status_code == 403
    assert client.get(f"{BASE}/programs/{program.pk}/applications").status_code == 403
    assert client.get(f"{BASE}/programs/{program.pk}/funnel").status_code == 200


def test_managers_invite_list_and_decide(
    client, company, program, other_program, django_capture_on_commit_callbacks
):
    client.force_login(company.paul)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client,
            f"{BASE}/programs/{program.pk}/invitations",
            {"entries": ["lea.martin@example.com", "E005", "ghost@example.com"]},
        )
    assert response.status_code == 201
    assert response.json() == {
        "invited": 2,
        "resent": 0,
        "already_invited": 0,
        "left": 0,
        "accounts_created": 0,
        "unknown": ["ghost@example.com"],
    }
    assert len(mail.outbox) == 2
    names = [
        i["employee_name"] for i in client.get(f"{BASE}/programs/{program.pk}/invitations").json()
    ]
    assert sorted(names) == ["Bernard Lefèvre", "Léa Martin"]
    response = post(
        client, f"{BASE}/programs/{other_program.pk}/invitations", {"department_ids": [1]}
    )
    assert response.status_code == 404

    lea = Application.objects.create(
        program=program, employee=company.lea, role=ParticipantRole.MENTOR
    )
    bernard = Application.objects.create(
        program=program, employee=company.bernard, role=ParticipantRole.MENTEE
    )
    response = post(client, f"{BASE}/applications/{lea.pk}/decision", {"decision": "declined"})
    assert response.status_code == 400 and response.json()["code"] == "reason_required"
    response = post(
        client,
        f"{BASE}/applications/{lea.pk}/decision",
        {"decision": "approved", "version": lea.version},
    )
    assert response.status_code == 200 and response.json()["status"] == "approved"
    response = post(
        client,
        f"{BASE}/programs/{program.pk}/applications/decisions",
        {"application_ids": [bernard.pk], "decision": "waitlisted"},
    )
    assert response.json() == {"changed": [bernard.pk], "skipped": []}
    listed = client.get(f"{BASE}/programs/{program.pk}/applications?status=waitlisted").json()
    assert [a["id"] for a in listed] == [bernard.pk]
    funnel = client.get(f"{BASE}/programs/{program.pk}/funnel").json()
    assert funnel["invited"] == 2
    assert funnel["statuses"]["approved"] == 1 and funnel["statuses"]["waitlisted"] == 1
    assert Application.objects.get(pk=bernard.pk).status == ApplicationStatus.WAITLISTED
    assert Invitation.objects.count() == 2


def test_paul_cannot_reach_another_programs_applications(client, company, program, other_program):
    foreign = Application.objects.create(
        program=other_program, employee=company.cmo, role=ParticipantRole.MENTEE
    )
    client.force_login(company.paul)
    assert client.get(f"{BASE}/applications/{foreign.pk}").status_code == 404
    response = post(client, f"{BASE}/applications/{foreign.pk}/decision", {"decision": "approved"})
    assert response.status_code == 404
    assert client.get(f"{BASE}/programs/{other_program.pk}/funnel").status_code == 404
    response = post(
        client,
        f"{BASE}/programs/{program.pk}/applications/decisions",
        {"application_ids": [foreign.pk], "decision": "approved"},
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == ApplicationStatus.SUBMITTED
