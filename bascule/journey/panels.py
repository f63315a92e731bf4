"""Panels of higher apps in the pair's space and on the kickoff page.

A higher app (training) registers a panel from its AppConfig.ready():

    from bascule.journey.panels import Panel, register_pair_space_panel

    def drill_panel(pair, user, place):  # place: "pair_space" or "kickoff"
        return {"drill": …}  # the template's context, or None to show nothing

    register_pair_space_panel(Panel(name="training.drill", template="training/…",
                                    context=drill_panel))

The pair's space and the kickoff page include each panel's template with `panel` (the
context returned) besides their own context; the journey never imports the app. A panel is
read by the pair's members only (the pages are theirs): it must show nothing HR may not read
about the other member.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PAIR_SPACE, KICKOFF = "pair_space", "kickoff"


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context: Callable[[Any, Any, str], dict[str, Any] | None]


@dataclass(frozen=True)
class Shown:
    """A panel to render: its template and its context."""

    template: str
    context: dict[str, Any]


_PANELS: list[Panel] = []


def register_pair_space_panel(panel: Panel) -> Panel:
    """Register `panel` (once: a later registration under the same name replaces it)."""
    unregister_pair_space_panel(panel.name)
    _PANELS.append(panel)
    return panel


def unregister_pair_space_panel(name: str) -> None:
    for known in list(_PANELS):
        if known.name == name:
            _PANELS.remove(known)


def pair_space_panels(*, pair: Any, user: Any, place: str = PAIR_SPACE) -> list[Shown]:
    """The panels to show to `user`, a member of `pair`, on `place`'s page."""
    shown = []
    for panel in _PANELS:
        context = panel.context(pair, user, place)
        if context is not None:
            shown.append(Shown(template=panel.template, context=context))
    return shown
