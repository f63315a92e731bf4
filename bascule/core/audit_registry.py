"""What each audit action means, in words, in the reader's language.

Each app describes the actions it records, and the objects they are about, in its own
`audit_actions.py`, imported when the project starts (CoreConfig.ready). The audit log page and
its CSV export read the descriptions from here:

- `describe_object(model, parts=…)`: the words that name an object ("program": its name),
  read in one query per model for a whole page of entries;
- `describe_action(code, label=…, sentence=…, details=…)`: a short label ("Matching
  published"), a sentence built from those words and the recorded details ("Paul Valette
  published the matching of the program “X”: 56 pairs"), and how to show each detail.

An action nobody described (an old row, a removed feature) still reads: its code in words and
its details as recorded. tests/test_audit_descriptions.py fails when code records an action
that has no description.
"""

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from bascule.core.models import AuditEntry

SYSTEM = "system"


class Parts(dict):
    """The words a sentence is built from (actor, object parts, readable details), with the
    details as recorded in `raw` for the sentences that count ("56 pairs")."""

    def __init__(self, *args: Any, raw: Mapping[str, Any] | None = None, is_self: bool = False):
        super().__init__(*args)
        self.raw = raw or {}
        self.is_self = is_self

    def count(self, key: str) -> int:
        """Return the recorded number `key` (0 when missing), to choose a plural form."""
        value = self.raw.get(key)
        if isinstance(value, list):
            return len(value)
        try:
            return int(value)
        except (TypeError, ValueError):
            return 0


@dataclass
class Reading:
    """What showing a detail may need: the reader's time zone, the objects read for the page."""

    tz: dt.tzinfo
    found: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)

    def parts_of(self, model: str, pk: Any) -> dict[str, str] | None:
        return self.found.get((model, str(pk)))


Show = Callable[[Any, Reading], str]


@dataclass(frozen=True)
class Detail:
    """How one recorded detail reads: its label and how its value is shown.

    `ref` names the model the value points at (an id): the object's words then join the
    sentence's (an entry about a deleted goal still names its pair). A `hidden` detail is
    technical: left off the page, kept in the export.
    """

    label: Any = ""
    show: Show | None = None
    ref: str = ""
    hidden: bool = False


@dataclass(frozen=True)
class ObjectDescription:
    model: str
    parts: Callable[[Any], dict[str, str]]
    related: tuple[str, ...] = ()
    # The part that the text recorded with the entry stands for, once the object is gone.
    recorded_part: str = ""


@dataclass(frozen=True)
class ActionDescription:
    code: str
    label: Any
    sentence: Any  # a (lazy) format string over Parts, or a function of Parts
    details: Mapping[str, Detail]


_ACTIONS: dict[str, ActionDescription] = {}
_OBJECTS: dict[str, ObjectDescription] = {}


def describe_action(
    code: str,
    *,
    label: Any,
    sentence: Any,
    details: Mapping[str, Detail] | None = None,
) -> ActionDescription:
    """Register what the audit action `code` means; an app describes each action once."""
    existing = _ACTIONS.get(code)
    if existing is not None and existing.sentence is not sentence:
        raise ValueError(f"the audit action {code!r} is already described")
    description = ActionDescription(code, label, sentence, dict(details or {}))
    _ACTIONS[code] = description
    return description


def describe_object(
    model: str,
    *,
    parts: Callable[[Any], dict[str, str]],
    related: Iterable[str] = (),
    recorded_part: str = "",
) -> None:
    """Register the words that name an object of `model` ("app_label.modelname")."""
    _OBJECTS[model] = ObjectDescription(model, parts, tuple(related), recorded_part)


def action_description(code: str) -> ActionDescription | None:
    return _ACTIONS.get(code)


def described_codes() -> set[str]:
    return set(_ACTIONS)


def action_label(code: str) -> str:
    """Return the short readable name of an action: its label, else its code in words."""
    description = _ACTIONS.get(code)
    return str(description.label) if description else code_in_words(code)


def code_in_words(code: str) -> str:
    """Return an undescribed code readably: "legacy.thing_done" reads "Legacy: thing done"."""
    area, _dot, name = code.partition(".")
    words = name.replace("_", " ").strip() if name else ""
    area = area.replace("_", " ").strip()
    return f"{capfirst(area)}: {words}" if words else capfirst(area)


# --- Showing values ---------------------------------------------------------------------------


