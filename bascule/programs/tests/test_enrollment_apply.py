"""Applying to a program through the application form, editing it, withdrawing.

Léa (level 2, Marketing) may be a mentor in a program taking mentors up to level 3 and
mentees from level 5; Bernard (level 6, Finance) may be a mentee.
"""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from bascule.core.models import AuditEntry
from bascule.programs.enrollment import services
from bascule.programs.models import (
    Application,
    ApplicationStatus,
    Invitation,
    ParticipantRole,
    Program,
    ProgramStatus,
    SkillDirection,
)
from bascule.skills.models import Skill, SkillCategory


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
        languages=["fr", "en"],
        charter="Confidentiality first.",
    )
    program.managers.add(company.paul)
    return program


@pytest.fixture
def skills(db):
    category, _created = SkillCategory.objects.get_or_create(
        slug="ai-data", defaults={"name_fr": "IA", "name_en": "AI and data"}
    )
    make = lambda slug, label, **extra: Skill.objects.create(  # noqa: E731
        slug=slug, category=category, label_fr=label, label_en=label, **extra
    )
    return {
        "python": make("python", "Python"),
        "prompting": make("prompting", "Prompting"),
        "leadership": make("leadership", "Leadership"),
    }


def form_data(**overrides):
    data = {
        "role": "mentor",
        "interests": "cycling, photography, , Cycling",
        "hopes": "Understand how seniors decide.",
        "availability": ["mon-am", "thu-eve"],
        "preferred_format": "virtual",
        "languages": ["fr", "en"],
        "charter_accepted": "on",
        "privacy_notice_accepted": "on",
    }
    data.update(overrides)
    return data


def apply_url(program):
    return reverse("programs:apply", kwargs={"program_id": program.pk})


def test_the_form_shows_which_roles_are_open_before_anything_is_filled(client, company, program):
    client.force_login(company.lea_user)
    response = client.get(apply_url(program))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Mentor — you are eligible" in page
    assert "Mentee — not open to you" in page
    assert "mentees are experienced colleagues" in page
    assert "Confidentiality first." in page
    assert "legitimate interest" in page
    assert "12 months after the program closes" in page
    assert page.count("<h1") == 1


def test_an_eligible_employee_applies_with_skills_interests_and_slots(
    client, company, program, skills
):
    client.force_login(company.lea_user)
    data = form_data(
        **{
            f"share_{skills['python'].pk}": "4",
            f"develop_{skills['leadership'].pk}": "1",
            f"share_{skills['prompting'].pk}": "",
        }
    )
    response = client.post(apply_url(program), data)
    assert response.status_code == 302
    assert response.url == reverse("programs:my_applications")
    application = Application.objects.get(program=program, employee=company.lea)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.role == ParticipantRole.MENTOR
    assert application.interests == ["cycling", "photography"]
    assert application.availability == ["mon-am", "thu-eve"]
    assert application.charter_accepted_at is not None
    assert application.privacy_notice_accepted_at is not None
    assert {(s.skill.slug, s.direction, s.level) for s in application.skills.all()} == {
        ("python", SkillDirection.SHARE, 4),
        ("leadership", SkillDirection.DEVELOP, 1),
    }
    assert AuditEntry.objects.filter(action="application.submit").count() == 1
    page = client.get(reverse("programs:my_applications")).content.decode()
    assert "Digital reverse mentoring" in page and "Awaiting review" in page


