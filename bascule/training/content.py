"""A learning module's content: its format, how it is read from a file and checked.

A module is written once per language (French and English for the built-in catalog), in the
same shape: title, summary, objectives, ordered sections (Markdown, `bascule.core.markdown`),
scenario questions whose every choice has an explanation, a practice exercise done in the
pair, and one observable behaviour ("my partner summarised what I said before answering")
that the pair's check-ins ask about. The questions are the same in every language, in the
same order, with the same right answers: a score does not depend on the language read.

The built-in catalog is one TOML file per module in `bascule/training/catalog/`
(docs/training.md gives the format); modules exported from another installation use the same
structure as JSON (`as_data` / `parse`). `parse` refuses with `ContentError`, which lists every
problem in the reader's language.
"""

import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

CATALOG = Path(__file__).resolve().parent / "catalog"
LANGUAGES = ("fr", "en")
AUDIENCES = ("mentor", "mentee", "both", "managers")

# Words of the training pages' addresses (/training/pairs/…, /training/manage/…).
RESERVED_SLUGS = frozenset({"pairs", "manage"})
MAX_TEXT = 20_000  # characters of one section, practice or explanation
MIN_CHOICES, MAX_CHOICES = 2, 6


class ContentError(ValueError):
    """A module's content cannot be used: `problems` says each thing wrong, translated."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Choice:
    text: str
    correct: bool
    explanation: str


@dataclass(frozen=True)
class Question:
    prompt: str
    multiple: bool  # several right answers (tick all that apply); else exactly one
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class Section:
    title: str
    body: str  # Markdown


@dataclass(frozen=True)
class Text:
    """A module in one language."""

    title: str
    summary: str
    objectives: tuple[str, ...]
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    practice: str  # Markdown: the exercise done in the pair
    behaviour: str  # one observable behaviour, worded about the partner


@dataclass(frozen=True)
class ModuleContent:
    slug: str
    position: int
    audience: str  # AUDIENCES
    minutes: int
    pass_mark: int  # percent of the questions to answer right
    texts: dict[str, Text]  # by language code

    def text(self, language: str) -> tuple[Text, bool]:
        """The text in `language`, else in the other language: (text, whether it fell back)."""
        if language in self.texts:
            return self.texts[language], False
        other = next(code for code in (*LANGUAGES, *self.texts) if code in self.texts)
        return self.texts[other], True


def _string(value: Any, where: str, problems: list[str], *, required: bool = True) -> str:
    if not isinstance(value, str) or (required and not value.strip()):
        problems.append(_("%(where)s: a text is required.") % {"where": where})
        return ""
    if "\x00" in value or len(value) > MAX_TEXT:
        problems.append(
            _("%(where)s: the text is too long or holds forbidden characters.") % {"where": where}
        )
        return ""
    return value.strip()


def _integer(value: Any, where: str, low: int, high: int, problems: list[str]) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        problems.append(
            _("%(where)s: a whole number from %(low)s to %(high)s is required.")
            % {"where": where, "low": low, "high": high}
        )
        return low
    return value


def _list(value: Any, where: str, problems: list[str]) -> list:
    if not isinstance(value, list | tuple):
        problems.append(_("%(where)s: a list is required.") % {"where": where})
        return []
    return list(value)


def _question(data: Any, where: str, problems: list[str]) -> Question:
    if not isinstance(data, dict):
        problems.append(_("%(where)s: a question is required.") % {"where": where})
        return Question("", False, ())
    multiple = data.get("multiple", False)
    if not isinstance(multiple, bool):
        problems.append(_("%(where)s: “multiple” is true or false.") % {"where": where})
        multiple = False
    choices = []
    for number, item in enumerate(_list(data.get("choices"), where, problems), start=1):
        at = _("%(where)s, choice %(number)s") % {"where": where, "number": number}
        if not isinstance(item, dict):
            problems.append(_("%(where)s: a choice is required.") % {"where": at})
            continue
        correct = item.get("correct", False)
        if not isinstance(correct, bool):
            problems.append(_("%(where)s: “correct” is true or false.") % {"where": at})
            correct = False
        choices.append(
            Choice(
                text=_string(item.get("text"), at, problems),
                correct=correct,
                explanation=_string(item.get("explanation"), at, problems),
            )
        )
    if not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
        problems.append(
            _("%(where)s: from %(low)s to %(high)s choices are required.")
            % {"where": where, "low": MIN_CHOICES, "high": MAX_CHOICES}
        )
    right = sum(choice.correct for choice in choices)
    if choices and (right == 0 or (not multiple and right != 1)):
        problems.append(
            _("%(where)s: one right answer is required (at least one when several are).")
            % {"where": where}
        )
    return Question(_string(data.get("prompt"), where, problems), multiple, tuple(choices))


def _text(data: Any, language: str, problems: list[str]) -> Text:
    where = _("Language “%(language)s”") % {"language": language}
    if not isinstance(data, dict):
        problems.append(_("%(where)s: the module's text is required.") % {"where": where})
        return Text("", "", (), (), (), "", "")
    sections = []
    for number, item in enumerate(_list(data.get("sections"), where, problems), start=1):
        at = _("%(where)s, section %(number)s") % {"where": where, "number": number}
        item = item if isinstance(item, dict) else {}
        sections.append(
            Section(
                _string(item.get("title"), at, problems), _string(item.get("body"), at, problems)
            )
        )
    if not sections:
        problems.append(_("%(where)s: at least one section is required.") % {"where": where})
    questions = tuple(
        _question(
            item, _("%(where)s, question %(number)s") % {"where": where, "number": n}, problems
        )
        for n, item in enumerate(_list(data.get("questions", []), where, problems), start=1)
    )
    return Text(
        title=_string(data.get("title"), where, problems),
        summary=_string(data.get("summary"), where, problems),
        objectives=tuple(
            _string(item, where, problems)
            for item in _list(data.get("objectives", []), where, problems)
        ),
        sections=tuple(sections),
        questions=questions,
        practice=_string(data.get("practice", ""), where, problems, required=False),
        behaviour=_string(data.get("behaviour", ""), where, problems, required=False),
    )


def _answers(text: Text) -> list[tuple[bool, tuple[bool, ...]]]:
    return [(q.multiple, tuple(c.correct for c in q.choices)) for q in text.questions]


def parse(data: Any, *, both_languages: bool = False) -> ModuleContent:
    """Return the module `data` describes (a TOML file's or a JSON export's structure), or
    raise ContentError listing every problem. `both_languages` requires French and English
    (the built-in catalog); otherwise one of them is enough."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise ContentError([_("The file does not describe a module.")])
    slug = data.get("slug")
    if (
        not isinstance(slug, str)
        or not slug
        or len(slug) > 60
        or not all(c.isascii() and (c.isalnum() or c == "-") for c in slug)
    ):
        problems.append(_("The module's identifier (slug) is letters, digits and dashes."))
        slug = ""
    if slug in RESERVED_SLUGS:
        problems.append(
            _("“%(slug)s” is a word of the training pages' addresses: choose another identifier.")
            % {"slug": slug}
        )
    audience = data.get("audience")
    if audience not in AUDIENCES:
        problems.append(_("The audience is one of: mentor, mentee, both, managers."))
    texts = {}
    for language in LANGUAGES:
        if language in data:
            texts[language] = _text(data[language], language, problems)
        elif both_languages:
            problems.append(_("The text in “%(language)s” is required.") % {"language": language})
    if not texts and not problems:
        problems.append(_("The module has no text in French or in English."))
    shapes = {language: _answers(text) for language, text in texts.items()}
    if len({tuple(shape) for shape in shapes.values()}) > 1:
        problems.append(
            _(
                "The questions differ between the languages: the same questions, in the same "
                "order, with the same right answers, are required in each."
            )
        )
    module = ModuleContent(
        slug=slug,
        position=_integer(data.get("position", 0), _("Position"), 0, 999, problems),
        audience=audience if audience in AUDIENCES else "both",
        minutes=_integer(data.get("minutes"), _("Duration"), 1, 240, problems),
        pass_mark=_integer(data.get("pass_mark", 70), _("Pass mark"), 0, 100, problems),
        texts=texts,
    )
    if problems:
        raise ContentError(problems)
    return module


def as_data(module: ModuleContent) -> dict[str, Any]:
    """The structure `parse` reads (JSON-ready): export, and a version's stored content."""
    data: dict[str, Any] = {
        "slug": module.slug,
        "position": module.position,
        "audience": module.audience,
        "minutes": module.minutes,
        "pass_mark": module.pass_mark,
    }
    for language, text in module.texts.items():
        data[language] = asdict(text)
    return data


def load_catalog(directory: Path = CATALOG) -> list[ModuleContent]:
    """The built-in modules, in their order; ContentError names the file at fault."""
    modules = []
    for path in sorted(directory.glob("*.toml")):
        try:
            with path.open("rb") as file:
                modules.append(parse(tomllib.load(file), both_languages=True))
        except tomllib.TOMLDecodeError as error:
            raise ContentError([f"{path.name}: {error}"]) from error
        except ContentError as error:
            raise ContentError([f"{path.name}: {p}" for p in error.problems]) from error
    return sorted(modules, key=lambda m: (m.position, m.slug))
