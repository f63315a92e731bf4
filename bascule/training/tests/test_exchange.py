"""Training modules shared between installations: the file, its checks, the import (services,
commands, HR's library page)."""

import json

import pytest
from django.core.management import CommandError, call_command

from bascule.core.errors import ValidationFailed
from bascule.core.models import AuditEntry
from bascule.testing import submission_key
from bascule.training import content, exchange, services
from bascule.training.models import Module, ModuleVersion, Progress
from bascule.training.tests.factories import make_module, module_data

pytestmark = pytest.mark.django_db


def file_of(*modules: dict, **document) -> bytes:
    data = {"format": exchange.FORMAT, "version": 1, "modules": list(modules), **document}
    return json.dumps(data).encode()


def snapshot() -> list:
    return [
        (m.slug, m.audience, m.position, m.published.number, m.published.content, m.builtin)
        for m in Module.objects.select_related("published").order_by("slug")
    ]


def everything_saved() -> tuple[int, int, int]:
    return Module.objects.count(), ModuleVersion.objects.count(), AuditEntry.objects.count()


# --- Services -----------------------------------------------------------------------------------


def test_round_trip_into_an_empty_database():
    make_module("listening")
    make_module("feedback", sections=3)
    data = exchange.export_modules(Module.objects.select_related("published"))
    before = [(slug, content_) for slug, _a, _p, _n, content_, _b in snapshot()]
    Module.objects.update(published=None)
    ModuleVersion.objects.all().delete()
    Module.objects.all().delete()
    plan = exchange.read_import(data)
    assert plan.counts == {"new": 2, "new_version": 0, "moved": 0, "unchanged": 0}
    exchange.apply_import(plan, None)
    after = snapshot()
    assert [(slug, content_) for slug, _a, _p, _n, content_, _b in after] == before
    assert all(number == 1 and not builtin for *_x, number, _c, builtin in after)
    assert AuditEntry.objects.filter(action="training.module_installed").count() == 2


def test_an_unchanged_import_changes_nothing(company):
    make_module("listening")
    Module.objects.update(position=1)  # as installed from its content
    data = exchange.export_modules(Module.objects.all())
    plan = exchange.read_import(data)
    assert plan.counts == {"new": 0, "new_version": 0, "moved": 0, "unchanged": 1}
    assert not plan.changes
    before, saved = snapshot(), everything_saved()
    exchange.apply_import(plan, company.alice)
    assert snapshot() == before and everything_saved() == saved


def test_a_module_that_only_moved_keeps_its_version(company):
    module = make_module("listening")
    Module.objects.update(position=1)
    data = json.loads(exchange.export_modules(Module.objects.select_related("published")))
    data["modules"][0]["position"] = 7
    plan = exchange.read_import(json.dumps(data).encode())
    assert plan.counts == {"new": 0, "new_version": 0, "moved": 1, "unchanged": 0}
    assert plan.changes
    exchange.apply_import(plan, None)
    module.refresh_from_db()
    assert module.position == 7
    assert module.versions.count() == 1
    assert exchange.read_import(json.dumps(data).encode()).counts["unchanged"] == 1


def test_changed_content_is_a_new_version_and_progress_keeps_its_own(company):
    module = make_module("listening")
    services.section_read(actor=company.lea_user, module=module, number=1)
    changed = module_data("listening", sections=3)
    plan = exchange.read_import(file_of(changed))
    assert [(item.slug, item.status) for item in plan.modules] == [("listening", "new_version")]
    exchange.apply_import(plan, company.alice)
    module.refresh_from_db()
    assert module.published.number == 2
    assert Progress.objects.get(employee=company.lea).version.number == 1
    entry = AuditEntry.objects.get(action="training.module_updated")
    assert entry.actor_id == company.alice.pk


def test_one_language_is_enough():
    data = module_data("solo")
    del data["fr"]
    plan = exchange.read_import(file_of(data))
    assert plan.counts["new"] == 1