def test_an_ineligible_role_is_refused_with_the_rule_and_the_input_kept(client, company, program):
    client.force_login(company.lea_user)
    response = client.post(apply_url(program), form_data(role="mentee", hopes="Keep this text"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "mentees are experienced colleagues: seniority level 5 or above" in page
    assert "Keep this text" in page
    assert 'href="#id_role_0"' in page
    assert not Application.objects.exists()


def test_charter_and_notice_must_be_acknowledged(client, company, program):
    client.force_login(company.lea_user)
    data = form_data(hopes="Still here")
    del data["charter_accepted"], data["privacy_notice_accepted"]
    response = client.post(apply_url(program), data)
    page = response.content.decode()
    assert "Please confirm that you accept the program" in page
    assert "Please confirm that you have read how your information is used." in page
    assert "Still here" in page
    assert not Application.objects.exists()


def test_a_merged_skill_is_replaced_and_the_user_told(client, company, program, skills):
    skills["prompting"].merged_into = skills["python"]
    skills["prompting"].save()
    client.force_login(company.lea_user)
    response = client.post(
        apply_url(program), form_data(**{f"share_{skills['prompting'].pk}": "3"}), follow=True
    )
    assert "“Prompting” has been merged into “Python”: we replaced it for you." in (
        response.content.decode()
    )
    application = Application.objects.get()
    assert [(s.skill.slug, s.level) for s in application.skills.all()] == [("python", 3)]


def test_a_retired_skill_is_an_error_on_its_list(client, company, program, skills):
    skills["prompting"].retired_at = timezone.now()
    skills["prompting"].save()
    client.force_login(company.lea_user)
    response = client.post(
        apply_url(program),
        form_data(
            **{f"develop_{skills['prompting'].pk}": "2", f"share_{skills['python'].pk}": "4"}
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "“Prompting” is no longer offered" in page
    assert 'href="#section-skills_to_develop"' in page
    # The other choices are kept.
    assert 'value="4" selected' in page
    assert not Application.objects.exists()


def test_an_unknown_skill_is_refused(company, program):
    data = services.ApplicationData(
        role="mentor",
        skills_to_share=[services.SkillChoice(skill_id=999999, level=2)],
        charter_accepted=True,
        privacy_notice_accepted=True,
    )
    with pytest.raises(services.ApplicationError) as exc:
        services.application_submit(
            actor=company.lea_user, program=program, employee=company.lea, data=data
        )
    assert exc.value.field == "skills_to_share"


def test_a_second_application_offers_the_existing_one(client, company, program):
    client.force_login(company.lea_user)
    client.post(apply_url(program), form_data())
    existing = Application.objects.get()
    # A stale tab posts the form again.
    response = client.post(apply_url(program), form_data(hopes="Second try"))
    page = response.content.decode()
    assert "You have already applied to this program" in page
    assert reverse("programs:application_edit", kwargs={"application_id": existing.pk}) in page
    assert "Second try" in page
    assert Application.objects.count() == 1
    # Opening the form again leads to the existing application.
    response = client.get(apply_url(program))
    assert response.url == reverse(
        "programs:application_edit", kwargs={"application_id": existing.pk}
    )


@pytest.mark.parametrize("closing", ["status", "date"])
def test_applying_after_enrollment_closed_is_refused(client, company, program, closing):
    client.force_login(company.lea_user)
    client.get(apply_url(program))
    if closing == "status":
        program.status = ProgramStatus.MATCHING
        program.open_enrollment = True
        expected = "Enrollment for this program is not open."
    else:
        program.enrollment_closes_on = timezone.localdate() - dt.timedelta(days=1)
        expected = "Enrollment for this program closed on"
    program.save()
    # Léa was invited, so she still sees the program after enrollment closed.
    Invitation.objects.create(program=program, employee=company.lea, token="t-lea")
    response = client.post(apply_url(program), form_data(hopes="Typed before closing"))
    page = response.content.decode()
    assert expected in page
    assert "Typed before closing" in page
    assert not Application.objects.exists()


def test_an_invitation_only_program_refuses_someone_not_invited(company, program):
    program.open_enrollment = False
    program.save()
    with pytest.raises(services.ApplicationError) as exc:
        services.application_submit(
            actor=company.lea_user,
            program=program,
            employee=company.lea,
            data=services.ApplicationData(
                role="mentor", charter_accepted=True, privacy_notice_accepted=True
            ),
        )
    assert exc.value.code == "not_invited"
    assert "by invitation only" in exc.value.message


def test_an_invitee_applies_to_an_invitation_only_program(client, company, program):
    program.open_enrollment = False
    program.save()
    client.force_login(company.lea_user)
    assert client.get(apply_url(program)).status_code == 404
    Invitation.objects.create(
        program=program, employee=company.lea, token="t", suggested_role="mentor"
    )
    assert client.post(apply_url(program), form_data()).status_code == 302


def test_the_applicant_edits_until_matching_then_it_is_refused(client, company, program):
    client.force_login(company.lea_user)
    client.post(apply_url(program), form_data())
    application = Application.objects.get()
    edit_url = reverse("programs:application_edit", kwargs={"application_id": application.pk})
    page = client.get(edit_url).content.decode()
    assert "Understand how seniors decide." in page
    assert f'name="version" value="{application.version}"' in page
    response = client.post(edit_url, form_data(hopes="Changed", version=application.version))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.hopes == "Changed" and application.version == 2

    program.status = ProgramStatus.MATCHING
    program.save()
    page = client.get(edit_url).content.decode()
    assert "Matching has started: your application can no longer be changed." in page
    assert '<form method="post" novalidate class="application-form">' not in page
    response = client.post(edit_url, form_data(hopes="Too late", version=application.version))
    assert "can no longer be changed" in response.content.decode()
    application.refresh_from_db()
    assert application.hopes == "Changed"


def test_a_stale_version_keeps_the_input_and_explains(client, company, program):
    client.force_login(company.lea_user)
    client.post(apply_url(program), form_data())
    application = Application.objects.get()
    edit_url = reverse("programs:application_edit", kwargs={"application_id": application.pk})
    client.post(edit_url, form_data(hopes="From the laptop", version=1))
    response = client.post(edit_url, form_data(hopes="From the phone", version=1))
    page = response.content.decode()
    assert "changed elsewhere while you were editing it" in page
    assert "From the phone" in page
    application.refresh_from_db()
    assert application.hopes == "From the laptop"


def test_withdrawal_needs_a_reason_and_tells_the_managers(
    client, company, program, django_capture_on_commit_callbacks
):
    client.force_login(company.lea_user)
    client.post(apply_url(program), form_data())
    application = Application.objects.get()
    mail.outbox.clear()
    url = reverse("programs:application_withdraw", kwargs={"application_id": application.pk})
    response = client.post(url, {"reason": "  ", "version": application.version})
    assert "Please tell us briefly why you withdraw." in response.content.decode()
    with_reason = {"reason": "New job abroad", "version": application.version}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, with_reason)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.withdrawal_reason == "New job abroad"
    assert [m.to for m in mail.outbox] == [[company.paul.email]]
    assert "Léa Martin" in mail.outbox[0].subject
    assert "New job abroad" in mail.outbox[0].body
    assert AuditEntry.objects.filter(action="application.withdraw").count() == 1


def test_withdrawal_from_a_program_without_manager_tells_hr(
    company, program, django_capture_on_commit_callbacks
):
    program.managers.clear()
    application, _skills = services.application_submit(
        actor=company.lea_user,
        program=program,
        employee=company.lea,
        data=services.ApplicationData(
            role="mentor", charter_accepted=True, privacy_notice_accepted=True
        ),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_withdraw(
            actor=company.lea_user, application=application, reason="Too busy"
        )
    assert [m.to for m in mail.outbox] == [[company.alice.email]]


def test_a_withdrawn_person_applies_again_on_the_same_row(client, company, program):
    client.force_login(company.lea_user)
    client.post(apply_url(program), form_data())
    application = Application.objects.get()
    services.application_withdraw(
        actor=company.lea_user, application=application, reason="Changed my mind"
    )
    assert client.get(apply_url(program)).status_code == 200
    response = client.post(apply_url(program), form_data(hopes="Back again"))
    assert response.status_code == 302
    again = Application.objects.get()
    assert again.pk == application.pk
    assert again.status == ApplicationStatus.SUBMITTED
    assert again.withdrawal_reason == "" and again.hopes == "Back again"
    assert AuditEntry.objects.filter(action="application.reapply").count() == 1


def test_the_home_page_lists_open_programs_and_my_applications(client, company, program):
    other = Program.objects.create(
        name="Leadership for all",
        status=ProgramStatus.ENROLLING,
        open_enrollment=True,
        starts_on=dt.date(2027, 1, 11),
        ends_on=dt.date(2027, 6, 30),
        mentee_min_level=5,
        mentor_max_level=1,
    )
    client.force_login(company.lea_user)
    page = client.get(reverse("home:home")).content.decode()
    assert "Programs open to you" in page
    assert "Apply to Digital reverse mentoring" in page
    # Léa (level 2) fits neither side of the other program.
    assert other.name not in page
    client.post(apply_url(program), form_data())
    page = client.get(reverse("home:home")).content.decode()
    assert "Apply to Digital reverse mentoring" not in page
    assert "Awaiting review" in page
    assert "See my profile" in page
