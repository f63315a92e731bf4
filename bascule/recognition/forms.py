"""Forms of the recognition pages. The rules live in the services: the forms turn what was
typed into values, and a refusal is shown next to its field, keeping what was typed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bascule.core.forms import AccessibleFormMixin
from bascule.recognition.models import MESSAGE_MAX, REASON_MAX, Visibility

VISIBILITY_HELP = _(
    "The recipient decides too: it is shown beyond them only if they accept it, never wider "
    "than you chose."
)


class _Kudos(AccessibleFormMixin, forms.Form):
    message = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few words, %(max)s characters at most.") % {"max": MESSAGE_MAX},
    )
    skill = forms.ChoiceField(label=_("A skill it is about"), required=False)
    visibility = forms.ChoiceField(
        label=_("Who may see it"),
        choices=Visibility.choices,
        initial=Visibility.PROGRAM,
        widget=forms.RadioSelect,
        help_text=VISIBILITY_HELP,
    )
    field_order = ["recipient", "message", "skill", "visibility"]

    def __init__(self, *args, skills=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].choices = [("", _("None"))] + [(str(s.pk), s.label) for s in skills]
        if not skills:
            del self.fields["skill"]


class ThanksForm(_Kudos):
    pass


class RecognitionForm(_Kudos):
    recipient = forms.ChoiceField(label=_("Who you recognise"))

    def __init__(self, *args, people=(), pairs=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices: list = [("", _("Choose…"))]
        if pairs:
            choices.append(
                (
                    _("Pairs"),
                    [
                        (f"pair-{p.pk}", f"{p.mentor.full_name} & {p.mentee.full_name}")
                        for p in pairs
                    ],
                )
            )
        if people:
            choices.append((_("People"), [(f"person-{e.pk}", e.full_name) for e in people]))
        self.fields["recipient"].choices = choices

    def target(self) -> dict[str, str | None]:
        kind, _sep, pk = (self.cleaned_data.get("recipient") or "").partition("-")
        return {
            "pair_id": pk if kind == "pair" else None,
            "employee_id": pk if kind == "person" else None,
        }


class PreferenceForm(AccessibleFormMixin, forms.Form):
    cap = forms.ChoiceField(
        label=_("Who may see the kudos I receive"),
        choices=[
            (Visibility.PRIVATE, _("Only me (nothing goes on a wall unless I show it)")),
            (Visibility.PROGRAM, _("The people of my program")),
            (Visibility.COMPANY, _("The whole company")),
        ],
        widget=forms.RadioSelect,
        help_text=_(
            "Never wider than the sender chose. You can also show a single kudos on the wall."
        ),
    )


class HideForm(AccessibleFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why it is hidden"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The recipient is told, with this reason."),
    )
