"""How a person is told of each kind of notification: one group of radio buttons per kind
they can receive, the channels the rules forbid shown but disabled."""

from dataclasses import dataclass
from typing import Any

from django import forms

from bascule.core.forms import AccessibleFormMixin
from bascule.notifications.kinds import CHANNELS
from bascule.notifications.models import Channel
from bascule.notifications.selectors import KindChoice


@dataclass(frozen=True)
class Option:
    """One radio button of a kind's group."""

    value: str
    label: str
    id: str
    checked: bool
    disabled: bool


@dataclass(frozen=True)
class Row:
    """One kind on the page: its choice, its field and its radio buttons."""

    choice: KindChoice
    field: forms.BoundField
    options: list[Option]


class NotificationPreferencesForm(AccessibleFormMixin, forms.Form):
    """A radio group per kind, named after the kind (the e-mail's name). Whether a channel
    may be chosen is the service's rule (services.preferences_save), copied back onto the
    field with add_errors when a forged request asks for it."""

    def __init__(self, *args: Any, choices: list[KindChoice], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.choices = choices
        for choice in choices:
            self.fields[choice.name] = forms.ChoiceField(
                label=choice.kind.label,
                help_text=choice.kind.description,
                choices=[(channel, Channel(channel).label) for channel in CHANNELS],
                initial=choice.channel,
                required=False,
                widget=forms.RadioSelect,
            )

    def rows(self) -> list[Row]:
        rows = []
        for choice in self.choices:
            field = self[choice.name]
            allowed = choice.kind.allowed
            # A refused value (a forged request) is not shown chosen: the current one is.
            value = field.value() if field.value() in allowed else choice.channel
            # The ids number the allowed channels first: the error summary links to `_0`,
            # which must be a radio button the person can reach.
            numbered = [*allowed, *(c for c in CHANNELS if c not in allowed)]
            options = [
                Option(
                    value=channel,
                    label=Channel(channel).label,
                    id=f"{field.auto_id}_{numbered.index(channel)}",
                    checked=channel == value,
                    disabled=channel not in allowed,
                )
                for channel in CHANNELS
            ]
            rows.append(Row(choice=choice, field=field, options=options))
        return rows

    def groups(self) -> list[tuple[Any, list[Row]]]:
        """The rows by group (kinds.GROUPS), in order: [(the group's title, its rows)]."""
        grouped: dict[str, list[Row]] = {}
        for row in self.rows():
            grouped.setdefault(row.choice.kind.group, []).append(row)
        return [(rows[0].choice.kind.group_label, rows) for rows in grouped.values()]

    def channels(self) -> dict[str, str]:
        """{kind: channel} for the kinds sent (a group left without a choice keeps its own)."""
        return {
            choice.name: self.cleaned_data[choice.name]
            for choice in self.choices
            if self.cleaned_data.get(choice.name)
        }