BAD_FILES = [
    (b"\xff\xfe\x00garbage", "not encoded in UTF-8"),
    (b"{not json", "not JSON"),
    (b"[" * 100_000, "not JSON"),
    (file_of({**module_data("a"), "slug": "a\x00b"}), "identifier (slug)"),
    (json.dumps({"format": "other", "version": 1, "modules": []}).encode(), "not an export"),
    (json.dumps([1, 2]).encode(), "not an export"),
    (file_of(module_data("a"), version=2), "newer version of Bascule"),
    (file_of(module_data("a"), version="1"), "format version is missing"),
    (file_of(), "holds no module"),
    (b" " * (exchange.MAX_BYTES + 1), "too large"),
    (file_of({**module_data("a"), "audience": "everyone"}), "a: The audience is one of"),
    (file_of({**module_data("a"), "minutes": 10**30}), "a: Duration"),
    (file_of({**module_data("bad slug!")}), "identifier (slug)"),
    (file_of(module_data("a"), module_data("a")), "more than once"),
    (file_of(module_data("a"), "nonsense"), "does not describe a module"),
]


@pytest.mark.parametrize(("data", "message"), BAD_FILES)
def test_bad_files_are_refused_and_nothing_is_saved(data, message):
    make_module("existing")
    saved = everything_saved()
    with pytest.raises(ValidationFailed) as refused:
        exchange.read_import(data)
    assert message in refused.value.message
    assert everything_saved() == saved


def with_body(body: str, field: str = "body") -> dict:
    data = module_data("unsafe")
    if field == "body":
        data["en"]["sections"][1]["body"] = body
    else:
        data["en"]["practice"] = body
    return data


UNSAFE = [
    ("Hello <script>alert(1)</script>", "section 2: raw HTML"),
    ("<iframe src='https://x.test'></iframe>", "section 2: raw HTML"),
    ('<img src="/static/a.png" onerror="alert(1)">', "section 2: raw HTML"),
    ("Text <b onclick=x>bold</b>", "section 2: raw HTML"),
    ("[click](javascript:alert(1))", "section 2: only https, http and mailto"),
    ("[click]( JavaScript:alert(1))", "section 2: only https, http and mailto"),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)", "section 2: only https, http and mailto"),
    ("[x]: javascript:alert(1)\n\n[y][x]", "section 2: only https, http and mailto"),
    ("![tracker](https://evil.test/pixel.png)", "section 2: images must be files"),
    ("![up](/static/../media/secret.png)", "section 2: images must be files"),
]


@pytest.mark.parametrize(("body", "message"), UNSAFE)
def test_unsafe_markdown_is_refused_naming_the_module_and_field(body, message):
    with pytest.raises(ValidationFailed) as refused:
        exchange.read_import(file_of(with_body(body)))
    assert f"unsafe, language “en”, {message}" in refused.value.message
    assert not Module.objects.exists()


def test_unsafe_practice_is_named_too():
    with pytest.raises(ValidationFailed) as refused:
        exchange.read_import(file_of(with_body("<script>x</script>", field="practice")))
    assert "unsafe, language “en”, practice: raw HTML" in refused.value.message


@pytest.mark.parametrize(
    "body",
    [
        "A [link](https://example.org) and <https://example.org>, a < b and 3 > 2.",
        "![diagram](/static/img/training/diagram.png) [mail](mailto:hr@example.org)",
        "[relative](/training/) and [anchor](#top); data: numbers",
    ],
)
def test_safe_markdown_is_accepted(body):
    assert exchange.read_import(file_of(with_body(body))).counts["new"] == 1


def test_a_bad_module_among_good_ones_saves_none():
    data = file_of(module_data("good"), with_body("<script>x</script>"))
    with pytest.raises(ValidationFailed):
        exchange.read_import(data)
    assert not Module.objects.exists()


# --- Commands -----------------------------------------------------------------------------------


