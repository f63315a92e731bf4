"""What the insights store: the health of each pair at the end of each finished month
(docs/impact.md, "Health over time").

A pair's health at a past month's end does not change once the month is over: it is what HR
saw then. `services.record_health_months` writes it once (the overview for the months it
lacks, `manage.py record_pair_health` every night), and the overview counts it with one
query. It holds no personal data beyond a state per pair and month, and goes with its pair.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from bascule.pairing.models import Pair


class PairHealthMonth(models.Model):
    pair = models.ForeignKey(
        Pair, verbose_name=_("pair"), on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField(_("month"))  # its first day; the state is at the month's end
    state = models.CharField(_("state"), max_length=16)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("pair health at a month's end")
        verbose_name_plural = _("pairs' health at months' ends")
        constraints = [
            models.UniqueConstraint(fields=["pair", "month"], name="pair_health_month_once")
        ]
        indexes = [models.Index(fields=["month", "state"], name="pair_health_month_state")]

    def __str__(self) -> str:
        return f"{self.pair_id} {self.month:%Y-%m} {self.state}"
