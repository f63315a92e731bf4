from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "bascule.training"
    label = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from bascule.journey.gates import register_kickoff_gate
        from bascule.training.reminders import register_kinds
        from bascule.training.requirements import audit_actions  # noqa: F401  (describes them)
        from bascule.training.requirements.gate import training_gate

        register_kickoff_gate(training_gate)
        register_kinds()
