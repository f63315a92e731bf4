from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "bascule.training"
    label = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from bascule.journey.checkins.extensions import register_checkin_questions
        from bascule.journey.gates import register_kickoff_gate
        from bascule.journey.panels import register_pair_space_panel
        from bascule.training.behaviours import audit_actions as behaviour_actions  # noqa: F401
        from bascule.training.behaviours.checkin import BEHAVIOURS
        from bascule.training.behaviours.views import DRILL_PANEL
        from bascule.training.reminders import register_kinds
        from bascule.training.requirements import audit_actions  # noqa: F401  (describes them)
        from bascule.training.requirements.gate import training_gate

        register_kickoff_gate(training_gate)
        register_checkin_questions(BEHAVIOURS)
        register_pair_space_panel(DRILL_PANEL)
        register_kinds()
