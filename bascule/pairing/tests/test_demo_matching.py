"""The demo program ready for matching (about 120 participants) runs end to end."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from bascule.accounts.models import User
from bascule.pairing import services
from bascule.programs.models import Program, ProgramStatus

pytestmark = pytest.mark.django_db


def test_the_demo_program_is_matched_and_shown_on_the_workbench(client, capsys):
    call_command("seed_demo", seed=7)
    capsys.readouterr()
    program = Program.objects.get(status=ProgramStatus.MATCHING)
    manager = User.objects.get(email="program-manager@bascule.example")
    run = services.run_matching(actor=manager, program=program)
    assert run.matched == min(run.mentees_count, run.capacity) or run.max_matched_proven
    assert run.matched > 40
    assert run.gap_percent < 1
    assert run.upper_bound >= run.total_score - 1e-9
    client.force_login(manager)
    response = client.get(reverse("pairing:workbench", kwargs={"program_id": program.pk}))
    assert response.status_code == 200
    # The demo's program manager reads French.
    assert manager.language == "fr"
    assert "du meilleur appariement possible" in response.content.decode()
