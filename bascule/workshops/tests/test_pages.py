"""The pages: a participant's list and workshop page, registering, the waiting list,
cancelling, feedback; HR's list, form, roster and attendance; 404 for others' objects."""

import datetime as dt

import pytest
from django.urls import reverse

from bascule.testing import submission_key
from bascule.training.models import Progress
from bascule.training.tests.factories import make_module
from bascule.workshops import services
from bascule.workshops.models import Feedback, Registration, Workshop
from bascule.workshops.tests.helpers import STARTS, make_people, make_workshop

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def detail(workshop) -> str:
    return reverse("workshops:detail", kwargs={"workshop_id": workshop.pk})


def test_a_participant_registers_then_the_next_one_waits(client, company):
    workshop = make_workshop(company.alice, capacity=1)
    client.force_login(company.lea_user)
    page = client.get(reverse("workshops:list"))
    assert "Giving feedback" in page.content.decode()
    assert "1 seat left" in page.content.decode()
    page = client.get(detail(workshop))
    assert "Thursday 4 March 2027, 10:00–11:30" in page.content.decode()  # Paris time
    key = submission_key(page, reverse("workshops:register", kwargs={"workshop_id": workshop.pk}))
    url = reverse("workshops:register", kwargs={"workshop_id": workshop.pk})
    first = client.post(url, {"submission_key": key})
    second = client.post(url, {"submission_key": key})
    assert first.status_code == second.status_code == 302
    assert Registration.objects.filter(workshop=workshop).count() == 1
    client.force_login(company.bernard_user)
    page = client.get(detail(workshop))
    assert "Join the waiting list" in page.content.decode()
    client.post(url, {"submission_key": submission_key(page, url)})
    page = client.get(detail(workshop))
    assert "You are number 1 on the waiting list" in page.content.decode()


def test_the_time_is_shown_in_my_time_zone(client, company):
    workshop = make_workshop(company.alice)
    company.lea_user.time_zone = "America/New_York"
    company.lea_user.save(update_fields=["time_zone"])
    client.force_login(company.lea_user)
    page = client.get(detail(workshop)).content.decode()
    assert "Thursday 4 March 2027, 04:00–05:30" in page
    assert "America/New_York" in page


def test_cancelling_my_place_promotes_the_next_one(client, company):
    workshop = make_workshop(company.alice, capacity=1)
    services.registration_create(actor=company.lea_user, workshop_id=workshop.pk)
    services.registration_create(actor=company.bernard_user, workshop_id=workshop.pk)
    client.force_login(company.lea_user)
    response = client.post(
        reverse("workshops:unregister", kwargs={"workshop_id": workshop.pk}), follow=True
    )
    assert "Your place is cancelled." in response.content.decode()
    assert Registration.objects.get(employee=company.bernard).status == "registered"


def test_a_workshop_of_another_program_is_a_404(client, company):
    from bascule.pairing.testing import make_matching_program

    program = make_matching_program(company).program
    workshop = make_workshop(company.alice, programs=[program], audience="mentor")
    (stranger,) = make_people(1)
    client.force_login(stranger)
    assert client.get(detail(workshop)).status_code == 404
    url = reverse("workshops:register", kwargs={"workshop_id": workshop.pk})
    assert client.post(url).status_code == 404
    assert (
        client.get(reverse("workshops:roster", kwargs={"workshop_id": workshop.pk})).status_code
        == 404
    )


