"""Training modules shared between installations: one file (JSON) holding one module or the
whole library, exported here and imported elsewhere (docs/training.md, "Sharing modules
between installations").

`read_import` checks everything before anything is saved: the file itself (JSON, UTF-8, the
format, its version, its size), every module through `content.parse`, and what its Markdown
could do on a page (no raw HTML, no `javascript:` or `data:` link, images only from the
project's static files). It returns the plan, which `apply_import` carries out in one
transaction, through the same code as the built-in catalog (`services.install_module`).
"""

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

from bascule.core import idempotency
from bascule.core.errors import ValidationFailed
from bascule.training import content, selectors, services
from bascule.training.models import Module

FORMAT = "bascule-training-modules"
VERSION = 1
MAX_BYTES = 2 * 1024 * 1024
MAX_MODULES = 200

# MOVED: the same content, only its place in the library (`position`) differs.
NEW, NEW_VERSION, MOVED, UNCHANGED = "new", "new_version", "moved", "unchanged"

# With raw HTML on, so that any tag written in the Markdown shows up as a token.
_reader = MarkdownIt("commonmark", {"html": True, "linkify": False}).enable("table")
# Every link kept as a link (markdown-it drops javascript: ones silently), to be judged here.
_reader.validateLink = lambda url: True
_SAFE_SCHEMES = ("https:", "http:", "mailto:")


# --- Export -------------------------------------------------------------------------------------


def export_modules(modules) -> bytes:
    """The file of `modules` (Module rows with their published version), UTF-8 JSON."""
    data = {
        "format": FORMAT,
        "version": VERSION,
        "modules": [
            content.as_data(selectors.version_content(module.published))
            for module in modules
            if module.published is not None
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


# --- Import -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedModule:
    slug: str
    title: str
    status: str  # NEW, NEW_VERSION, MOVED or UNCHANGED
    module: content.ModuleContent


@dataclass(frozen=True)
class ImportPlan:
    modules: tuple[PlannedModule, ...]

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(item.status for item in self.modules)
        return {status: found[status] for status in (NEW, NEW_VERSION, MOVED, UNCHANGED)}

    @property
    def changes(self) -> bool:
        return any(item.status != UNCHANGED for item in self.modules)


def _refused(problems: list[str]) -> ValidationFailed:
    return ValidationFailed({"file": problems})


def _unsafe_url(url: str) -> bool:
    plain = "".join(url.split()).lower()
    if ":" not in plain.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        return False  # a relative address: no scheme
    return not plain.startswith(_SAFE_SCHEMES)


def markdown_problems(text: str) -> list[str]:
    """What is unsafe in one Markdown text (untranslated keys, named by _unsafe)."""
    found = []
    for token in _reader.parse(text or ""):
        for item in [token, *(token.children or [])]:
            if item.type in ("html_block", "html_inline"):
                found.append("html")
            elif item.type == "link_open" and _unsafe_url(str(item.attrGet("href") or "")):
                found.append("link")
            elif item.type == "image":
                src = str(item.attrGet("src") or "")
                if not src.startswith("/static/") or ".." in src:
                    found.append("image")
    return found


def _unsafe(module: content.ModuleContent) -> list[str]:
    """The unsafe content of `module`, one translated message per field at fault."""
    messages = {
        "html": _("%(module)s, %(field)s: raw HTML is not allowed in the text."),
        "link": _("%(module)s, %(field)s: only https, http and mailto links are allowed."),
        "image": _("%(module)s, %(field)s: images must be files of this site (/static/…)."),
    }
    problems = []
    for language, text in module.texts.items():
        fields = [
            (
                _("language “%(language)s”, section %(number)s")
                % {"language": language, "number": n},
                s.body,
            )
            for n, s in enumerate(text.sections, start=1)
        ]
        fields.append(
            (_("language “%(language)s”, practice") % {"language": language}, text.practice)
        )
        for where, value in fields:
            for kind in dict.fromkeys(markdown_problems(value)):
                problems.append(messages[kind] % {"module": module.slug, "field": where})
    return problems


def _decode(data: bytes) -> Any:
    if len(data) > MAX_BYTES:
        raise _refused(
            [_("The file is too large: %(max)s MB at most.") % {"max": MAX_BYTES // 1024 // 1024}]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refused([_("The file is not encoded in UTF-8.")]) from None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise _refused([_("The file is not JSON: export the modules from Bascule.")]) from None


def read_import(data: bytes) -> ImportPlan:
    """Return what importing the file `data` would do, or raise ValidationFailed listing every
    problem (field "file"); nothing is saved either way."""
    document = _decode(data)
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _refused([_("The file is not an export of Bascule's training modules.")])
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _refused([_("The file's format version is missing or wrong.")])
    if version > VERSION:
        raise _refused(
            [
                _(
                    "The file comes from a newer version of Bascule (format %(version)s): "
                    "update this installation first."
                )
                % {"version": version}
            ]
        )
    items = document.get("modules")
    if not isinstance(items, list) or not items:
        raise _refused([_("The file holds no module.")])
    if len(items) > MAX_MODULES:
        raise _refused([_("The file holds more than %(max)s modules.") % {"max": MAX_MODULES}])
    problems: list[str] = []
    parsed: list[content.ModuleContent] = []
    for number, item in enumerate(items, start=1):
        name = item.get("slug") if isinstance(item, dict) else None
        label = name if isinstance(name, str) and name else _("module %(n)s") % {"n": number}
        try:
            module = content.parse(item)
        except content.ContentError as error:
            problems += [f"{label}: {problem}" for problem in error.problems]
            continue
        problems += _unsafe(module)
        parsed.append(module)
    slugs = Counter(module.slug for module in parsed)
    problems += [
        _("%(module)s: the module is in the file more than once.") % {"module": slug}
        for slug, count in slugs.items()
        if count > 1
    ]
    if problems:
        raise _refused(problems)
    existing = {
        module.slug: module
        for module in Module.objects.filter(slug__in=slugs).select_related("published")
    }
    planned = []
    for module in parsed:
        stored = json.loads(json.dumps(content.as_data(module)))
        current = existing.get(module.slug)
        if current is None:
            status = NEW
        elif services.same_content(
            current.published.content if current.published else None, stored
        ):
            status = UNCHANGED if current.position == module.position else MOVED
        else:
            status = NEW_VERSION
        planned.append(PlannedModule(module.slug, _title(module), status, module))
    return ImportPlan(tuple(planned))


def _title(module: content.ModuleContent) -> str:
    return module.text((get_language() or "fr")[:2])[0].title


def apply_import(
    plan: ImportPlan, actor: Any, *, submission: idempotency.Submission | None = None
) -> list[str]:
    """Carry out `plan` in one transaction: new modules published as version 1 (not built-in),
    changed ones get a new published version (learners who started keep theirs), unchanged
    ones are left alone. One audit entry per module changed. Return one line per module."""
    with transaction.atomic():
        idempotency.claim(actor=actor, scope="training.import", submission=submission)
        return [
            services.install_module(item.module, actor=actor, builtin=False)
            for item in plan.modules
        ]
