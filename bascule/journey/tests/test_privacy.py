"""A private note is read by its author only: not the partner, not HR, not an administrator,
not through the API, the admin, the audit log, HR's export of someone or a search. Each path is
tried. The author reads theirs in the pair's space and in their own copy of their data."""

import pytest
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from bascule.accounts.models import User
from bascule.core.models import AuditEntry
from bascule.journey import services
from bascule.journey.models import GoalDirection, PrivateNote
from bascule.testing import submit_confirmation

pytestmark = pytest.mark.django_db

LEA_SECRET = "Lea-private-7f3a: Bernard seems tired lately"
BERNARD_SECRET = "Bernard-private-91c2: I find the video tool hard"


@pytest.fixture
def notes(running, company):
    pair = running.pair
    lea = services.private_note_add(actor=company.lea_user, pair=pair, body=LEA_SECRET)
    bernard = services.private_note_add(actor=company.bernard_user, pair=pair, body=BERNARD_SECRET)
    services.shared_note_add(actor=company.lea_user, pair=pair, body="Shared: agenda")
    goal = services.goal_create(
        actor=company.lea_user,
        pair=pair,
        values={
            "direction": GoalDirection.LEARNING,
            "title": "Use AI tools",
            "success_criteria": "One summary a week",
            "target_date": running.program.ends_on,
            "status": "in_progress",
            "progress": 10,
        },
    )
    return {"lea": lea, "bernard": bernard, "goal": goal}


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser(email="root@example.com", password="x-long-password")


def routes(namespace_filter=None) -> list[tuple[str, URLPattern]]:
    """Return (name, pattern) of every named route but the admin's."""
    found = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                if inner == "admin":
                    continue
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found.append(name)

    walk(get_resolver().url_patterns, None)
    return sorted(set(found))


def url_for(name: str, ids: dict[str, int]) -> str | None:
    """Return the URL of route `name`, its arguments taken from `ids` (1 or "x" otherwise)."""
    namespace, _, short = name.rpartition(":")
    resolver = get_resolver()
    for part in namespace.split(":") if namespace else []:
        resolver = resolver.namespace_dict[part][1]
    for possibilities, *_rest in resolver.reverse_dict.getlist(short):
        for _pattern, params in possibilities:
            for default in (1, "x"):
                try:
                    return reverse(name, kwargs={arg: ids.get(arg, default) for arg in params})
                except NoReverseMatch:
                    continue
    return None


def readers(company, running, superuser):
    return {
        "alice (HR)": company.alice,
        "paul (program manager)": company.paul,
        "sophie (sponsor)": company.sophie,
        "oscar (outside)": company.oscar,
        "marc (another pair)": running.matching.users["marc"],
        "bernard (the partner)": company.bernard_user,
        "lea (the author)": company.lea_user,
        "superuser": superuser,
    }


# Where an author reads their own private notes: the pair's space, and their own copy of their
# personal data (page and API, bascule/privacy).
AUTHOR_ROUTES = {"journey:pair_space", "privacy:my_data", "api:my_data_export"}


def visible_secrets(client: Client, url: str) -> set[str]:
    response = client.get(url)
    # Downloads (the audit log's CSV export) stream their content.
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode(errors="replace")
    return {secret for secret in (LEA_SECRET, BERNARD_SECRET) if secret in text}


def test_no_page_and_no_api_route_shows_a_private_note_to_anyone_but_its_author(
    running, company, notes, superuser
):
    pair = running.pair
    ids = {
        "pair_id": pair.pk,
        "note_id": notes["bernard"].pk,
        "goal_id": notes["goal"].pk,
        "program_id": running.program.pk,
    }
    names = routes()
    assert "journey:pair_space" in names and "api:list_shared_notes" in names
    leaks = []
    for who, user in readers(company, running, superuser).items():
        client = Client(raise_request_exception=False)
        client.force_login(user)
        for name in names:
            url = url_for(name, ids)
            if url is None:
                continue
            seen = visible_secrets(client, url)
            allowed = set()
            if name in AUTHOR_ROUTES and who.startswith(("lea", "bernard")):
                allowed = {LEA_SECRET if who.startswith("lea") else BERNARD_SECRET}
            if seen - allowed:
                leaks.append(f"{who} reads {seen - allowed} at {url}")
    assert not leaks, "\n".join(leaks)


