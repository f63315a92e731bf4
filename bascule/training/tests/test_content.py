"""The module format's checks (`content.parse`) and the safe Markdown of module texts."""

import json
from html.parser import HTMLParser

import pytest
from django.utils import translation

from bascule.core.markdown import render_markdown
from bascule.training import content
from bascule.training.content import ContentError, as_data, parse
from bascule.training.tests.factories import module_data


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def problems_of(data, **options) -> str:
    with pytest.raises(ContentError) as caught:
        parse(data, **options)
    assert caught.value.problems, "a refusal names at least one problem"
    return " | ".join(caught.value.problems)


def first_question(data: dict, language: str) -> dict:
    return data[language]["questions"][0]


def test_a_valid_module_parses_in_both_languages():
    module = parse(module_data("listening"), both_languages=True)

    assert module.slug == "listening"
    assert set(module.texts) == {"fr", "en"}
    assert module.texts["en"].questions[0].choices[0].correct is True


@pytest.mark.parametrize("data", [None, [], "slug = 'x'", 42, [module_data("listening")]])
def test_what_is_not_a_dict_is_refused(data):
    assert "does not describe a module" in problems_of(data)


@pytest.mark.parametrize(
    "slug", ["", "Active listening", "écoute", "a/b", "x" * 61, 12, None, "a\x00b"]
)
def test_a_bad_slug_is_refused(slug):
    data = module_data("listening")
    data["slug"] = slug

    assert "identifier (slug)" in problems_of(data)


@pytest.mark.parametrize("audience", ["everybody", "", None, "Mentor", ["mentor"]])
def test_an_unknown_audience_is_refused(audience):
    data = module_data("listening")
    data["audience"] = audience

    assert "audience is one of" in problems_of(data)


@pytest.mark.parametrize("missing", ["fr", "en"])
def test_both_languages_are_required_for_the_catalog_only(missing):
    data = module_data("listening")
    del data[missing]

    assert f"“{missing}” is required" in problems_of(data, both_languages=True)
    module = parse(data)  # an imported module may have one language
    assert module.text(missing) == (module.texts[{"fr": "en", "en": "fr"}[missing]], True)


def test_a_module_with_no_language_at_all_is_refused():
    data = module_data("listening")
    del data["fr"], data["en"]

    assert "no text in French or in English" in problems_of(data)


def test_a_question_with_no_right_answer_is_refused():
    data = module_data("listening")
    for language in ("fr", "en"):
        for choice in first_question(data, language)["choices"]:
            choice["correct"] = False

    assert "question 1: one right answer is required" in problems_of(data)


def test_a_single_choice_question_with_two_right_answers_is_refused():
    data = module_data("listening")
    for language in ("fr", "en"):
        for choice in first_question(data, language)["choices"]:
            choice["correct"] = True

    assert "question 1: one right answer is required" in problems_of(data)

    for language in ("fr", "en"):  # the same answers are fine when several are expected
        first_question(data, language)["multiple"] = True
    assert parse(data).texts["en"].questions[0].multiple is True


@pytest.mark.parametrize("count", [1, 7])
def test_one_or_seven_choices_are_refused(count):
    data = module_data("listening")
    for language in ("fr", "en"):
        question = first_question(data, language)
        question["multiple"] = True
        question["choices"] = [
            {"text": f"Choice {n}", "correct": True, "explanation": "Why."} for n in range(count)
        ]

    assert "question 1: from 2 to 6 choices are required" in problems_of(data)


def test_a_choice_without_an_explanation_is_refused():
    data = module_data("listening")
    first_question(data, "en")["choices"][1]["explanation"] = "  "

    assert "question 1, choice 2: a text is required" in problems_of(data)


def test_questions_whose_count_differs_between_languages_are_refused():
    data = module_data("listening", questions=3)
    data["en"]["questions"].pop()

    assert "questions differ between the languages" in problems_of(data)


