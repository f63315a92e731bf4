"""HR and program managers review applications: filters, decisions, bulk; the funnel."""

import datetime as dt
import html
import re

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from bascule.accounts.models import Role
from bascule.core.models import AuditEntry
from bascule.programs.enrollment.selectors import participant_panel, program_funnel
from bascule.programs.models import (
    Application,
    ApplicationStatus,
    Invitation,
    ParticipantRole,
    Program,
    ProgramStatus,
)
from bascule.testing import make_employee, make_user


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
        mentor_capacity=1,
    )
    program.managers.add(company.paul)
    return program


@pytest.fixture
def applications(company, program):
    return {
        "lea": Application.objects.create(
            program=program, employee=company.lea, role=ParticipantRole.MENTOR
        ),
        "bernard": Application.objects.create(
            program=program, employee=company.bernard, role=ParticipantRole.MENTEE
        ),
    }


def review_url(program, **query):
    url = reverse("programs:application_review", kwargs={"program_id": program.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_review_list_filters_by_status_role_and_department(
    client, company, program, applications
):
    client.force_login(company.paul)
    page = client.get(review_url(program)).content.decode()
    assert "Léa Martin" in page and "Bernard Lefèvre" in page
    page = client.get(review_url(program, role="mentee")).content.decode()
    assert "Léa Martin" not in page and "Bernard Lefèvre" in page
    page = client.get(review_url(program, department=company.marketing.pk)).content.decode()
    assert "Léa Martin" in page and "Bernard Lefèvre" not in page
    page = client.get(review_url(program, status="approved")).content.decode()
    assert "No application matches these filters." in page


def test_decline_needs_a_reason_then_tells_the_applicant(
    client, company, program, applications, django_capture_on_commit_callbacks
):
    client.force_login(company.alice)
    lea = applications["lea"]
    url = reverse("programs:application_decide", kwargs={"application_id": lea.pk})
    response = client.post(url, {"decision": "declined", "reason": "", "version": lea.version})
    assert response.status_code == 200
    assert "Give a reason when you decline" in response.content.decode()
    lea.refresh_from_db()
    assert lea.status == ApplicationStatus.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"decision": "declined", "reason": "Program is full", "version": lea.version}
        )
    assert response.status_code == 302
    lea.refresh_from_db()
    assert lea.status == ApplicationStatus.DECLINED
    assert lea.decision_reason == "Program is full" and lea.decided_by == company.alice
    (message,) = mail.outbox
    assert message.to == [company.lea_user.email]
    assert "Program is full" in message.body
    assert "was not accepted" in message.body
    assert AuditEntry.objects.filter(action="application.declined").count() == 1


def test_a_stale_decision_is_refused_with_the_input_kept(client, company, program, applications):
    client.force_login(company.paul)
    lea = applications["lea"]
    url = reverse("programs:application_decide", kwargs={"application_id": lea.pk})
    client.post(url, {"decision": "approved", "version": lea.version})
    response = client.post(
        url, {"decision": "declined", "reason": "Typed reason", "version": lea.version}
    )
    page = response.content.decode()
    assert "changed meanwhile" in page
    assert "Typed reason" in page
    lea.refresh_from_db()
    assert lea.status == ApplicationStatus.APPROVED


