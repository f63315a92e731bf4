"""Reads of module authoring: the library with drafts and retired modules, one module as HR
edits it, what a language lacks, who publishing or retiring concerns."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from bascule.training import content
from bascule.training.authoring.services import empty_text, marked
from bascule.training.models import Module, ModuleVersion, Progress, Requirement


def library_modules() -> QuerySet[Module]:
    """Every module (draft, published, retired), with its published version and the number
    of its latest version (a draft when above the published one); one query."""
    return (
        Module.objects.select_related("published")
        .annotate(latest=Max("versions__number"))
        .order_by("position", "slug")
    )


def access_authored_module(*, user, slug: str) -> Module:
    """Any module of the library, for HR admins (404 for an unknown slug)."""
    module = Module.objects.select_related("published").filter(slug=slug).first()
    if module is None:
        raise Http404
    return module


def title_of(data: dict[str, Any], language: str, fallback: str) -> str:
    """A version's title in `language`, else in the other one, else `fallback`."""
    for code in (language, *content.LANGUAGES):
        text = data.get(code)
        if isinstance(text, dict) and text.get("title"):
            return str(text["title"])
    return fallback


@dataclass
class LanguageState:
    language: str
    present: bool
    missing: list[str]  # the parts with nothing written (translated labels)
    to_translate: bool  # text copied from the other language, still marked


def language_states(data: dict[str, Any]) -> list[LanguageState]:
    """For each language: whether the version has it and which parts are missing (compared
    with the other language: fewer sections or questions count as missing)."""
    labels = {
        "title": _("title"),
        "summary": _("summary"),
        "objectives": _("objectives"),
        "sections": _("sections"),
        "questions": _("quiz questions"),
        "practice": _("exercise with the partner"),
        "behaviour": _("behaviour the partner may notice"),
    }
    texts = {
        code: data.get(code) if isinstance(data.get(code), dict) else None
        for code in content.LANGUAGES
    }
    states = []
    for code in content.LANGUAGES:
        text = texts[code] or empty_text()
        others = [t for c, t in texts.items() if c != code and t]
        missing = []
        for part, label in labels.items():
            value = text.get(part)
            elsewhere = [o.get(part) for o in others if o.get(part)]
            if isinstance(value, list) and value:
                short = any(isinstance(o, list) and len(value) < len(o) for o in elsewhere)
            else:
                short = not value and (bool(elsewhere) or part in ("title", "summary", "sections"))
            if short:
                missing.append(label)
        states.append(LanguageState(code, texts[code] is not None, missing, marked(text)))
    return states


@dataclass
class Impact:
    in_progress: int
    done: int

    @property
    def total(self) -> int:
        return self.in_progress + self.done


def progress_on(version: ModuleVersion | None) -> Impact:
    """How many learners started or finished `version` (they keep it)."""
    if version is None:
        return Impact(0, 0)
    counts = Progress.objects.filter(version=version).aggregate(
        done=Count("pk", filter=Q(completed_at__isnull=False)),
        in_progress=Count("pk", filter=Q(completed_at__isnull=True)),
    )
    return Impact(counts["in_progress"], counts["done"])


def progress_on_module(module: Module) -> Impact:
    counts = Progress.objects.filter(module=module).aggregate(
        done=Count("pk", filter=Q(completed_at__isnull=False)),
        in_progress=Count("pk", filter=Q(completed_at__isnull=True)),
    )
    return Impact(counts["in_progress"], counts["done"])


def requirements_of_module(module: Module) -> list[Requirement]:
    """The program requirements naming `module`, with their program."""
    return list(
        Requirement.objects.filter(module=module)
        .select_related("program")
        .order_by("program__name", "role")
    )