def test_questions_whose_right_answers_differ_between_languages_are_refused():
    data = module_data("listening")
    choices = first_question(data, "en")["choices"]
    choices[0]["correct"], choices[1]["correct"] = False, True

    assert "questions differ between the languages" in problems_of(data)


@pytest.mark.parametrize(
    "place",
    [
        lambda data: data["en"]["sections"][0].__setitem__("body", "Listen\x00 well."),
        lambda data: data["fr"].__setitem__("title", "Écoute\x00"),
        lambda data: first_question(data, "en")["choices"][0].__setitem__("explanation", "\x00"),
        lambda data: data["en"].__setitem__("practice", "Step\x00"),
    ],
)
def test_nul_bytes_are_refused(place):
    data = module_data("listening")
    place(data)

    assert "forbidden characters" in problems_of(data)


def test_a_text_beyond_the_limit_is_refused():
    data = module_data("listening")
    data["en"]["sections"][0]["body"] = "word " * content.MAX_TEXT

    assert "too long" in problems_of(data)


@pytest.mark.parametrize("minutes", [10**30, -(10**30), 0, 241, 2**63])
def test_a_huge_or_impossible_duration_is_refused(minutes):
    data = module_data("listening")
    data["minutes"] = minutes

    assert "Duration: a whole number from 1 to 240 is required" in problems_of(data)


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("minutes", "15", "Duration: a whole number"),
        ("minutes", 15.0, "Duration: a whole number"),
        ("minutes", True, "Duration: a whole number"),
        ("pass_mark", 10**21, "Pass mark: a whole number from 0 to 100"),
        ("position", "1", "Position: a whole number from 0 to 999"),
    ],
)
def test_numbers_must_be_whole_numbers_in_range(field, value, message):
    data = module_data("listening")
    data[field] = value

    assert message in problems_of(data)


@pytest.mark.parametrize("value", ["true", "false", 1, 0, None])
def test_booleans_given_otherwise_are_refused(value):
    data = module_data("listening")
    first_question(data, "en")["multiple"] = value
    first_question(data, "en")["choices"][0]["correct"] = value

    problems = problems_of(data)
    assert "“multiple” is true or false" in problems
    assert "question 1, choice 1: “correct” is true or false" in problems


def test_every_problem_is_listed_at_once():
    data = module_data("listening")
    data["slug"], data["audience"], data["minutes"] = "no slug", "all", "ten"

    with pytest.raises(ContentError) as caught:
        parse(data)
    assert len(caught.value.problems) == 3


def test_problems_are_given_in_the_readers_language():
    with translation.override("fr"):
        french = problems_of(["not a module"])
    assert french  # translated when the catalog has it, never empty


def test_a_module_round_trips_through_its_data_and_json():
    module = parse(module_data("listening", questions=3, sections=4), both_languages=True)

    assert parse(as_data(module)) == module
    assert parse(json.loads(json.dumps(as_data(module))), both_languages=True) == module


def test_the_catalog_round_trips_through_its_data_and_json():
    for module in content.load_catalog():
        exported = json.loads(json.dumps(as_data(module), ensure_ascii=False))
        assert parse(as_data(module), both_languages=True) == module
        assert parse(exported, both_languages=True) == module


def test_the_catalog_names_the_file_at_fault(tmp_path):
    (tmp_path / "01-good.toml").write_text('slug = "good"\n', encoding="utf-8")
    (tmp_path / "02-broken.toml").write_text("slug = \n", encoding="utf-8")

    with pytest.raises(ContentError) as caught:
        content.load_catalog(tmp_path)
    assert caught.value.problems[0].startswith("01-good.toml: ")

    (tmp_path / "01-good.toml").unlink()
    with pytest.raises(ContentError) as caught:
        content.load_catalog(tmp_path)
    assert caught.value.problems[0].startswith("02-broken.toml: ")


# The Markdown of module texts (bascule/core/markdown.py).