def test_the_author_reads_their_own_notes_and_only_theirs(client, running, company, notes):
    space = reverse("journey:pair_space", kwargs={"pair_id": running.pair.pk})
    client.force_login(company.lea_user)
    assert visible_secrets(client, space) == {LEA_SECRET}
    client.force_login(company.bernard_user)
    assert visible_secrets(client, space) == {BERNARD_SECRET}


def test_the_partner_cannot_delete_or_reach_the_authors_note(client, running, company, notes):
    client.force_login(company.bernard_user)
    url = reverse(
        "journey:private_note_delete",
        kwargs={"pair_id": running.pair.pk, "note_id": notes["lea"].pk},
    )
    assert client.post(url).status_code == 404
    assert PrivateNote.objects.filter(pk=notes["lea"].pk).exists()
    client.force_login(company.lea_user)
    step = client.post(url)
    assert "Delete this private note?" in step.content.decode()
    assert PrivateNote.objects.filter(pk=notes["lea"].pk).exists()  # not confirmed yet
    assert submit_confirmation(client, step).status_code == 302
    assert not PrivateNote.objects.filter(pk=notes["lea"].pk).exists()
    assert AuditEntry.objects.filter(action="journey.private_note_deleted").exists()


def test_the_api_has_no_private_note_at_all(client, running, company, notes):
    client.force_login(company.lea_user)
    schema = client.get("/api/openapi.json").json()
    assert not [path for path in schema["paths"] if "private" in path.lower()]
    assert not [name for name in schema["components"]["schemas"] if "private" in name.lower()]
    for part in ("goals", "notes", "kickoff"):
        body = client.get(f"/api/pairs/{running.pair.pk}/{part}").content.decode()
        assert LEA_SECRET not in body and BERNARD_SECRET not in body


def test_the_audit_log_records_the_action_never_the_text(client, running, company, notes):
    entries = AuditEntry.objects.filter(action="journey.private_note_added")
    assert entries.count() == 2
    for entry in AuditEntry.objects.filter(action__startswith="journey."):
        recorded = f"{entry.object_repr} {entry.changes}"
        assert LEA_SECRET not in recorded and BERNARD_SECRET not in recorded
        assert "agenda" not in recorded and "Use AI tools" not in recorded
    client.force_login(company.alice)
    for query in ("", "?action=journey.private_note_added", "?actor=lea"):
        page = client.get(reverse("core:audit_log") + query)
        assert page.status_code == 200
        text = page.content.decode()
        assert LEA_SECRET not in text and BERNARD_SECRET not in text
    assert "journey.private_note_added" in client.get(reverse("core:audit_log")).content.decode()


def test_the_admin_shows_no_journey_content_even_to_a_superuser(
    client, running, company, notes, superuser
):
    client.force_login(superuser)
    index = client.get("/admin/").content.decode()
    assert "journey" not in index.lower() and "private note" not in index.lower()
    for path in ("/admin/journey/privatenote/", "/admin/journey/sharednote/", "/admin/journey/"):
        assert client.get(path).status_code == 404
    audit_list = client.get("/admin/core/auditentry/", {"q": "7f3a"})
    assert audit_list.status_code == 200
    entry = AuditEntry.objects.filter(action="journey.private_note_added").first()
    pages = [
        "/admin/core/auditentry/",
        f"/admin/core/auditentry/{entry.pk}/change/",
        f"/admin/accounts/user/{company.lea_user.pk}/change/",
        f"/admin/accounts/user/{company.lea_user.pk}/delete/",
        f"/admin/pairing/pair/{running.pair.pk}/change/",
        f"/admin/pairing/pair/{running.pair.pk}/delete/",
    ]
    for path in pages:
        response = client.get(path)
        text = response.content.decode()
        assert LEA_SECRET not in text and BERNARD_SECRET not in text, path
    assert LEA_SECRET not in audit_list.content.decode()


def test_a_search_never_finds_a_private_note(client, running, company, notes):
    client.force_login(company.alice)
    for url, params in (
        (reverse("people:directory"), {"q": "7f3a"}),
        (reverse("core:audit_log"), {"actor": "7f3a"}),
        (reverse("people:directory"), {"q": "Bernard seems tired"}),
    ):
        response = client.get(url, params)
        assert response.status_code == 200
        assert LEA_SECRET not in response.content.decode()
