"""The workbench pages: HR and the program's managers run, lock, exclude, pair by hand,
compare and publish; participants then see their partner on their home page."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from bascule.pairing import services
from bascule.pairing.models import MatchRun, Pair, PairRule, RuleKind
from bascule.programs.models import Program, ProgramStatus

pytestmark = pytest.mark.django_db


def workbench(program) -> str:
    return reverse("pairing:workbench", kwargs={"program_id": program.pk})


def test_the_workbench_shows_settings_and_a_run_button_before_any_run(client, setup, company):
    client.force_login(company.paul)
    html = client.get(workbench(setup.program)).content.decode()
    assert "Matching workbench" in html
    assert "Weights of the score" in html
    assert "Run matching" in html
    assert "No run yet." in html
    # The workbench belongs to the program: the navigation marks "Programs" as current.
    assert '<a href="/programs/" aria-current="page">Programs</a>' in html


def test_hr_runs_matching_and_reads_the_proposals_explained(client, setup, company):
    client.force_login(company.alice)
    response = client.post(reverse("pairing:run", kwargs={"program_id": setup.program.pk}))
    assert response.status_code == 302
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Matching done: 2 mentees matched, 2 without a mentor." in html
    assert "of the best possible matching; no matching can pair more mentees." in html
    assert "Léa can help Bernard with" in html
    assert "No eligible mentor speaks German" in html
    assert "Mentees by department" in html and "Mentees by location" in html
    assert "Mentor can help" in html  # the breakdown
    assert "Publish" in html


def test_the_proposals_filter_by_name_and_department(client, setup, company):
    services.run_matching(actor=company.alice, program=setup.program)
    client.force_login(company.alice)
    html = client.get(workbench(setup.program), {"q": "bernard"}).content.decode()
    assert "1 of 2 pairs" in html
    assert "Marc Petit</th>" not in html
    html = client.get(
        workbench(setup.program), {"department": company.marketing.pk}
    ).content.decode()
    assert "Bernard Lefèvre" in html  # his mentor Léa is in Marketing


def test_the_proposals_come_by_pages_that_keep_the_filters(client, setup, company, monkeypatch):
    from bascule.pairing import selectors

    run = services.run_matching(actor=company.alice, program=setup.program)
    monkeypatch.setattr(selectors, "PROPOSALS_PER_PAGE", 1)
    best, second = run.proposals.order_by("-score", "pk")
    client.force_login(company.alice)
    html = client.get(workbench(setup.program)).content.decode()
    assert f'id="proposal-{best.pk}"' in html and f'id="proposal-{second.pk}"' not in html
    assert "Page 1 of 2" in html
    assert f"?run={run.pk}&amp;page=2#proposals-title" in html
    html = client.get(workbench(setup.program), {"run": run.pk, "page": 2}).content.decode()
    assert f'id="proposal-{second.pk}"' in html and f'id="proposal-{best.pk}"' not in html
    assert "2 pairs, best score first" in html
    # Past the last page: the last page. A filter keeps its pages to the pairs it keeps.
    html = client.get(workbench(setup.program), {"page": 99}).content.decode()
    assert "Page 2 of 2" in html
    html = client.get(workbench(setup.program), {"q": "bernard"}).content.decode()
    assert "1 of 2 pairs" in html and "Page 1 of" not in html


def test_the_explanations_follow_the_readers_language(client, setup, company):
    services.run_matching(actor=company.alice, program=setup.program)
    company.alice.language = "fr"
    company.alice.save()
    client.force_login(company.alice)
    html = client.get(workbench(setup.program)).content.decode()
    assert "Léa peut aider Bernard sur ces points :" in html


def test_lock_exclude_and_manual_pair_from_the_page(client, setup, company):
    run = services.run_matching(actor=company.alice, program=setup.program)
    client.force_login(company.paul)
    bernard_lea = run.proposals.get(mentee_application=setup.mentees["bernard"])
    marc_ines = run.proposals.get(mentee_application=setup.mentees["marc"])
    response = client.post(
        reverse("pairing:proposal_lock", kwargs={"proposal_id": bernard_lea.pk}), follow=True
    )
    assert "stay together in the next runs" in response.content.decode()
    assert PairRule.objects.filter(kind=RuleKind.LOCK).count() == 1
    client.post(reverse("pairing:proposal_exclude", kwargs={"proposal_id": marc_ines.pk}))
    assert PairRule.objects.filter(kind=RuleKind.EXCLUDE).count() == 1
    response = client.post(
        reverse("pairing:manual_pair", kwargs={"program_id": setup.program.pk}),
        {"mentee": setup.mentees["helene"].pk, "mentor": setup.mentors["ines"].pk},
        follow=True,
    )
    html = response.content.decode()
    assert "This pair breaks the program&#x27;s constraints" in html
    assert "they are in the same reporting line" in html
    rule = PairRule.objects.get(kind=RuleKind.EXCLUDE)
    client.post(reverse("pairing:rule_delete", kwargs={"rule_id": rule.pk}))
    assert not PairRule.objects.filter(kind=RuleKind.EXCLUDE).exists()


def test_an_empty_manual_pair_form_shows_its_errors(client, setup, company):
    client.force_login(company.alice)
    response = client.post(
        reverse("pairing:manual_pair", kwargs={"program_id": setup.program.pk}), {}
    )
    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()


def test_the_settings_form_refuses_weights_all_zero(client, setup, company):
    client.force_login(company.alice)
    data = {
        f"weight_{name}": "0"
        for name in (
            "mentor_can_help",
            "mentee_can_help",
            "shared_interests",
            "availability",
            "format",
            "different_department",
            "career_gap",
        )
    }
    url = reverse("pairing:settings", kwargs={"program_id": setup.program.pk})
    response = client.post(url, data)
    assert "At least one weight must be above zero." in response.content.decode()
    data["weight_mentor_can_help"] = "-1"
    response = client.post(url, data)
    assert 'aria-invalid="true"' in response.content.decode()
    data["weight_mentor_can_help"] = "3"
    data["reporting_line_depth"] = ""
    response = client.post(url, data)
    assert response.status_code == 302
    setup.program.refresh_from_db()
    assert setup.program.matching_weights["mentor_can_help"] == 3
    assert setup.program.reporting_line_depth is None


def test_two_runs_compare(client, setup, company):
    a = services.run_matching(actor=company.alice, program=setup.program)
    services.proposal_exclude(
        actor=company.alice, proposal=a.proposals.get(mentee_application=setup.mentees["bernard"])
    )
    b = services.run_matching(actor=company.alice, program=setup.program)
    client.force_login(company.alice)
    html = client.get(
        reverse("pairing:compare", kwargs={"program_id": setup.program.pk}),
        {"a": a.pk, "b": b.pk},
    ).content.decode()
    assert "Pairs in both runs" in html
    assert "Only in run B" in html


def test_publishing_from_the_page_then_both_members_see_their_partner(
    client, setup, company, django_capture_on_commit_callbacks
):
    run = services.run_matching(actor=company.alice, program=setup.program)
    client.force_login(company.alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("pairing:publish", kwargs={"run_id": run.pk}), {"confirm": "yes"}, follow=True
        )
    assert (
        "Published: 2 pairs. 4 e-mails will be sent in the next few minutes. Follow their "
        'delivery under <a href="/emails/failed/">Failed e-mails</a>: an e-mail that cannot '
        "be delivered is listed there."
    ) in response.content.decode()
    assert Pair.objects.count() == 2
    assert len(mail.outbox) == 4
    client.force_login(company.lea_user)
    html = client.get(reverse("home:home")).content.decode()
    assert "Your mentoring with Bernard Lefèvre" in html and "Reverse mentoring 2027" in html
    assert "Bernard Lefèvre" in html and "Head of controlling" in html and "Finance" in html
    client.force_login(company.bernard_user)  # reads French
    html = client.get(reverse("home:home")).content.decode()
    assert "Léa Martin" in html
    assert "Léa peut aider Bernard" in html


def test_the_program_page_links_to_the_workbench_for_its_managers(client, setup, company):
    client.force_login(company.paul)
    url = reverse("programs:program_detail", kwargs={"program_id": setup.program.pk})
    assert "Matching workbench" in client.get(url).content.decode()
    client.force_login(company.lea_user)
    assert "Matching workbench" not in client.get(url).content.decode()


def test_someone_elses_program_is_not_found(client, setup, company):
    other = Program.objects.create(
        name="Other",
        status=ProgramStatus.MATCHING,
        starts_on=dt.date(2027, 1, 1),
        ends_on=dt.date(2027, 2, 1),
    )
    client.force_login(company.paul)
    assert client.get(workbench(other)).status_code == 404
    assert client.post(reverse("pairing:run", kwargs={"program_id": other.pk})).status_code == 404
    assert not MatchRun.objects.exists()
    client.force_login(company.lea_user)
    assert client.get(workbench(setup.program)).status_code == 403
