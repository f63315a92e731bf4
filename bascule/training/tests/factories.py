"""Modules for tests: a small valid content in both languages, published or not."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.utils import timezone

from bascule.training import content
from bascule.training.models import Module, ModuleStatus, ModuleVersion


def module_data(slug: str, *, questions: int = 2, audience: str = "both", sections: int = 2):
    """A module's content (the structure of `content.parse`): question i's right answer is
    its first choice."""

    def text(language: str) -> dict:
        return {
            "title": f"{slug} ({language})",
            "summary": f"Summary of {slug} in {language}.",
            "objectives": [f"Objective {n} ({language})" for n in (1, 2)],
            "behaviour": f"My partner practised {slug} ({language}).",
            "practice": f"Practise {slug} together ({language}).",
            "sections": [
                {"title": f"Section {n} ({language})", "body": f"Body **{n}** ({language})."}
                for n in range(1, sections + 1)
            ],
            "questions": [
                {
                    "prompt": f"Question {n} ({language})?",
                    "multiple": False,
                    "choices": [
                        {"text": f"Right {n}", "correct": True, "explanation": "Because."},
                        {"text": f"Wrong {n}", "correct": False, "explanation": "No."},
                    ],
                }
                for n in range(1, questions + 1)
            ],
        }

    return {
        "slug": slug,
        "position": 1,
        "audience": audience,
        "minutes": 15,
        "pass_mark": 50,
        "fr": text("fr"),
        "en": text("en"),
    }


def make_module(slug: str = "listening", *, publish: bool = True, **options) -> Module:
    """A module with version 1 of `module_data(slug, **options)`, published unless asked."""
    data = content.as_data(content.parse(module_data(slug, **options)))
    module = Module.objects.create(
        slug=slug,
        audience=data["audience"],
        status=ModuleStatus.PUBLISHED if publish else ModuleStatus.DRAFT,
    )
    version = ModuleVersion.objects.create(
        module=module,
        number=1,
        minutes=data["minutes"],
        pass_mark=data["pass_mark"],
        content=data,
        published_at=timezone.now() if publish else None,
    )
    if publish:
        module.published = version
        module.save(update_fields=["published", "updated_at"])
    return module


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def as_toml(data: dict) -> str:
    """`module_data`'s structure as a catalog file (TOML)."""
    lines = [f"{key} = {_toml_value(data[key])}" for key in data if key not in ("fr", "en")]
    for language in ("fr", "en"):
        if language not in data:
            continue
        text = data[language]
        lines.append(f"\n[{language}]")
        for key, value in text.items():
            if key not in ("sections", "questions"):
                lines.append(f"{key} = {_toml_value(value)}")
        for section in text["sections"]:
            lines.append(f"\n[[{language}.sections]]")
            lines += [f"{key} = {_toml_value(value)}" for key, value in section.items()]
        for question in text["questions"]:
            lines.append(f"\n[[{language}.questions]]")
            lines += [
                f"{key} = {_toml_value(value)}"
                for key, value in question.items()
                if key != "choices"
            ]
            for choice in question["choices"]:
                lines.append(f"\n[[{language}.questions.choices]]")
                lines += [f"{key} = {_toml_value(value)}" for key, value in choice.items()]
    return "\n".join(lines) + "\n"


SAMPLE_SLUGS = ("sample-listening", "sample-feedback", "sample-first-meeting")


def write_sample_catalog(directory: Path) -> Path:
    """Write a small catalog (three modules for every audience) into `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    for position, slug in enumerate(SAMPLE_SLUGS, start=1):
        data = module_data(slug, sections=3)
        data["position"] = position
        (directory / f"{position:02}-{slug}.toml").write_text(as_toml(data), encoding="utf-8")
    return directory


@contextmanager
def some_catalog(directory: Path) -> Iterator[None]:
    """The built-in catalog when it has modules; else, for as long as the block runs, a
    sample one written into `directory` (the demo and its crawl need modules to show)."""
    if any(content.CATALOG.glob("*.toml")):
        yield
        return
    original = content.CATALOG
    content.CATALOG = write_sample_catalog(directory)
    try:
        yield
    finally:
        content.CATALOG = original