def test_hr_creates_a_workshop_with_the_form(client, company):
    client.force_login(company.alice)
    url = reverse("workshops:create")
    page = client.get(url)
    data = {
        "submission_key": submission_key(page, ""),
        "title": "Listening",
        "description": "",
        "audience": "both",
        "date": "2027-03-10",
        "time": "14:00",
        "time_zone": "Europe/Paris",
        "duration_minutes": "60",
        "place": "",
        "video_url": "http://insecure.example.com",
        "capacity": "10",
        "facilitator": "E004",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "https://" in response.content.decode()
    data["video_url"] = "https://meet.example.com/listening"
    response = client.post(url, data)
    assert response.status_code == 302
    workshop = Workshop.objects.get(title="Listening")
    assert workshop.starts_at == dt.datetime(2027, 3, 10, 13, 0, tzinfo=dt.UTC)
    assert workshop.facilitator == company.lea


def test_the_facilitator_takes_attendance_which_completes_the_modules(client, company, frozen):
    module = make_module("listening")
    workshop = make_workshop(company.alice, facilitator=company.lea, modules=[module], capacity=3)
    people = make_people(3)
    for user in people:
        services.registration_create(actor=user, workshop_id=workshop.pk)
    frozen.move_to(STARTS + dt.timedelta(minutes=30))
    client.force_login(company.lea_user)
    roster = reverse("workshops:roster", kwargs={"workshop_id": workshop.pk})
    page = client.get(roster)
    assert page.status_code == 200
    assert "Cancel the workshop" not in page.content.decode()  # not the facilitator's to do
    rows = list(Registration.objects.filter(workshop=workshop).order_by("pk"))
    url = reverse("workshops:attendance", kwargs={"workshop_id": workshop.pk})
    client.post(url, {f"attendance-{rows[0].pk}": "excused"})
    client.post(url, {"all_present": "1"})
    marks = dict(Registration.objects.values_list("pk", "attendance"))
    assert marks == {rows[0].pk: "excused", rows[1].pk: "present", rows[2].pk: "present"}
    done = Progress.objects.filter(module=module, passed=True, completed_at__isnull=False)
    assert set(done.values_list("employee_id", flat=True)) == {
        people[1].employee_id,
        people[2].employee_id,
    }


def test_feedback_is_hidden_under_five_answers(client, company, frozen):
    workshop = make_workshop(company.alice, capacity=10)
    people = make_people(5)
    for user in people:
        services.registration_create(actor=user, workshop_id=workshop.pk)
    frozen.move_to(STARTS + dt.timedelta(hours=2))
    services.attendance_mark(
        actor=company.alice,
        workshop_id=workshop.pk,
        marks={r.pk: "present" for r in Registration.objects.filter(workshop=workshop)},
    )
    roster = reverse("workshops:roster", kwargs={"workshop_id": workshop.pk})
    client.force_login(people[0])
    url = reverse("workshops:feedback", kwargs={"workshop_id": workshop.pk})
    page = client.get(url)
    client.post(
        url,
        {"submission_key": submission_key(page, ""), "rating": "4", "comment": "Secret thoughts"},
    )
    assert Feedback.objects.count() == 1
    assert "already saved" in client.get(url, follow=True).content.decode()
    for user in people[1:4]:
        services.feedback_give(actor=user, workshop_id=workshop.pk, rating=5)
    client.force_login(company.alice)
    page = client.get(roster).content.decode()
    assert "Secret thoughts" not in page
    assert "Results are shown from 5 answers" in page
    services.feedback_give(actor=people[4], workshop_id=workshop.pk, rating=3, comment="")
    page = client.get(roster).content.decode()
    assert "Secret thoughts" in page
    assert "Average 4.4 / 5 from 5 answers." in page


def test_feedback_needs_attendance(client, company, frozen):
    workshop = make_workshop(company.alice)
    services.registration_create(actor=company.lea_user, workshop_id=workshop.pk)
    frozen.move_to(STARTS + dt.timedelta(hours=2))
    client.force_login(company.lea_user)
    response = client.get(
        reverse("workshops:feedback", kwargs={"workshop_id": workshop.pk}), follow=True
    )
    assert "Feedback is for the people who attended" in response.content.decode()


def test_hr_lowers_the_capacity_below_the_registered_and_is_told(client, company):
    workshop = make_workshop(company.alice, capacity=2)
    for user in make_people(2):
        services.registration_create(actor=user, workshop_id=workshop.pk)
    client.force_login(company.alice)
    url = reverse("workshops:edit", kwargs={"workshop_id": workshop.pk})
    page = client.get(url)
    form = {
        key: value
        for key, value in page.context["form"].initial.items()
        if key not in ("programs", "modules")
    }
    form.update({"date": "2027-03-04", "time": "10:00", "capacity": "1", "facilitator": ""})
    response = client.post(url, form)
    assert response.status_code == 200
    assert "2 people are registered: the seats cannot be fewer" in response.content.decode()


def test_hr_registers_people_by_employee_id(client, company):
    workshop = make_workshop(company.alice, capacity=1)
    client.force_login(company.alice)
    url = reverse("workshops:register_people", kwargs={"workshop_id": workshop.pk})
    response = client.post(url, {"source": "list", "people": "E004, E005\nNOPE"})
    assert "No employee has this ID or e-mail address: NOPE." in response.content.decode()
    client.post(url, {"source": "list", "people": "E004, E005", "confirm": "yes"})
    assert dict(Registration.objects.values_list("employee__employee_id", "status")) == {
        "E004": "registered",
        "E005": "waitlisted",
    }


def test_cancelling_a_workshop_asks_first(client, company):
    workshop = make_workshop(company.alice)
    client.force_login(company.alice)
    url = reverse("workshops:cancel", kwargs={"workshop_id": workshop.pk})
    page = client.post(url)
    assert page.status_code == 200
    assert "Cancel the workshop?" in page.content.decode()
    client.post(url, {"confirm": "yes"})
    workshop.refresh_from_db()
    assert workshop.is_cancelled
