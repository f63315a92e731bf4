"""A program's training as xAPI statements (docs/training.md, "xAPI export").

One statement per completion (verb `completed`) and per quiz attempt (`passed` or
`failed`), for the program's participants (approved applications) and the modules it
requires. The actor is identified by the SHA-1 of their `mailto:` address only
(`mbox_sha1sum`): no name leaves. The object is the module's activity IRI under SITE_URL.
"""

import hashlib
import uuid
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db.models import Q

from bascule.programs.models import Program
from bascule.training.models import Progress, QuizAttempt, Requirement
from bascule.training.requirements.selectors import participants
from bascule.training.selectors import version_content

VERSION = "1.0.3"
VERBS = {
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
}
ACTIVITY_TYPE = "http://adlnet.gov/expapi/activities/module"
LANGUAGE_TAGS = {"fr": "fr-FR", "en": "en-GB"}
# Statement ids are stable: exporting twice gives the same ids (an LRS ignores duplicates).
NAMESPACE = uuid.UUID("6f1c2f3e-6c1b-4e47-9a34-7d0f1b2a9c10")


def activity_iri(slug: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}/training/modules/{slug}"


def mbox_sha1sum(email: str) -> str:
    return hashlib.sha1(f"mailto:{email.strip().lower()}".encode()).hexdigest()  # noqa: S324


def _verb(code: str) -> dict[str, Any]:
    return {"id": VERBS[code], "display": {"en-US": code}}


def _activity(module: Any) -> dict[str, Any]:
    names = {}
    if module.published_id is not None:
        for code, text in version_content(module.published).texts.items():
            names[LANGUAGE_TAGS.get(code, code)] = text.title
    return {
        "objectType": "Activity",
        "id": activity_iri(module.slug),
        "definition": {"type": ACTIVITY_TYPE, "name": names},
    }


def _score(percent: int | None) -> dict[str, Any]:
    value = percent or 0
    return {"scaled": round(value / 100, 4), "raw": value, "min": 0, "max": 100}


def statements(*, program: Program) -> Iterator[dict[str, Any]]:
    """The xAPI statements of `program`'s participants for its required modules."""
    requirements = list(
        Requirement.objects.filter(program=program).select_related("module__published")
    )
    if not requirements:
        return
    by_role: dict[str, set[int]] = {}
    for requirement in requirements:
        by_role.setdefault(requirement.role, set()).add(requirement.module_id)
    activities = {r.module_id: _activity(r.module) for r in requirements}
    condition = Q(pk__in=[])
    for role, modules in by_role.items():
        people = participants(program=program, role=role).values("employee_id")
        condition |= Q(employee_id__in=people, module_id__in=modules)
    actors: dict[int, dict[str, Any]] = {}

    def actor(employee: Any) -> dict[str, Any]:
        if employee.pk not in actors:
            actors[employee.pk] = {
                "objectType": "Agent",
                "mbox_sha1sum": mbox_sha1sum(employee.email),
            }
        return actors[employee.pk]

    done = (
        Progress.objects.filter(condition, completed_at__isnull=False)
        .select_related("employee")
        .only("pk", "module_id", "completed_at", "best_score", "passed", "employee__email")
        .order_by("completed_at", "pk")
    )
    for progress in done.iterator(chunk_size=2000):
        result: dict[str, Any] = {"success": progress.passed, "completion": True}
        if progress.best_score is not None:
            result["score"] = _score(progress.best_score)
        yield {
            "id": str(uuid.uuid5(NAMESPACE, f"progress:{progress.pk}")),
            "version": VERSION,
            "actor": actor(progress.employee),
            "verb": _verb("completed"),
            "object": activities[progress.module_id],
            "result": result,
            "timestamp": progress.completed_at.isoformat(),
        }
    attempts = (
        QuizAttempt.objects.filter(
            Q(pk__in=[]) | Q(progress__in=Progress.objects.filter(condition).values("pk"))
        )
        .select_related("progress__employee")
        .only(
            "pk",
            "score",
            "passed",
            "submitted_at",
            "progress__module_id",
            "progress__employee__email",
        )
        .order_by("submitted_at", "pk")
    )
    for attempt in attempts.iterator(chunk_size=2000):
        yield {
            "id": str(uuid.uuid5(NAMESPACE, f"attempt:{attempt.pk}")),
            "version": VERSION,
            "actor": actor(attempt.progress.employee),
            "verb": _verb("passed" if attempt.passed else "failed"),
            "object": activities[attempt.progress.module_id],
            "result": {
                "score": _score(attempt.score),
                "success": attempt.passed,
                "completion": True,
            },
            "timestamp": attempt.submitted_at.isoformat(),
        }