def bulk_url(program, **query):
    url = reverse("programs:application_bulk", kwargs={"program_id": program.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def confirm_data(page: str) -> dict[str, list[str]]:
    """Return the hidden fields of the confirmation form, as the browser would send them."""
    form = page.split('name="confirm"', 1)[0].rsplit("<form", 1)[1] + 'name="confirm"'
    data: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form):
        if name != "csrfmiddlewaretoken":
            data.setdefault(name, []).append(html.unescape(value))
    data["confirm"] = ["1"]
    return data


def test_bulk_decisions_ask_for_a_confirmation_that_counts_the_emails(
    client, company, program, applications, django_capture_on_commit_callbacks
):
    client.force_login(company.paul)
    ids = [applications["lea"].pk, applications["bernard"].pk]
    response = client.post(bulk_url(program), {"applications": ids, "decision": "declined"})
    page = response.content.decode()
    assert "Give a reason when you decline" in page
    # The selection is kept.
    assert page.count("checked") == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(bulk_url(program), {"applications": ids, "decision": "waitlisted"})
    # The first post only shows what would happen: nothing is written, nobody is e-mailed.
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Put 2 applications on the waiting list: 2 people will be e-mailed." in page
    assert "Léa Martin (Mentor): Awaiting review → Waitlisted" in page
    assert set(Application.objects.values_list("status", flat=True)) == {"submitted"}
    assert not mail.outbox and not AuditEntry.objects.filter(action="application.waitlisted")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(bulk_url(program), confirm_data(page))
    assert response.status_code == 302
    assert set(Application.objects.values_list("status", flat=True)) == {"waitlisted"}
    assert len(mail.outbox) == 2
    # The list says how many e-mails are on their way; a program manager has no failed
    # e-mails page to follow them on.
    listed = client.get(response.url).content.decode()
    assert (
        "Decision recorded for 2 applications. 2 e-mails will be sent in the next few minutes."
        in listed
    )
    assert "/emails/failed/" not in listed
    assert AuditEntry.objects.filter(action="application.waitlisted").count() == 2
    response = client.post(bulk_url(program), {"decision": "approved"})
    assert "Select at least one application." in response.content.decode()


def test_bulk_decisions_count_only_the_people_who_will_be_emailed(
    client, company, program, applications, django_capture_on_commit_callbacks
):
    applications["bernard"].status = ApplicationStatus.APPROVED
    applications["bernard"].save()
    withdrawn = Application.objects.create(
        program=program,
        employee=company.cmo,
        role=ParticipantRole.MENTEE,
        status=ApplicationStatus.WITHDRAWN,
    )
    no_account = Application.objects.create(
        program=program, employee=company.cfo, role=ParticipantRole.MENTEE
    )
    client.force_login(company.alice)
    ids = [applications["lea"].pk, applications["bernard"].pk, withdrawn.pk, no_account.pk]
    response = client.post(bulk_url(program), {"applications": ids, "decision": "approved"})
    page = html.unescape(response.content.decode())
    # Léa and Hélène change; only Léa has an account; Bernard is already approved.
    assert "Approve 2 applications: 1 person will be e-mailed." in page
    assert "1 of them has no active account and will not be e-mailed." in page
    assert "Marc Petit: withdrawn, nothing to decide" in page
    assert "Bernard Lefèvre: already approved, with the same reason" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(bulk_url(program), confirm_data(page))
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[company.lea_user.email]]
    # HR is told where to follow the delivery.
    listed = client.get(response.url).content.decode()
    assert (
        "Decision recorded for 2 applications. 1 e-mail will be sent in the next few minutes. "
        'Follow their delivery under <a href="/emails/failed/">Failed e-mails</a>: an e-mail '
        "that cannot be delivered is listed there." in listed
    )
    no_account.refresh_from_db()
    assert no_account.status == ApplicationStatus.APPROVED


def test_select_all_takes_every_application_of_the_page_without_javascript(
    client, company, program, applications
):
    client.force_login(company.paul)
    ids = [applications["lea"].pk, applications["bernard"].pk]
    review = client.get(review_url(program)).content.decode()
    listed = re.findall(r'<input type="hidden" name="page_applications" value="(\d+)">', review)
    assert sorted(int(pk) for pk in listed) == sorted(ids)
    assert 'name="select_page"' in review
    response = client.post(
        bulk_url(program),
        {"select_page": "on", "page_applications": listed, "decision": "approved"},
    )
    page = html.unescape(response.content.decode())
    assert "Approve 2 applications: 2 people will be e-mailed." in page
    assert sorted(confirm_data(page)["applications"]) == sorted(str(pk) for pk in ids)


def test_a_bulk_decision_is_checked_again_when_things_changed_meanwhile(
    client, company, program, applications, django_capture_on_commit_callbacks
):
    client.force_login(company.paul)
    ids = [applications["lea"].pk, applications["bernard"].pk]
    page = html.unescape(
        client.post(
            bulk_url(program), {"applications": ids, "decision": "approved"}
        ).content.decode()
    )
    # Meanwhile, Bernard withdraws: the figures on the confirmation page are no longer true.
    applications["bernard"].status = ApplicationStatus.WITHDRAWN
    applications["bernard"].save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(bulk_url(program), confirm_data(page))
    assert response.status_code == 200
    again = html.unescape(response.content.decode())
    assert "These applications changed meanwhile" in again
    assert "Approve 1 application: 1 person will be e-mailed." in again
    assert not mail.outbox
    assert Application.objects.get(pk=applications["lea"].pk).status == "submitted"