def plain(value: Any, reading: Reading | None = None) -> str:
    """Return a recorded value as short text: "old → new" for a change, yes/no, lists."""
    if isinstance(value, dict) and set(value) == {"old", "new"}:
        return f"{plain(value['old'])} → {plain(value['new'])}"
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str | int | float) for item in value):
        return ", ".join(plain(item) for item in value)
    if isinstance(value, dict) and all(isinstance(v, str | int | float) for v in value.values()):
        return ", ".join(f"{key}: {plain(item)}" for key, item in value.items())
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def changed(show: Show, *, as_list: bool = False) -> Show:
    """Return `show` for a value recorded either alone or as a change "old → new", given as
    {"old": …, "new": …}, or as [old, new] when `as_list`."""

    def read(value: Any, reading: Reading) -> str:
        if isinstance(value, dict) and set(value) == {"old", "new"}:
            return f"{show(value['old'], reading)} → {show(value['new'], reading)}"
        if as_list and isinstance(value, list) and len(value) == 2:
            return f"{show(value[0], reading)} → {show(value[1], reading)}"
        return show(value, reading)

    return read


def choice(choices: Any, *, as_list: bool = False) -> Show:
    """Return a `show` naming a value by its label among `choices` (a Choices class or pairs);
    a list of values, or a change (see `changed`), reads the same way."""
    labels = dict(choices.choices if hasattr(choices, "choices") else choices)

    def read(value: Any, reading: Reading) -> str:
        if isinstance(value, list):
            return ", ".join(read(item, reading) for item in value) or "—"
        if isinstance(value, str | int) and value in labels:
            return str(labels[value])
        return plain(value)

    return changed(read, as_list=as_list)


def labelled(labels: Mapping[str, Any]) -> Show:
    """Return a `show` for a mapping of counts or flags with known keys ("new: 3, left: 1")."""

    def read(value: Any, reading: Reading) -> str:
        if not isinstance(value, dict):
            return plain(value)
        return ", ".join(f"{labels.get(key, key)}: {plain(item)}" for key, item in value.items())

    return read


def number(value: Any, reading: Reading) -> str:
    return plain(value)


def percent(value: Any, reading: Reading) -> str:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return plain(value)
    return f"{formats.number_format(value, decimal_pos=2, use_l10n=True)} %"


def date(value: Any, reading: Reading) -> str:
    try:
        return formats.date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    except (TypeError, ValueError):
        return plain(value)


def moment(value: Any, reading: Reading) -> str:
    """Show an ISO date and time in the reader's time zone."""
    try:
        when = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return plain(value)
    if timezone.is_naive(when):
        when = timezone.make_aware(when, dt.UTC)
    return formats.date_format(when.astimezone(reading.tz), "SHORT_DATETIME_FORMAT")


def field_names(model: str) -> Show:
    """Return a `show` for a list of field names of `model`, named by their labels."""

    def read(value: Any, reading: Reading) -> str:
        names = value if isinstance(value, list) else [value]
        return ", ".join(field_label(model, str(name)) for name in names) or "—"

    return read


def field_label(model: str, name: str) -> str:
    """Return the readable label of field `name` of `model`, else the name in words."""
    try:
        return str(capfirst(apps.get_model(model)._meta.get_field(name).verbose_name))
    except (LookupError, ValueError, AttributeError, FieldDoesNotExist):
        return capfirst(name.replace("_", " "))


def reference(model: str, part: str, label: Any = "") -> Detail:
    """Return a detail whose value is the id of a `model` object, shown by its words.

    The words join the sentence, so the detail is left out of the list, unless the sentence
    could not be written (the words are then all the reader has).
    """

    def read(value: Any, reading: Reading) -> str:
        found = reading.parts_of(model, value)
        if found and part in found:
            return found[part]
        return _("no. %(id)s (no longer exists)") % {"id": value} if value else "—"

    return Detail(label=label, show=read, ref=model, hidden=True)


def hidden() -> Detail:
    return Detail(hidden=True)


# --- Reading entries --------------------------------------------------------------------------


@dataclass
class ReadEntry:
    """One audit entry in words."""

    entry: AuditEntry
    actor: str
    label: str
    sentence: str
    details: list[tuple[str, str]]

    @property
    def is_system(self) -> bool:
        return self.entry.actor_id is None and self.entry.actor_label == SYSTEM


def actor_name(entry: AuditEntry) -> str:
    if entry.actor is not None:
        return str(entry.actor)
    if entry.actor_label == SYSTEM:
        return _("Bascule")
    return entry.actor_label or _("Someone")


def read_entries(entries: Sequence[AuditEntry], *, tz: dt.tzinfo) -> list[ReadEntry]:
    """Return `entries` in words, reading the objects they name in one query per model.

    The entries should come with their actor (select_related("actor")).
    """
    reading = Reading(tz=tz)
    wanted: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        if entry.object_type in _OBJECTS and entry.object_id:
            wanted[entry.object_type].add(entry.object_id)
        description = _ACTIONS.get(entry.action)
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        if description:
            for key, detail in description.details.items():
                value = changes.get(key)
                if detail.ref and isinstance(value, int | str) and str(value):
                    wanted[detail.ref].add(str(value))
    for model, ids in wanted.items():
        reading.found.update(_read_objects(model, ids))
    return [_read_entry(entry, reading) for entry in entries]


