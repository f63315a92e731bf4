import datetime as dt
from typing import Any

from ninja import Field, Schema


class PersonOut(Schema):
    name: str
    employee_id: int | None = Field(description="The employee record's id, if any")
    user_id: int | None = Field(description="The account's id, if any")


class RecordOut(Schema):
    title: str
    data: dict[str, Any] = Field(description="The record's values by key (see `labels`)")


class SectionOut(Schema):
    key: str = Field(description="The kind of data, e.g. applications, pairs, audit_log")
    title: str
    note: str = Field(description="What is left out of this export, and why")
    labels: dict[str, str] = Field(description="The words of each key, in the reader's language")
    records: list[RecordOut]


class ExportOut(Schema):
    """Everything Bascule holds about a person, as the reader may read it."""

    generated_at: dt.datetime
    audience: str = Field(description="self (the person's own copy) or hr (HR's copy)")
    person: PersonOut
    sections: list[SectionOut]
