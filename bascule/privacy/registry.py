"""The one list of the apps' privacy modules (the contract is in `base.py`).

A new app that stores something about a person adds its `privacy.py` here; the order is the
order of the export's sections. `tests/test_registry.py` fails when a model has a relation to
an employee or an account that no module covers.
"""

from functools import cache
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING

from django.apps import apps

if TYPE_CHECKING:
    from bascule.privacy.base import Person

PROVIDERS: tuple[str, ...] = (
    "bascule.people.privacy",
    "bascule.accounts.privacy",
    "bascule.programs.privacy",
    "bascule.pairing.privacy",
    "bascule.journey.privacy",
    "bascule.meetings.privacy",
    "bascule.evaluations.privacy",
    "bascule.training.privacy",
    "bascule.workshops.privacy",
    "bascule.credentials.privacy",
    "bascule.recognition.privacy",
    "bascule.certificates.privacy",
    "bascule.reminders.privacy",
    "bascule.notifications.privacy",
    # The logs come last: what they say about the person is read from the rows above.
    "bascule.privacy.logs",
)


@cache
def providers() -> tuple[ModuleType, ...]:
    """Return the privacy modules, in the order of PROVIDERS."""
    return tuple(import_module(path) for path in PROVIDERS)


def covered_relations() -> dict[str, str]:
    """Return every relation the modules cover, {"app_label.Model.field": SUBJECT or ACTOR}."""
    covered: dict[str, str] = {}
    for module in providers():
        covered.update(module.COVERS)
    return covered


def relations_to_people() -> list[str]:
    """Return every relation of an installed model to an employee or an account, as
    "app_label.Model.field": foreign keys, one-to-one and many-to-many fields."""
    targets = {"people.Employee", "accounts.User"}
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.auto_created or not field.is_relation or field.related_model is None:
                continue
            if field.related_model._meta.label in targets:
                found.append(f"{model._meta.label}.{field.name}")
    return sorted(found)


def uncovered_relations(covered: dict[str, str] | None = None) -> list[str]:
    """Return the relations to an employee or an account that no privacy module covers."""
    covered = covered_relations() if covered is None else covered
    return [path for path in relations_to_people() if path not in covered]


def subject_rows(person: "Person") -> dict[str, set[str]]:
    """Return the rows about `person`, {"app_label.model": {pk as text, …}}: their employee
    row and account, and the rows every SUBJECT relation links to them."""
    from bascule.privacy.base import SUBJECT

    rows: dict[str, set[str]] = {}
    if person.employee is not None:
        rows["people.employee"] = {str(person.employee.pk)}
    if person.user is not None:
        rows["accounts.user"] = {str(person.user.pk)}
    for path, kind in covered_relations().items():
        if kind != SUBJECT:
            continue
        label, field_name = path.rsplit(".", 1)
        model = apps.get_model(label)
        target = model._meta.get_field(field_name).related_model
        value = person.employee if target._meta.label == "people.Employee" else person.user
        if value is None:
            continue
        ids = model._default_manager.filter(**{field_name: value}).values_list("pk", flat=True)
        rows.setdefault(model._meta.label_lower, set()).update(str(pk) for pk in ids)
    return rows