def test_going_back_from_the_confirmation_keeps_the_filters_and_the_selection(
    client, company, program, applications
):
    client.force_login(company.paul)
    lea = applications["lea"].pk
    response = client.post(
        bulk_url(program, role="mentor"), {"applications": [lea], "decision": "approved"}
    )
    page = html.unescape(response.content.decode())
    back = re.search(r'<a href="([^"]+)">Go back to the list', page).group(1)
    assert back == f"{review_url(program)}?role=mentor&applications={lea}"
    listing = client.get(back).content.decode()
    assert f'value="{lea}" id="select-{lea}" data-select-row checked' in listing
    # Deciding from there goes back to the same filtered list, without the selection.
    assert f'action="{bulk_url(program, role="mentor")}"' in listing


def test_each_row_has_a_labelled_checkbox_and_the_page_a_select_all(
    client, company, program, applications
):
    client.force_login(company.paul)
    page = html.unescape(client.get(review_url(program)).content.decode())
    assert "Select Léa Martin's application" in page
    assert "Select all 2 applications on this page" in page
    assert "Next: check and confirm" in page
    assert 'src="/static/js/bulk-select.js" defer' in page


def test_pages_of_the_list_shown_again_after_an_error_point_at_the_list(
    client, company, program, applications
):
    for number in range(55):
        employee = make_employee(f"B{number}", "Many", f"Applicant{number}", seniority_level=6)
        Application.objects.create(program=program, employee=employee, role="mentee")
    client.force_login(company.paul)
    page = client.post(bulk_url(program), {"decision": "approved"}).content.decode()
    assert f'href="{review_url(program)}?page=2"' in page


def test_bulk_refuses_an_application_of_another_program(client, company, program, applications):
    other = Program.objects.create(
        name="Other", starts_on=dt.date(2027, 1, 1), ends_on=dt.date(2027, 2, 1)
    )
    foreign = Application.objects.create(
        program=other, employee=company.cmo, role=ParticipantRole.MENTEE
    )
    client.force_login(company.alice)
    url = reverse("programs:application_bulk", kwargs={"program_id": program.pk})
    response = client.post(url, {"applications": [foreign.pk], "decision": "approved"})
    assert response.status_code == 200
    foreign.refresh_from_db()
    assert foreign.status == ApplicationStatus.SUBMITTED


def test_the_funnel_counts_by_stage_role_department_and_level(company, program, applications):
    Invitation.objects.create(program=program, employee=company.lea, token="a")
    Invitation.objects.create(program=program, employee=company.cmo, token="b")
    applications["bernard"].status = ApplicationStatus.APPROVED
    applications["bernard"].save()
    funnel = program_funnel(program=program)
    assert funnel["invited"] == 2 and funnel["applied"] == 2
    assert {s["value"]: s["count"] for s in funnel["statuses"]} == {
        "submitted": 1,
        "approved": 1,
        "waitlisted": 0,
        "declined": 0,
        "withdrawn": 0,
    }
    by_department = {row["label"]: row["total"] for row in funnel["by_department"]}
    assert by_department == {"Finance": 1, "Marketing": 1}
    by_level = {row["label"]: row["counts"] for row in funnel["by_level"]}
    assert by_level == {"Level 2": [1, 0, 0, 0, 0], "Level 6": [0, 1, 0, 0, 0]}
    # One approved mentee, no approved mentor: one mentee has no place.
    assert funnel["capacity_shortfall"] == 1
    html = render_to_string("programs/partials/funnel.html", {"funnel": funnel})
    assert "Not enough mentors" in html and "1 mentee has no place." in html
    assert "Léa" not in html and "Bernard" not in html


