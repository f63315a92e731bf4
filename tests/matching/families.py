"""Population families built unlike the benchmark's own: ties, scarcity, hubs, fragmented
languages, deep or flat organisations, locks. Used by the tests (against the dense exact
reference) and by `bench/matching.py --population`.

`family(name, size, seed)` returns (participants, program) with default settings apart from
what the family is about; the same arguments give the same population.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bascule_matching import Participant, Program, Weights

SKILLS = [f"s{i}" for i in range(40)]
INTERESTS = [f"i{i}" for i in range(20)]
SLOTS = [f"{d}-{h}" for d in ("mon", "tue", "wed", "thu", "fri") for h in ("am", "pm")]
FORMATS = ["in_person", "virtual", "hybrid", ""]


def _people(
    rng: np.random.Generator,
    size: int,
    *,
    mentee_share: float = 0.55,
    profile: str = "full",
    hubs: int = 0,
    languages: tuple[str, ...] = ("fr", "en"),
    bilingual: float = 0.4,
    capacities: tuple[int, ...] = (1, 2),
    zero_capacity: float = 0.0,
    managers: dict[int, int] | None = None,
) -> list[Participant]:
    n_mentees = max(1, round(size * mentee_share))
    people = []
    for i in range(size):
        side = "mentee" if i < n_mentees else "mentor"
        if profile == "empty":
            share, want, interests, slots = {}, {}, frozenset(), frozenset()
        else:
            n = (0, 2) if profile == "sparse" else (1, 4)
            pick = [SKILLS[j] for j in rng.choice(len(SKILLS), int(rng.integers(*n)), False)]
            share = {s: int(rng.integers(1, 5)) for s in pick}
            pick = [SKILLS[j] for j in rng.choice(len(SKILLS), int(rng.integers(*n)), False)]
            want = {s: int(rng.integers(1, 5)) for s in pick}
            if hubs:
                # A few hub skills wanted by most mentees, taught by few mentors.
                if side == "mentee" and rng.random() < 0.9:
                    want = {f"hub{int(rng.integers(hubs))}": 4}
                if side == "mentor" and rng.random() < 0.05:
                    share[f"hub{int(rng.integers(hubs))}"] = 4
            interests = frozenset(
                INTERESTS[j] for j in rng.choice(len(INTERESTS), int(rng.integers(*n)), False)
            )
            slots = frozenset(
                SLOTS[j] for j in rng.choice(len(SLOTS), int(rng.integers(*n)), False)
            )
        spoken = {languages[int(rng.integers(len(languages)))]}
        if rng.random() < bilingual:
            spoken.add(languages[int(rng.integers(len(languages)))])
        capacity = 1
        if side == "mentor":
            capacity = 0 if rng.random() < zero_capacity else int(rng.choice(capacities))
        boss = (managers or {}).get(i)
        people.append(
            Participant(
                id=f"p{i}",
                side=side,
                can_share=share,
                wants=want,
                interests=interests,
                availability=slots,
                format=FORMATS[int(rng.integers(4))] if profile != "empty" else "",
                languages=frozenset(spoken),
                department_id=int(rng.integers(6)) if profile != "empty" else None,
                manager_id=f"p{boss}" if boss is not None else None,
                seniority=int(rng.integers(4, 9) if side == "mentee" else rng.integers(1, 5)),
                capacity=capacity,
            )
        )
    return people


def _empty(rng, size):
    return _people(rng, size, profile="empty"), Program()


def _sparse(rng, size):
    return _people(rng, size, profile="sparse"), Program()


def _hubs(rng, size):
    return _people(rng, size, hubs=3), Program()


def _scarce(rng, size):
    # Mentees 2–5 times the mentors' capacity.
    ratio = float(rng.uniform(2, 5))
    share = ratio * 1.5 / (1 + ratio * 1.5)
    return _people(rng, size, mentee_share=share), Program()


def _scarce_empty(rng, size):
    return _people(rng, size, mentee_share=0.8, profile="empty"), Program()


def _few_mentees(rng, size):
    return _people(rng, size, mentee_share=0.1), Program()


def _languages(rng, size):
    langs = ("fr", "en", "de", "es", "it", "pl")
    return _people(rng, size, languages=langs, bilingual=0.2), Program()


def _deep_chains(rng, size):
    # Long reporting chains through participants and people outside the program, with a
    # cycle or two (data errors happen), and the whole chain counted.
    managers = {i: i + 1 for i in range(size - 1) if rng.random() < 0.9}
    outside = {f"p{size + j}": f"p{size + j + 1}" for j in range(size // 4)}
    for _ in range(2):
        a = int(rng.integers(size))
        managers[a] = max(0, a - int(rng.integers(1, 20)))
    people = _people(rng, size, managers=managers)
    return people, Program(org_tree=outside)


def _flat_teams(rng, size):
    # Teams of about 20 under one manager outside the program, same-manager pairs refused
    # (the manager known only through the org tree for half of the teams).
    teams = max(1, size // 20)
    team = rng.integers(teams, size=size)
    managers = {i: size + int(team[i]) for i in range(size) if team[i] % 2 == 0}
    people = _people(rng, size, managers=managers)
    org_tree = {f"p{i}": f"p{size + int(team[i])}" for i in range(size) if team[i] % 2 == 1}
    return people, Program(forbid_same_manager=True, org_tree=org_tree)


def _zero_capacity(rng, size):
    return _people(rng, size, zero_capacity=0.4), Program()


def _locks(rng, size):
    people = _people(rng, size)
    mentees = [p for p in people if p.side == "mentee"]
    mentors = [p for p in people if p.side == "mentor" and p.capacity > 0]
    locked, used, load = [], set(), {}
    for e in mentees:
        if rng.random() > 0.05:
            continue
        for m in rng.permutation(len(mentors))[:5].tolist():
            mentor = mentors[m]
            ok = e.languages & mentor.languages and e.seniority - mentor.seniority >= 1
            if ok and load.get(mentor.id, 0) < mentor.capacity and e.id not in used:
                locked.append((e.id, mentor.id))
                used.add(e.id)
                load[mentor.id] = load.get(mentor.id, 0) + 1
                break
    return people, Program(locked_pairs=tuple(locked))


def _odd_weights(rng, size):
    weights = Weights(*(float(w) for w in rng.choice([0.0, 0.05, 0.3, 1.0, 3.0], 7)))
    if not weights.as_dict() or sum(weights.as_dict().values()) == 0:
        weights = Weights()
    profile = "empty" if rng.random() < 0.5 else "full"
    return _people(rng, size, profile=profile), Program(weights=weights)


FAMILIES: dict[str, Callable] = {
    "empty": _empty,
    "sparse": _sparse,
    "hubs": _hubs,
    "scarce": _scarce,
    "scarce-empty": _scarce_empty,
    "few-mentees": _few_mentees,
    "languages": _languages,
    "deep-chains": _deep_chains,
    "flat-teams": _flat_teams,
    "zero-capacity": _zero_capacity,
    "locks": _locks,
    "odd-weights": _odd_weights,
}


def family(name: str, size: int, seed: int) -> tuple[list[Participant], Program]:
    """A population of the family `name` with `size` participants (same seed, same one)."""
    rng = np.random.default_rng([seed, size, list(FAMILIES).index(name)])
    people, program = FAMILIES[name](rng, size)
    return people, Program(**{**program.__dict__, "seed": seed})
