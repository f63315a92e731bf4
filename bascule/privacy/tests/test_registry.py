"""Every app that stores something about a person says, in its privacy module, what it
exports and erases: a model with a relation to an employee or an account that no module
covers fails here."""

import datetime as dt

from bascule.privacy import registry, selectors, services
from bascule.privacy.base import ACTOR, SUBJECT, Person


def test_every_relation_to_an_employee_or_an_account_is_covered():
    missing = registry.uncovered_relations()
    assert not missing, (
        "Relations to an employee or an account that no privacy module covers (add them to "
        f"COVERS in the app's privacy.py and export/erase what they hold): {missing}"
    )


def test_it_would_notice_a_new_relation_nobody_covers():
    covered = registry.covered_relations()
    del covered["programs.Application.employee"]
    assert registry.uncovered_relations(covered) == ["programs.Application.employee"]


def test_every_covered_relation_exists_and_says_what_it_is():
    relations = set(registry.relations_to_people())
    covered = registry.covered_relations()
    assert sorted(set(covered) - relations) == []
    assert set(covered.values()) <= {SUBJECT, ACTOR}
    # Django's own admin history names people too: it is covered like the apps' models.
    assert "admin.LogEntry.user" in covered


def test_every_module_keeps_the_contract():
    for module in registry.providers():
        for name in ("COVERS", "KINDS", "export", "erasure_plan", "anonymise"):
            assert hasattr(module, name), f"{module.__name__} has no {name}"


def test_every_count_has_words(scene, frozen):
    labels = selectors.kind_labels()
    counts = services.person_erase(
        actor=scene.company.alice,
        person=Person.of(employee=scene.company.lea),
        confirmation="Léa Martin",
    )
    report = services.retention_apply(now=dt.datetime(2040, 1, 1, tzinfo=dt.UTC), dry_run=True)
    keys = set(counts) | set(report.other)
    assert keys - set(labels) == set()
