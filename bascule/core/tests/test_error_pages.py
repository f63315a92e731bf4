"""Error pages: 400, 403, 404 and 500 in the reader's language with the site's header and
navigation and a way back; a minimal page, still translated, when the full one cannot be
rendered (database down); JSON under /api/."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

ERRORS = "bascule.core.tests.error_urls"


def client_for(user, language: str | None = None, **kwargs) -> Client:
    client = Client(raise_request_exception=False, **kwargs)
    if user is not None:
        client.force_login(user)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def assert_full_page(response, status: int, title: str) -> str:
    html = response.content.decode()
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert f"<h1>{title}</h1>" in html
    assert 'class="main-nav"' in html  # the site's navigation
    assert 'href="/"' in html and "skip-link" in html
    return html


def test_the_sponsor_gets_a_translated_403_with_the_navigation(company):
    response = client_for(company.sophie).get(reverse("people:directory"))
    html = assert_full_page(response, 403, "This page is not for your account")
    assert "ask your HR team" in html
    french = client_for(company.sophie, "fr").get(reverse("people:directory"))
    html = assert_full_page(french, 403, "Cette page n&#x27;est pas pour votre compte")
    assert '<html lang="fr">' in html
    assert "Aller à la page d'accueil" in html


def test_a_missing_page_is_a_translated_404_with_the_navigation(company):
    response = client_for(company.lea_user).get("/no-such-page/")
    assert_full_page(response, 404, "Page not found")
    out_of_scope = client_for(company.lea_user, "fr").get(
        reverse("people:employee_detail", kwargs={"employee_id": company.bernard.pk})
    )
    assert_full_page(out_of_scope, 404, "Page introuvable")


def test_an_anonymous_visitor_gets_the_404_in_their_browsers_language():
    response = Client().get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in html
    assert "language-switch" in html


def test_a_request_for_another_host_is_a_translated_400(company):
    response = client_for(company.alice, "fr").get("/", HTTP_HOST="elsewhere.example")
    html = response.content.decode()
    assert response.status_code == 400
    assert "<h1>Cette requête n&#x27;a pas pu être comprise</h1>" in html


@pytest.mark.urls(ERRORS)
def test_a_server_error_is_a_500_page_with_the_navigation(company):
    response = client_for(company.lea_user, "fr").get("/test-errors/fails/")
    html = assert_full_page(response, 500, "Un problème est survenu de notre côté")
    assert "Rien de ce que vous avez fait" in html


@pytest.mark.urls(ERRORS)
def test_the_500_page_still_answers_in_the_readers_language_with_the_database_down():
    response = client_for(None, "fr").get("/test-errors/database-down/")
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="fr">' in html
    assert "<h1>Un problème est survenu de notre côté</h1>" in html
    assert 'class="main-nav"' not in html  # the minimal page: nothing that needs the database
    english = client_for(None, "en").get("/test-errors/database-down/")
    assert "<h1>Something went wrong on our side</h1>" in english.content.decode()


@pytest.mark.urls(ERRORS)
def test_the_api_keeps_its_json_errors(company):
    client = client_for(company.alice)
    missing = client.get("/api/no-such-operation")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Not found."}
    failed = client.get("/api/test-errors/fails/")
    assert failed.status_code == 500
    assert failed.json() == {"detail": "Server error."}


def test_a_stale_form_says_what_to_do(company):
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.post(
        reverse("accounts:login"), {"username": "alice.hr@example.com", "password": "x"}
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Ce formulaire a expiré</h1>" in html
    assert "rechargez la page" in html
