"""The applications of a program as CSV and XLSX, from the review page (its filters too):
HR admins and the program's managers (404 for a program they do not manage), 403 for
everyone else; no free text the applicant wrote."""

import datetime as dt

import pytest
from django.urls import reverse

from bascule.programs.models import (
    Application,
    ApplicationSkill,
    ApplicationStatus,
    ParticipantRole,
    Program,
    ProgramStatus,
    SkillDirection,
)
from bascule.skills.models import Skill
from bascule.testing import make_employee, read_export


@pytest.fixture
def program(company):
    program = Program.objects.create(
        name="Digital reverse mentoring",
        status=ProgramStatus.ENROLLING,
        open_enrollment=True,
        starts_on=dt.date(2027, 1, 11),
        ends_on=dt.date(2027, 6, 30),
    )
    program.managers.add(company.paul)
    return program


@pytest.fixture
def applications(company, program):
    evil = Skill.objects.create(
        slug="evil", label_en='=HYPERLINK("http://x","y")', label_fr="=HYPERLINK(fr)"
    )
    plain = Skill.objects.create(slug="plain", label_en="Podcasts", label_fr="Balados")
    lea = Application.objects.create(
        program=program,
        employee=company.lea,
        role=ParticipantRole.MENTOR,
        languages=["fr", "en"],
        hopes="Something I told only HR",
        skills_to_share_text="a private wording",
        status=ApplicationStatus.APPROVED,
        decided_at=dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC),
    )
    ApplicationSkill.objects.create(
        application=lea, skill=evil, direction=SkillDirection.SHARE, level=3
    )
    ApplicationSkill.objects.create(
        application=lea, skill=plain, direction=SkillDirection.SHARE, level=3
    )
    ApplicationSkill.objects.create(
        application=lea, skill=plain, direction=SkillDirection.DEVELOP, level=2
    )
    bernard = Application.objects.create(
        program=program, employee=company.bernard, role=ParticipantRole.MENTEE, languages=["fr"]
    )
    return {"lea": lea, "bernard": bernard}


def url(program, fmt, **query):
    base = reverse("programs:application_export", kwargs={"program_id": program.pk, "fmt": fmt})
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def table(response, fmt):
    assert response.status_code == 200
    rows = read_export(response)
    return rows[1:] if fmt == "csv" else rows


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_lists_the_applications(client, company, program, applications, fmt):
    client.force_login(company.paul)
    response = client.get(url(program, fmt))
    assert response["Content-Disposition"] == (
        f'attachment; filename="applications-{program.pk}.{fmt}"'
    )
    rows = table(response, fmt)
    assert rows[0] == [
        "Employee ID",
        "Name",
        "E-mail",
        "Department",
        "Role",
        "Status",
        "Submitted on",
        "Decided on",
        "Skills shared",
        "Skills wanted",
        "Languages",
    ]
    lea = company.lea
    row = next(row for row in rows if row[0] == lea.employee_id)
    assert row[1:6] == [lea.full_name, lea.email, lea.department.name, "Mentor", "Approved"]
    assert row[6] == applications["lea"].created_at.date().isoformat()
    assert row[7] == "2026-12-01"
    assert row[8] == '\'=HYPERLINK("http://x","y"), Podcasts'
    assert row[9] == "Podcasts"
    assert row[10] == "French, English"
    assert len(rows) == 3
    text = " ".join(str(cell) for row in rows for cell in row)
    assert "told only HR" not in text
    assert "private wording" not in text


def test_it_follows_the_pages_filters(client, company, program, applications):
    client.force_login(company.alice)
    rows = table(client.get(url(program, "csv", role="mentee")), "csv")
    assert [row[0] for row in rows[1:]] == [company.bernard.employee_id]
    page = client.get(
        reverse("programs:application_review", args=[program.pk]) + "?role=mentee&page=1"
    ).content.decode()
    assert f'href="{url(program, "xlsx", role="mentee")}"' in page


def test_access(client, company, program, applications):
    other = Program.objects.create(
        name="Other", starts_on=dt.date(2027, 1, 11), ends_on=dt.date(2027, 6, 30)
    )
    assert client.get(url(program, "csv")).status_code == 302
    client.force_login(company.paul)
    assert client.get(url(other, "csv")).status_code == 404
    assert client.get(url(program, "ods")).status_code == 404
    client.force_login(company.sophie)
    assert client.get(url(program, "xlsx")).status_code == 403


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_its_queries_do_not_grow_with_the_applications(
    client, company, program, applications, fmt, django_assert_max_num_queries
):
    client.force_login(company.alice)
    with django_assert_max_num_queries(10) as few:
        client.get(url(program, fmt))
    plain = Skill.objects.get(slug="plain")
    for number in range(10):
        employee = make_employee(f"X{number:03}", "Row", f"Person{number}")
        application = Application.objects.create(
            program=program, employee=employee, role=ParticipantRole.MENTEE, languages=["en"]
        )
        ApplicationSkill.objects.create(
            application=application, skill=plain, direction=SkillDirection.DEVELOP, level=1
        )
    with django_assert_max_num_queries(len(few)):
        rows = table(client.get(url(program, fmt)), fmt)
    assert len(rows) == 13