def test_export_and_import_commands(tmp_path, capsys):
    make_module("listening")
    make_module("feedback")
    path = tmp_path / "modules.json"
    call_command("export_training", "--slug", "feedback", str(path))
    document = json.loads(path.read_text())
    assert [m["slug"] for m in document["modules"]] == ["feedback"]
    assert document["format"] == exchange.FORMAT and document["version"] == 1
    changed = module_data("feedback", sections=3)
    path.write_text(json.dumps({**document, "modules": [changed, module_data("fresh")]}))
    saved = everything_saved()
    call_command("import_training", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "feedback: new version" in out and "fresh: new" in out and "nothing was saved" in out
    assert everything_saved() == saved
    call_command("import_training", str(path))
    assert Module.objects.get(slug="feedback").published.number == 2
    assert not Module.objects.get(slug="fresh").builtin


def test_import_command_lists_errors_and_saves_nothing(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": exchange.FORMAT, "version": 1, "modules": [{}]}))
    with pytest.raises(CommandError) as refused:
        call_command("import_training", str(path))
    assert "slug" in str(refused.value)
    assert not Module.objects.exists()
    with pytest.raises(CommandError):
        call_command("export_training", "--slug", "missing", str(tmp_path / "x.json"))


def test_import_command_exits_with_code_1(tmp_path, capsys, monkeypatch):
    from django.core.management import base

    from bascule.training.management.commands.import_training import Command

    # run_from_argv closes the connections at its end; the test's one must stay open.
    monkeypatch.setattr(base.connections, "close_all", lambda: None)
    path = tmp_path / "bad.json"
    path.write_text("nope")
    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["manage.py", "import_training", str(path)])
    assert exited.value.code == 1
    assert "not JSON" in capsys.readouterr().err
    assert not Module.objects.exists()


# --- HR's library page --------------------------------------------------------------------------

LIBRARY = "/training/manage/library/"


def upload(client, data: bytes, name: str = "modules.json"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        LIBRARY + "import/", {"file": SimpleUploadedFile(name, data, "application/json")}
    )


def test_library_lists_and_downloads(client, company):
    make_module("listening")
    services.install_catalog([content.parse(module_data("builtin-one"))])
    client.force_login(company.alice)
    page = client.get(LIBRARY).content.decode()
    assert "listening (en)" in page and "builtin-one (en)" in page
    assert "Shipped with Bascule" in page and "Download all" in page
    every = client.get(LIBRARY + "modules.json")
    assert every["Content-Disposition"].startswith("attachment;")
    slugs = [m["slug"] for m in json.loads(every.content)["modules"]]
    assert sorted(slugs) == ["builtin-one", "listening"]
    one = client.get(LIBRARY + "listening.json")
    assert [m["slug"] for m in json.loads(one.content)["modules"]] == ["listening"]
    assert client.get(LIBRARY + "nothing.json").status_code == 404


def test_upload_preview_then_confirm_imports_once(client, company):
    make_module("same")
    make_module("changing")
    client.force_login(company.alice)
    data = file_of(
        json.loads(json.dumps(content.as_data(content.parse(module_data("same"))))),
        module_data("changing", sections=3),
        module_data("fresh-one"),
        module_data("fresh-two"),
    )
    answer = upload(client, data)
    assert answer.status_code == 302 and answer["Location"] == LIBRARY + "import/preview/"
    preview = client.get(LIBRARY + "import/preview/")
    text = preview.content.decode()
    assert "2 modules will be added." in text
    assert "1 module will get a new version" in text
    assert "1 module is unchanged." in text
    assert Module.objects.count() == 2
    key = submission_key(preview)
    first = client.post(LIBRARY + "import/preview/", {"submission_key": key})
    assert first.status_code == 302
    second = client.post(LIBRARY + "import/preview/", {"submission_key": key})
    assert second.status_code == 302
    assert Module.objects.count() == 4
    assert Module.objects.get(slug="changing").versions.count() == 2
    assert AuditEntry.objects.filter(action="training.module_installed").count() == 2


def test_a_bad_upload_shows_the_error_summary_and_saves_nothing(client, company):
    client.force_login(company.alice)
    answer = upload(client, file_of(with_body("<script>x</script>")))
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "error-summary" in page and "raw HTML is not allowed" in page
    assert not Module.objects.exists()
    assert client.get(LIBRARY + "import/preview/").status_code == 302


def test_only_hr_admins(client, company):
    make_module("listening")
    for user in (company.paul, company.lea_user, company.sophie):
        client.force_login(user)
        assert client.get(LIBRARY).status_code == 403
        assert client.get(LIBRARY + "modules.json").status_code == 403
        assert upload(client, file_of(module_data("x"))).status_code == 403
    assert not Module.objects.filter(slug="x").exists()