def _read_objects(model_label: str, ids: set[str]) -> dict[tuple[str, str], dict[str, str]]:
    described = _OBJECTS.get(model_label)
    if described is None:
        return {}
    model = apps.get_model(model_label)
    if model._meta.pk.get_internal_type() in ("AutoField", "BigAutoField", "IntegerField"):
        ids = {pk for pk in ids if pk.isdigit()}
    if not ids:
        return {}
    rows = model._default_manager.filter(pk__in=ids).select_related(*described.related)
    return {(model_label, str(obj.pk)): described.parts(obj) for obj in rows}


def _read_entry(entry: AuditEntry, reading: Reading) -> ReadEntry:
    description = _ACTIONS.get(entry.action)
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    details_spec = description.details if description else {}
    actor = actor_name(entry)
    is_self = (
        entry.object_type == "accounts.user"
        and entry.actor_id is not None
        and entry.object_id == str(entry.actor_id)
    )
    parts = Parts(raw=changes, is_self=is_self)
    details: list[tuple[str, str]] = []
    references: list[tuple[str, str]] = []
    for key, value in changes.items():
        detail = details_spec.get(key)
        if detail is not None and detail.ref:
            found = reading.parts_of(detail.ref, value)
            for name, words in (found or {}).items():
                parts.setdefault(name, words)
        shown = _show(entry, key, value, detail, reading)
        parts[key] = shown
        if detail is None or not detail.hidden:
            details.append((_detail_label(entry, key, detail), shown))
        elif detail.ref:
            references.append((_detail_label(entry, key, detail), shown))
    if not isinstance(entry.changes, dict) and entry.changes:
        details.append(("", plain(entry.changes)))
    parts.update(_object_parts(entry, reading))
    parts["actor"] = actor
    if entry.object_type:
        parts.setdefault("object", object_words(entry))
    label = action_label(entry.action)
    sentence = _sentence(description, parts)
    if sentence is None:
        sentence = _plain_sentence(entry, parts["actor"], label)
        details = references + details
    return ReadEntry(entry=entry, actor=actor, label=label, sentence=sentence, details=details)


def _show(entry: AuditEntry, key: str, value: Any, detail: Detail | None, reading: Reading) -> str:
    if detail is not None and detail.show is not None:
        try:
            return detail.show(value, reading)
        except (TypeError, ValueError, KeyError, AttributeError):
            return plain(value)
    # Undescribed details named like a field of the object: its choices give the words.
    choices = _field_choices(entry.object_type, key)
    if choices:
        return choice(choices)(value, reading)
    return plain(value)


def _field_choices(model: str, name: str) -> list[tuple[Any, Any]] | None:
    if not model:
        return None
    try:
        return apps.get_model(model)._meta.get_field(name).choices or None
    except (LookupError, ValueError, AttributeError, FieldDoesNotExist):
        return None


def _detail_label(entry: AuditEntry, key: str, detail: Detail | None) -> str:
    if detail is not None and detail.label:
        return str(detail.label)
    if entry.object_type:
        return field_label(entry.object_type, key)
    return capfirst(key.replace("_", " "))


def _object_parts(entry: AuditEntry, reading: Reading) -> dict[str, str]:
    if not entry.object_type:
        return {}
    found = reading.parts_of(entry.object_type, entry.object_id)
    if found is not None:
        return found
    described = _OBJECTS.get(entry.object_type)
    if described and described.recorded_part and entry.object_repr:
        return {described.recorded_part: entry.object_repr}
    return {}


def object_words(entry: AuditEntry) -> str:
    """Return the object of an entry as "“recorded text” (type)"."""
    if not entry.object_type:
        return ""
    try:
        kind = str(apps.get_model(entry.object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        kind = entry.object_type
    return _("“%(object)s” (%(type)s)") % {
        "type": kind,
        "object": entry.object_repr or entry.object_id,
    }


def _sentence(description: ActionDescription | None, parts: Parts) -> str | None:
    """Return the action's sentence, or None when it cannot be written (no description, or
    a word missing because the object is gone)."""
    if description is None:
        return None
    try:
        sentence = description.sentence
        if callable(sentence) and not isinstance(sentence, Promise):
            return str(sentence(parts))
        return str(sentence) % parts
    except (KeyError, TypeError, ValueError):
        return None


def _plain_sentence(entry: AuditEntry, actor: str, label: str) -> str:
    target = object_words(entry)
    if target:
        return _("%(actor)s — %(action)s — %(object)s") % {
            "actor": actor,
            "action": label,
            "object": target,
        }
    return _("%(actor)s — %(action)s") % {"actor": actor, "action": label}