class _Elements(HTMLParser):
    """Every start tag of a piece of HTML, with its attributes."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def names(self) -> set[str]:
        return {tag for tag, _attributes in self.tags}

    def attribute(self, name: str) -> list[str | None]:
        return [attrs[name] for _tag, attrs in self.tags if name in attrs]


HOSTILE = [
    "<script>alert(1)</script>",
    "Text <script src=https://evil.example/x.js></script> text",
    '<img src="/static/x.svg" onerror="alert(1)">',
    '<a href="https://example.org" onclick="alert(1)">link</a>',
    '<div onmouseover="alert(1)">hover</div>',
    "<iframe src=https://evil.example></iframe>",
    "<style>body { display: none }</style>",
    "<form action=https://evil.example><input name=password></form>",
    "<svg onload=alert(1)></svg>",
    "<!-- a comment --> <object data=x></object> <embed src=x>",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_raw_html_never_survives(text):
    html = str(render_markdown(text))
    elements = _Elements(html)

    assert "<script" not in html.lower()
    assert not {"script", "img", "div", "iframe", "style", "form", "input", "svg"} & (
        elements.names()
    )
    assert not {"object", "embed", "a"} & elements.names()
    assert all(not name.startswith("on") for _tag, attrs in elements.tags for name in attrs)
    assert "<!--" not in html


@pytest.mark.parametrize(
    "text",
    [
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](  javascript:alert(1) )",
        "<javascript:alert(1)>",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        "[click](vbscript:msgbox(1))",
        "[ref]\n\n[ref]: javascript:alert(1)",
        "![x](javascript:alert(1))",
    ],
)
def test_dangerous_links_never_survive(text):
    elements = _Elements(str(render_markdown(text)))

    for url in elements.attribute("href") + elements.attribute("src"):
        assert url is not None
        assert url.split(":", 1)[0].strip().lower() in {"https", "http", "mailto"} or (
            url.startswith("/static/")
        )


@pytest.mark.parametrize(
    "text",
    [
        "![tracker](https://evil.example/pixel.png)",
        "![tracker](http://evil.example/pixel.png)",
        "![tracker](//evil.example/pixel.png)",
        "![up](/static/../media/secret.png)",
        "![elsewhere](/media/photo.png)",
        "![data](data:image/png;base64,iVBORw0KGgo=)",
    ],
)
def test_remote_or_outside_images_never_survive(text):
    elements = _Elements(str(render_markdown(text)))

    assert not [src for src in elements.attribute("src") if src]


def test_a_static_image_survives():
    html = str(render_markdown("![Two colleagues talking](/static/training/pair.svg)"))

    assert ("img", {"src": "/static/training/pair.svg", "alt": "Two colleagues talking"}) in (
        _Elements(html).tags
    )


def test_an_https_link_survives_and_opens_safely():
    elements = _Elements(str(render_markdown("[The guide](https://example.org/guide)")))

    assert elements.tags == [
        ("p", {}),
        ("a", {"href": "https://example.org/guide", "rel": "noopener noreferrer"}),
    ]


def test_the_allowed_markdown_renders():
    text = (
        "# Title\n\n## Part\n\nSome **bold** and *emphasis* and `code`.\n\n"
        "- one\n- two\n\n3. three\n4. four\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n"
        "> **Tip:** listen first.\n"
    )
    html = str(render_markdown(text))

    assert "<h3>Title</h3>" in html and "<h4>Part</h4>" in html  # below the page's h1 and h2
    assert {"strong", "em", "code", "ul", "ol", "li", "table", "th", "td"} <= (
        _Elements(html).names()
    )
    assert '<ol start="3">' in html
    assert "<blockquote>\n<p><strong>Tip:</strong> listen first.</p>\n</blockquote>" in html


def test_empty_markdown_renders_to_nothing():
    assert str(render_markdown("")) == ""
    assert str(render_markdown(None)) == ""


@pytest.mark.parametrize("slug", ["pairs", "manage"])
def test_it_refuses_a_slug_the_pages_addresses_use(slug):
    data = module_data("x")
    data["slug"] = slug
    with pytest.raises(ContentError) as refused:
        parse(data)
    assert any(slug in problem for problem in refused.value.problems)
