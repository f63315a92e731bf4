"""Importing skills: reading both layouts (ours and ESCO's export), refusing bad files with
clear messages and line numbers, applying all or nothing, and the import_skills command."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from bascule.core.errors import DomainError
from bascule.core.models import AuditEntry
from bascule.skills import importing, services
from bascule.skills.importing import SkillFileError, parse_skills_file
from bascule.skills.models import Skill, SkillCategory

FIXTURES = Path(__file__).parent / "fixtures"
ESCO = (FIXTURES / "skills_esco_sample.csv").read_bytes()
OURS = (FIXTURES / "skills_bascule_sample.csv").read_bytes()
ESCO_URI = "http://data.europa.eu/esco/skill/0a1b2c3d-0000-4000-8000-00000000000"


def messages(parsed) -> list[tuple[int, str]]:
    return [(error["line"], importing.error_message(error)) for error in parsed.errors]


# --- Reading (no database) --------------------------------------------------------------------


@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_it_reads_our_layout_with_any_separator_and_header_case(separator):
    text = separator.join(["Slug", "CATEGORY", "Label_FR", "label_en"]) + "\n"
    text += separator.join(["team-rituals", "leadership", "Rituels d'équipe", "Team rituals"])
    parsed = parse_skills_file(text.encode())
    assert parsed.layout == "bascule"
    assert parsed.errors == []
    [row] = parsed.rows
    assert row["slug"] == "team-rituals"
    assert row["category"] == "leadership"
    assert row["values"]["label_fr"] == "Rituels d'équipe"
    # Descriptions are not in the file: an update leaves them alone.
    assert row["update"] == ["label_fr", "label_en"]


@pytest.mark.parametrize(
    "content",
    [
        "slug;label_fr;label_en\nsecu;Sécurité;Security\n".encode(),
        "\ufeffslug;label_fr;label_en\nsecu;Sécurité;Security\n".encode(),
        "slug;label_fr;label_en\nsecu;Sécurité;Security\n".encode("cp1252"),
    ],
    ids=["utf-8", "utf-8 with BOM", "cp1252"],
)
def test_it_reads_the_usual_encodings(content):
    [row] = parse_skills_file(content).rows
    assert row["slug"] == "secu"
    assert row["values"]["label_fr"] == "Sécurité"


def test_it_reads_an_esco_export_in_the_language_given():
    parsed = parse_skills_file(ESCO, language="fr")
    assert parsed.layout == "esco"
    assert parsed.errors == []
    assert [row["line"] for row in parsed.rows] == [2, 5, 7]  # altLabels span lines
    first = parsed.rows[0]
    assert first["source_uri"] == ESCO_URI + "1"
    assert first["slug"] == "esco-0a1b2c3d-0000-4000-8000-000000000001"
    assert first["values"]["label_fr"] == first["values"]["label_en"] == "use spreadsheets software"
    assert first["values"]["description_fr"].startswith("Use software tools")
    assert first["update"] == ["label_fr", "description_fr"]


def test_an_esco_export_needs_its_language():
    with pytest.raises(SkillFileError) as error:
        parse_skills_file(ESCO)
    assert error.value.code == "language_required"
    assert "French or in English" in error.value.message


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [
        (b"", "empty", "The file is empty."),
        (b"%PDF-1.7\n\x00\x01binary", "not_csv", "This file is not a CSV file."),
        (b"PK\x03\x04 a zip or xlsx", "not_csv", "This file is not a CSV file."),
        (b"\x00\x01\x02\x03" * 50, "not_csv", "This file is not a CSV file."),
        (b"<html><body>hello</body></html>", "not_csv", "This file is not a CSV file."),
        (b"name;email\nLea;lea@example.com\n", "unknown_layout", "are not recognised"),
        (b"slug;label_fr\nsecu;Securite\n", "missing_column", "missing: label_en"),
        (b"conceptUri,description\nhttp://x,y\n", "missing_column", "preferredLabel"),
        (b"slug;label_fr;label_en\n", "no_rows", "no skills"),
    ],
)
def test_it_refuses_files_it_cannot_use(content, code, message):
    with pytest.raises(SkillFileError) as error:
        parse_skills_file(content, language="en")
    assert error.value.code == code
    assert message in error.value.message


def test_it_refuses_too_many_rows_and_too_large_files():
    rows = "".join(f"s{n};S {n};S {n}\n" for n in range(6))
    with pytest.raises(SkillFileError) as error:
        parse_skills_file(f"slug;label_fr;label_en\n{rows}".encode(), max_rows=5)
    assert error.value.message == "The file has more than 5 skills, the most one import accepts."
    big = b"slug;label_fr;label_en\n" + b"x" * (importing.MAX_FILE_BYTES + 1)
    with pytest.raises(SkillFileError) as error:
        parse_skills_file(big)
    assert error.value.code == "too_large"


def test_it_reports_bad_rows_with_their_line_numbers():
    content = (
        "slug;label_fr;label_en\n"
        "ok-skill;Bien;Fine\n"
        "empty-label;;Empty\n"
        f"long-label;{'x' * 201};Long\n"
        "bad slug!;Mauvais;Bad\n"
        "OK-Skill;Encore;Again\n"
    ).encode()
    parsed = parse_skills_file(content)
    assert [row["slug"] for row in parsed.rows] == ["ok-skill"]
    assert messages(parsed) == [
        (3, "This value is required."),
        (4, "This value is longer than 200 characters."),
        (
            5,
            "A code may contain only letters without accents, digits, hyphens and underscores.",
        ),
        (6, "This code already appears on line 2."),
    ]
    assert parsed.errors[0]["column"] == "label_fr"


def test_an_esco_row_without_address_or_label_is_an_error():
    content = (
        b"conceptUri,preferredLabel,description\n"
        b",no address,\n"
        b"not-a-uri,bad address,\n"
        b"http://data.europa.eu/esco/skill/1,,\n"
        b"http://data.europa.eu/esco/skill/2,fine,\n"
        b"http://data.europa.eu/esco/skill/2,twice,\n"
    )
    parsed = parse_skills_file(content, language="en")
    assert [row["line"] for row in parsed.rows] == [5]
    assert [(line, message[:30]) for line, message in messages(parsed)] == [
        (2, "This value is required."),
        (3, "This is not an ESCO concept ad"),
        (4, "This value is required."),
        (6, "This concept already appears o"),
    ]


# --- Planning and applying --------------------------------------------------------------------


def import_file(actor, content: bytes, **options):
    parsed = services.skill_import_read(content=content, language=options.pop("language", None))
    return services.skill_import_commit(actor=actor, parsed=parsed, **options)


def test_our_layout_creates_updates_and_a_second_import_creates_nothing(company):
    before = Skill.objects.count()
    plan = import_file(company.alice, OURS, filename="ours.csv")
    assert plan.counts == {"new": 2, "updated": 1, "unchanged": 0, "errors": 0}
    assert Skill.objects.count() == before + 2
    quantum = Skill.objects.get(slug="quantum-basics")
    assert quantum.category.slug == "ai-data"
    assert quantum.label_fr == "Bases de l’informatique quantique"
    # No category in the file: the "imported" category.
    facilitation = Skill.objects.get(slug="meeting-facilitation")
    assert facilitation.category.slug == "imported"
    assert facilitation.category.name_fr == "Compétences importées"
    prompt = Skill.objects.get(slug="prompt-writing")
    assert prompt.description_en == "Phrase a precise request to an AI."
    assert prompt.built_in
    entry = AuditEntry.objects.get(action="people.skills_imported")
    assert entry.changes["counts"]["new"] == 2
    assert entry.changes["filename"] == "ours.csv"

    again = import_file(company.alice, OURS)
    assert again.counts == {"new": 0, "updated": 0, "unchanged": 3, "errors": 0}
    assert Skill.objects.count() == before + 2


def test_an_esco_import_is_matched_by_its_address_the_second_time(company):
    ai = SkillCategory.objects.get(slug="ai-data")
    plan = import_file(company.alice, ESCO, language="en", category=ai)
    assert plan.counts["new"] == 3
    skill = Skill.objects.get(source_uri=ESCO_URI + "1")
    assert skill.category == ai
    assert skill.label_en == skill.label_fr == "use spreadsheets software"
    # HR translates it, then a French export arrives: only the French side changes.
    skill.label_en = "Spreadsheets"
    skill.save()
    french = ESCO.replace(b"use spreadsheets software", b"utiliser un tableur")
    plan = import_file(company.alice, french, language="fr")
    assert plan.counts == {"new": 0, "updated": 1, "unchanged": 2, "errors": 0}
    skill.refresh_from_db()
    assert (skill.label_fr, skill.label_en) == ("utiliser un tableur", "Spreadsheets")
    assert Skill.objects.filter(source_uri__startswith=ESCO_URI).count() == 3


def test_a_file_with_errors_writes_nothing(company):
    before = (Skill.objects.count(), SkillCategory.objects.count())
    content = OURS + b"bad-category;no-such-category;Mauvais;Bad;;\n"
    parsed = services.skill_import_read(content=content)
    plan = services.skill_import_plan(parsed=parsed)
    assert plan.counts["errors"] == 1
    assert plan.errors[0]["line"] == 5
    assert importing.error_message(plan.errors[0]) == (
        "There is no skill category “no-such-category”."
    )
    with pytest.raises(DomainError) as error:
        services.skill_import_commit(actor=company.alice, parsed=parsed)
    assert error.value.code == "import_has_errors"
    assert (Skill.objects.count(), SkillCategory.objects.count()) == before
    assert not AuditEntry.objects.filter(action="people.skills_imported").exists()


def test_categories_are_found_by_code_or_name_in_either_language(company):
    content = (
        "slug;category;label_fr;label_en\n"
        "a-skill;Leadership;A;A\n"
        "b-skill;IA et données;B;B\n"
        "c-skill;industry and customer knowledge;C;C\n"
    ).encode()
    import_file(company.alice, content)
    assert dict(
        Skill.objects.filter(slug__in=["a-skill", "b-skill", "c-skill"]).values_list(
            "slug", "category__slug"
        )
    ) == {"a-skill": "leadership", "b-skill": "ai-data", "c-skill": "business"}


# --- The command ------------------------------------------------------------------------------


def test_the_command_previews_with_dry_run_then_imports(company, tmp_path):
    path = tmp_path / "esco.csv"
    path.write_bytes(ESCO)
    before = Skill.objects.count()
    out = io.StringIO()
    call_command("import_skills", str(path), "--language", "en", "--dry-run", stdout=out)
    assert "3 rows: 3 new, 0 updated, 0 unchanged, 0 errors." in out.getvalue()
    assert "Dry run: nothing was imported." in out.getvalue()
    assert Skill.objects.count() == before

    out = io.StringIO()
    call_command("import_skills", str(path), "--language", "en", "--category", "career", stdout=out)
    assert "Imported: 3 new, 0 updated, 0 unchanged." in out.getvalue()
    assert Skill.objects.filter(category__slug="career").count() == 10
    entry = AuditEntry.objects.get(action="people.skills_imported")
    assert entry.actor is None and entry.actor_label == "system"

    out = io.StringIO()
    call_command("import_skills", str(path), "--language", "en", stdout=out)
    assert "Imported: 0 new, 0 updated, 3 unchanged." in out.getvalue()


def test_the_command_fails_on_errors_and_writes_nothing(company, tmp_path):
    path = tmp_path / "esco.csv"
    path.write_bytes(ESCO)
    with pytest.raises(CommandError, match="say whether it is in French or in English"):
        call_command("import_skills", str(path))
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"slug;label_fr;label_en\nok;;Empty\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 errors: nothing was imported."):
        call_command("import_skills", str(bad), stdout=io.StringIO(), stderr=err)
    assert "Line 2, label_fr: This value is required." in err.getvalue()
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_skills", str(tmp_path / "missing.csv"))
    assert not Skill.objects.filter(slug="ok").exists()