def test_the_capacity_warning_goes_once_mentors_cover_the_mentees(company, program, applications):
    for application in applications.values():
        application.status = ApplicationStatus.APPROVED
        application.save()
    funnel = program_funnel(program=program)
    assert funnel["capacity"] == 1 and funnel["capacity_shortfall"] == 0
    html = render_to_string("programs/partials/funnel.html", {"funnel": funnel})
    assert "Not enough mentors" not in html
    for index in range(3):
        employee = make_employee(f"S{index}", "Senior", f"Number{index}", seniority_level=7)
        Application.objects.create(
            program=program,
            employee=employee,
            role=ParticipantRole.MENTEE,
            status=ApplicationStatus.APPROVED,
        )
    program.mentor_capacity = 2
    program.save()
    funnel = program_funnel(program=program)
    assert (funnel["capacity"], funnel["approved_mentees"], funnel["capacity_shortfall"]) == (
        2,
        4,
        2,
    )


def test_the_sponsor_sees_the_funnel_page_but_no_application(
    client, company, program, applications
):
    client.force_login(company.sophie)
    url = reverse("programs:enrollment_funnel", kwargs={"program_id": program.pk})
    page = client.get(url).content.decode()
    assert "Applications by role" in page
    assert "Léa" not in page
    detail = reverse(
        "programs:application_detail", kwargs={"application_id": applications["lea"].pk}
    )
    assert client.get(detail).status_code == 403


def test_the_participant_panel_shows_eligibility_and_the_way_in(company, program):
    request = RequestFactory().get("/")
    panel = participant_panel(program=program, user=company.lea_user)
    assert panel["can_apply"]
    assert [bool(role["problems"]) for role in panel["roles"]] == [False, True]
    html = render_to_string(
        "programs/partials/participant_panel.html", {"panel": panel}, request=request
    )
    assert "Mentor: you are eligible." in html
    assert reverse("programs:apply", kwargs={"program_id": program.pk}) in html
    application = Application.objects.create(
        program=program, employee=company.lea, role=ParticipantRole.MENTOR
    )
    panel = participant_panel(program=program, user=company.lea_user)
    html = render_to_string("programs/partials/participant_panel.html", {"panel": panel})
    assert "You have applied as Mentor. Status: Awaiting review." in html
    assert reverse("programs:application_edit", kwargs={"application_id": application.pk}) in html
    sponsor = make_user("other.sponsor@example.com", Role.SPONSOR)
    assert participant_panel(program=program, user=sponsor) == {}


def _mentee_applications(program, company, count: int) -> None:
    from bascule.testing import make_employee

    for i in range(count):
        person = make_employee(f"S{i}", f"Senior{i}", "Test", seniority_level=7)
        Application.objects.create(
            program=program, employee=person, role=ParticipantRole.MENTEE, status="approved"
        )


@pytest.mark.parametrize("mentees, shown", [(1, False), (4, False), (5, True)])
def test_the_sponsor_sees_no_count_of_fewer_than_five_people(
    client, company, program, mentees, shown
):
    # The small-group rule of every aggregate: 1 or 4 approved mentees read "fewer than 5"
    # for the sponsor, on the program list, the program page, the funnel page and the API;
    # HR, who reviews the applications themselves, sees the count.
    _mentee_applications(program, company, mentees)
    client.force_login(company.sophie)
    expected = str(mentees) if shown else "fewer than 5"
    funnel_url = reverse("programs:enrollment_funnel", kwargs={"program_id": program.pk})
    for url in (reverse("programs:program_list"), funnel_url):
        page = client.get(url).content.decode()
        assert re.search(rf'<td class="text-end"[^>]*>{expected}</td>', page), url
    detail = client.get(reverse("programs:program_detail", args=[program.pk])).content.decode()
    assert f"Approved mentees: {expected}." in detail
    api = client.get(f"/api/enrollment/programs/{program.pk}/funnel").json()
    assert api["approved_mentees"] == (mentees if shown else None)
    assert api["statuses"]["approved"] == (mentees if shown else None)
    [listed] = client.get("/api/programs/").json()
    assert listed["approved_mentees"] == (mentees if shown else None)
    # Nobody approved as a mentor: none is not a small group, shown as 0.
    assert listed["approved_mentors"] == 0

    client.force_login(company.alice)
    assert (
        client.get(f"/api/enrollment/programs/{program.pk}/funnel").json()["approved_mentees"]
        == mentees
    )
    assert (
        f"Approved mentees: {mentees}."
        in client.get(reverse("programs:program_detail", args=[program.pk])).content.decode()
    )
