"""The kickoff gate: a member cannot confirm the charter before completing the modules
required before the kickoff; once completed, the confirmation goes through."""

import pytest
from django.utils import timezone

from bascule.core.errors import DomainError
from bascule.journey import services as journey_services
from bascule.journey.gates import kickoff_blockers
from bascule.journey.models import KickoffConfirmation
from bascule.training.models import Requirement
from bascule.training.requirements.tests.conftest import progress

pytestmark = pytest.mark.django_db

VALUES = {
    "charter_accepted": True,
    "meeting_frequency": "fortnightly",
    "channel": "video",
    "confidentiality": True,
}


@pytest.fixture
def gated(running, listening):
    return Requirement.objects.create(
        program=running.program, module=listening, role="mentor", due_days=7, gates_kickoff=True
    )


def test_the_gate_blocks_then_lets_the_member_through(running, gated, company, listening):
    pair = running.pair
    with pytest.raises(DomainError) as refused:
        journey_services.kickoff_confirm(actor=company.lea_user, pair=pair, values=VALUES)
    assert refused.value.code == "kickoff_blocked"
    assert "active-listening (en)" in refused.value.message
    assert "(due January 18, 2027)" in refused.value.message
    assert not KickoffConfirmation.objects.filter(pair=pair).exists()
    # The mentee's role has no gated module.
    journey_services.kickoff_confirm(actor=company.bernard_user, pair=pair, values=VALUES)
    progress(company.lea, listening, done=True)
    journey_services.kickoff_confirm(actor=company.lea_user, pair=pair, values=VALUES)
    assert KickoffConfirmation.objects.filter(pair=pair).count() == 2


def test_a_module_not_gating_or_in_progress(running, gated, company, listening):
    progress(company.lea, listening, done=False)
    assert len(kickoff_blockers(pair=running.pair, employee=company.lea)) == 1
    Requirement.objects.filter(pk=gated.pk).update(gates_kickoff=False)
    assert kickoff_blockers(pair=running.pair, employee=company.lea) == []


def test_the_page_says_what_to_complete_and_refuses(client, running, gated, company):
    client.force_login(company.lea_user)
    url = f"/pairs/{running.pair.pk}/kickoff/"
    page = client.get(url).content.decode()
    assert "Before confirming the charter, complete:" in page
    assert "active-listening (en)" in page
    answer = client.post(url, VALUES, follow=True)
    assert "Before confirming the charter, complete" in answer.content.decode()
    assert not KickoffConfirmation.objects.filter(pair=running.pair).exists()


def test_the_api_refuses_with_the_blockers(client, running, gated, company, listening):
    client.force_login(company.lea_user)
    url = f"/api/pairs/{running.pair.pk}/kickoff"
    answer = client.post(url, VALUES, content_type="application/json")
    assert answer.status_code == 400
    assert answer.json()["code"] == "kickoff_blocked"
    assert answer.json()["blockers"][0]["url"]
    progress(company.lea, listening, done=True)
    assert client.post(url, VALUES, content_type="application/json").status_code == 200


def test_a_member_who_confirmed_before_the_requirement_can_still_update(
    running, company, listening
):
    KickoffConfirmation.objects.create(
        pair=running.pair,
        member=company.lea,
        confirmed_by=company.lea_user,
        charter_accepted=True,
        meeting_frequency="weekly",
        channel="video",
        confidentiality=True,
        confirmed_at=timezone.now(),
    )
    Requirement.objects.create(
        program=running.program, module=listening, role="mentor", gates_kickoff=True
    )
    journey_services.kickoff_confirm(actor=company.lea_user, pair=running.pair, values=VALUES)
