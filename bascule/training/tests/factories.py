"""Modules for tests: a small valid content in both languages, published or not."""

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
        position=data["position"],
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
