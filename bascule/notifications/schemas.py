"""The schemas of the notifications API: each kind of notification the caller can receive and
how they are told of it."""

from ninja import Field, Schema

CHANNELS_TEXT = "both (in the app and by e-mail), email, in_app or none"


class NotificationKindOut(Schema):
    kind: str = Field(description="The kind's name (the e-mail's), e.g. pair_nudge")
    label: str = Field(description="The kind, in the caller's language")
    description: str = Field(description="When it is sent, in the caller's language")
    group: str = Field(description="programs, pair, managing or account")
    channel: str = Field(description=f"How the caller is told of it now: {CHANNELS_TEXT}")
    allowed: list[str] = Field(description="The channels the caller may choose for it")
    required: bool = Field(
        description="It cannot be turned off: HR requires it, or it only goes by e-mail"
    )
    reason: str = Field(description="Why it cannot be turned off (empty when it can)")


class NotificationPreferencesIn(Schema):
    channels: dict[str, str] = Field(
        description=f"{{kind: channel}}, each channel one of {CHANNELS_TEXT}; kinds left out "
        "keep theirs. A kind the caller does not receive, turning off a required kind or "
        "moving an e-mail-only kind to the app is refused (422, messages under "
        "`channels.<kind>`) and nothing is saved",
        examples=[{"pair_nudge": "email", "mentor_request": "in_app"}],
    )
