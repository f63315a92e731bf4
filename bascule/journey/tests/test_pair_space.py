"""The pair's space and the kickoff: members only, started once both confirmed."""

import pytest
from django.urls import reverse

from bascule.core.models import AuditEntry
from bascule.journey.models import KickoffConfirmation
from bascule.pairing.models import PairStatus

pytestmark = pytest.mark.django_db

KICKOFF = {
    "charter_accepted": "on",
    "meeting_frequency": "fortnightly",
    "channel": "video",
    "confidentiality": "on",
}


def space(pair):
    return reverse("journey:pair_space", kwargs={"pair_id": pair.pk})


def kickoff_url(pair):
    return reverse("journey:kickoff", kwargs={"pair_id": pair.pk})


def test_each_member_sees_the_partner_program_and_charter(client, running, company):
    running.program.charter = "We listen before we advise."
    running.program.save(update_fields=["charter"])
    client.force_login(company.lea_user)
    page = client.get(space(running.pair)).content.decode()
    assert "Your mentoring with Bernard Lefèvre" in page
    assert "Your mentee" in page and running.program.name in page
    assert "We listen before we advise." in page
    assert "Not started yet" in page
    client.force_login(company.bernard_user)  # reads French
    page = client.get(space(running.pair)).content.decode()
    assert "Léa Martin" in page and "Votre mentor" in page


def test_the_space_shows_the_pairs_meetings(client, running, company):
    client.force_login(company.lea_user)
    page = client.get(space(running.pair)).content.decode()
    assert "No meeting planned yet." in page
    assert reverse("meetings:pair", args=[running.pair.pk]) in page


def test_everyone_else_gets_a_404(client, running, company):
    others = [company.alice, company.paul, company.sophie, company.oscar]
    others.append(running.matching.users["marc"])  # a member of another pair
    for user in others:
        client.force_login(user)
        for url in (space(running.pair), kickoff_url(running.pair)):
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(kickoff_url(running.pair), KICKOFF).status_code == 404


def test_the_pair_starts_once_both_members_confirmed(client, running, company):
    pair = running.pair
    client.force_login(company.lea_user)
    form = client.get(kickoff_url(pair)).content.decode()
    assert "I have read the program&#x27;s charter and I accept it" in form
    response = client.post(kickoff_url(pair), KICKOFF, follow=True)
    assert "Thank you: your confirmation is recorded." in response.content.decode()
    assert "Not started yet" in response.content.decode()
    assert "Bernard has not confirmed yet." in response.content.decode()

    client.force_login(company.bernard_user)
    response = client.post(kickoff_url(pair), {**KICKOFF, "channel": "in_person"}, follow=True)
    page = response.content.decode()
    # Bernard reads French.
    assert "votre mentorat a commencé" in page
    assert "Commencé" in page
    assert KickoffConfirmation.objects.filter(pair=pair).count() == 2
    actions = list(
        AuditEntry.objects.filter(action__startswith="journey.").values_list("action", flat=True)
    )
    assert sorted(actions) == [
        "journey.kickoff_confirmed",
        "journey.kickoff_confirmed",
        "journey.pair_started",
    ]
    # Confirming again changes the agreements; the pair stays started, recorded once.
    client.post(kickoff_url(pair), {**KICKOFF, "meeting_frequency": "monthly"})
    assert AuditEntry.objects.filter(action="journey.pair_started").count() == 1
    assert AuditEntry.objects.filter(action="journey.kickoff_updated").count() == 1


def test_the_kickoff_form_says_what_is_missing_and_keeps_the_choices(client, running, company):
    client.force_login(company.lea_user)
    response = client.post(
        kickoff_url(running.pair), {"meeting_frequency": "weekly", "channel": ""}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Please confirm that you accept the program&#x27;s charter." in page
    assert "Please choose how you will meet." in page
    assert "Please confirm that you will keep what you share confidential." in page
    assert 'value="weekly" checked' in page
    assert not KickoffConfirmation.objects.exists()


def test_an_ended_pair_is_read_only(client, running, company):
    pair = running.pair
    pair.status = PairStatus.ENDED
    pair.save(update_fields=["status"])
    client.force_login(company.lea_user)
    page = client.get(space(pair)).content.decode()
    assert "This pair has ended" in page
    assert "Add the shared note" not in page
    assert client.post(kickoff_url(pair), KICKOFF).status_code == 404
    assert (
        client.get(reverse("journey:goal_create", kwargs={"pair_id": pair.pk})).status_code == 404
    )
