"""The main navigation marks one entry as the current page: the longest one the path starts
with, and the home page only on itself (its address, "/", starts every path)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def current_entries(html: str) -> list[str]:
    nav = html.split('class="main-nav"', 1)[1].split("</ul>", 1)[0]
    return [
        part.split(">", 1)[1].split("<", 1)[0]
        for part in nav.split("<a ")[1:]
        if 'aria-current="page"' in part
    ]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", ["Home"]),
        ("/programs/", ["Programs"]),
        (reverse("notification_centre:list"), []),
        (reverse("accounts:me"), []),
    ],
)
def test_one_entry_at_most_is_the_current_page(client, company, path, expected):
    client.force_login(company.alice)
    assert current_entries(client.get(path).content.decode()) == expected
