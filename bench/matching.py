"""Benchmark the matching engine against the exact dense reference and a greedy assignment.

Run:  .venv/bin/python bench/matching.py [--sizes 2000 20000 50000 100000] [--seed 7]
      [--population benchmark | all | FAMILY ...]  (families: tests/matching/families.py)
      --population benchmark-same-manager: forbid_same_manager=True on the deep org tree;
      --population benchmark-flat-teams: teams of 1,000 under one manager, forbid_same_manager
      [--dense-max 20000]   (the dense reference fits up to 50000 in 24 GiB: ~7.5 GiB)

Each (size, method) runs in a subprocess of its own, so that its peak memory is the
subprocess's ru_maxrss (resource.getrusage): the whole process, interpreter, libraries and
the generated population included. Times leave out the population's generation.

The population is synthetic and seeded: 80 skills with a long-tail popularity (a few digital
skills wanted by many), 40 interests, ten half-day slots, four formats, 20 departments with an
org tree (managers, managers' managers…), French / English / German / Spanish speakers,
career stages 1–8 (mentors junior, mentees senior: reverse mentoring), mentor capacities 1–2;
55 % mentees and 45 % mentors. With benchmark-flat-teams the org tree is replaced by teams
of TEAM_SIZE participants drawn at random (mentees and mentors mixed), each under one manager
outside the program, and the same-manager rule is on: about 550 × 450 refused pairs a team.

Methods:
- engine: bascule_matching.match end to end (scoring, candidates, assignment, certificate,
  explanations of every pair and unmatched person);
- dense LSA: scipy's linear_sum_assignment on the dense matrix of all eligible pairs with
  each mentor repeated per capacity (exact reference: as many mentees as possible, then the
  best total score); skipped above --dense-max participants;
- greedy: pairs taken by descending score, on the engine's candidate pairs.
Targets: 100,000 participants end to end under 20 s and 2 GiB; within 0.1 % of the certified
bound at 20,000 and 100,000; at 50,000 at least 10× faster than dense LSA.
"""

import argparse
import dataclasses
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bascule_matching import (  # noqa: E402
    Participant,
    Problem,  # noqa: E402
    Program,
    match,
)
from tests.matching.families import FAMILIES, family  # noqa: E402

N_SKILLS = 80
N_INTERESTS = 40
N_DEPARTMENTS = 20
SLOTS = [f"{day}-{half}" for day in ("mon", "tue", "wed", "thu", "fri") for half in ("am", "pm")]
FORMATS = ["in_person", "virtual", "hybrid", ""]
MENTEE_SHARE = 0.55
TEAM_SIZE = 1000


def long_tail(n: int, offset: float = 4.0) -> np.ndarray:
    weights = 1.0 / (np.arange(n) + offset)
    return weights / weights.sum()


def population(size: int, seed: int) -> tuple[list[Participant], dict[str, str]]:
    """A synthetic population of `size` participants and the org tree of the employees
    outside it; the same for the same seed."""
    rng = np.random.default_rng(seed)
    n_mentees = round(size * MENTEE_SHARE)
    n_mentors = size - n_mentees
    # Org tree: employees outside the program too; managers are more senior.
    n_employees = int(size * 1.2)
    seniority = np.concatenate([rng.integers(4, 9, n_mentees), rng.integers(1, 5, n_mentors)])
    seniority = np.concatenate([seniority, rng.integers(1, 9, n_employees - size)])
    department = rng.integers(0, N_DEPARTMENTS, n_employees)
    order = np.argsort(-seniority + rng.random(n_employees) * 0.5)
    rank = np.empty(n_employees, dtype=np.int64)
    rank[order] = np.arange(n_employees)
    manager: dict[str, str] = {}
    by_department: dict[int, list[int]] = {d: [] for d in range(N_DEPARTMENTS)}
    for position, person in enumerate(order):
        if position > 0:
            pool = by_department[department[person]]
            if not pool or rng.random() < 0.05:
                boss = order[rng.integers(0, position)]
            else:
                boss = pool[int(rng.integers(max(0, len(pool) - 50), len(pool)))]
            manager[f"p{person}"] = f"p{boss}"
        by_department[department[person]].append(person)
    share_pop = long_tail(N_SKILLS)
    want_pop = long_tail(N_SKILLS)[rng.permutation(N_SKILLS)]
    interest_pop = long_tail(N_INTERESTS, 2.0)
    people = []
    for i in range(size):
        side = "mentee" if i < n_mentees else "mentor"
        # Mentors (juniors) share digital skills that mentees (seniors) want, and the other
        # way round for mutual learning.
        n_share, n_want = rng.integers(2, 5), rng.integers(1, 4)
        if side == "mentee":
            share = rng.choice(N_SKILLS, n_share, replace=False, p=want_pop)
            want = rng.choice(N_SKILLS, n_want, replace=False, p=share_pop)
        else:
            share = rng.choice(N_SKILLS, n_share, replace=False, p=share_pop)
            want = rng.choice(N_SKILLS, n_want, replace=False, p=want_pop)
        languages = {"fr"} if rng.random() < 0.85 else {"en"}
        if rng.random() < 0.4:
            languages.add("en")
        if rng.random() < 0.05:
            languages.add(str(rng.choice(["de", "es"])))
        people.append(
            Participant(
                id=f"p{i}",
                side=side,
                can_share={f"s{s}": int(rng.integers(1, 5)) for s in share},
                wants={f"s{s}": int(rng.integers(1, 5)) for s in want},
                interests=frozenset(
                    f"i{x}"
                    for x in rng.choice(
                        N_INTERESTS, rng.integers(1, 5), replace=False, p=interest_pop
                    )
                ),
                availability=frozenset(
                    rng.choice(SLOTS, rng.integers(2, 7), replace=False).tolist()
                ),
                format=str(rng.choice(FORMATS, p=[0.3, 0.3, 0.3, 0.1])),
                languages=frozenset(languages),
                department_id=int(department[i]),
                manager_id=manager.get(f"p{i}"),
                seniority=int(seniority[i]),
                capacity=int(rng.choice([1, 2], p=[0.6, 0.4])) if side == "mentor" else 1,
            )
        )
    org_tree = {k: v for k, v in manager.items() if int(k[1:]) >= size}
    return people, org_tree


def flat_teams(people: list[Participant], seed: int) -> list[Participant]:
    """The same people in flat teams of TEAM_SIZE drawn at random, each team under one
    manager outside the program (no org tree)."""
    team = np.random.default_rng(seed + 1).permutation(len(people)) // TEAM_SIZE
    return [
        dataclasses.replace(p, manager_id=f"team{t}")
        for p, t in zip(people, team.tolist(), strict=True)
    ]


def run_engine(people, program: Program) -> dict:
    started = time.perf_counter()
    result = match(people, program)
    elapsed = time.perf_counter() - started
    cert = result.certificate
    return {
        "seconds": elapsed,
        "matched": cert.matched,
        "total": cert.total_score,
        "bound": cert.upper_bound,
        "gap": cert.gap_percent,
        "proven": cert.max_matched_proven,
        "rounds": cert.rounds,
        "candidates": cert.candidate_pairs,
        "evaluated": cert.evaluated_pairs,
    }


def run_dense(people, program: Program) -> dict:
    from scipy.optimize import linear_sum_assignment

    started = time.perf_counter()
    problem = Problem(people, program)
    capacity = problem.mentors.capacity.copy()
    locked_total = 0.0
    free = np.ones(len(problem.mentees.ids), dtype=bool)
    for e, m in problem.locked:
        locked_total += float(problem.score_pairs(np.array([e]), np.array([m]))[0])
        capacity[m] -= 1
        free[e] = False
    mentees = np.flatnonzero(free)
    n_e = len(mentees)
    cols = np.repeat(np.arange(len(problem.mentors.ids)), capacity)
    bonus = float(n_e + 1)
    # Cost matrix (float64, C order, built by blocks of rows so that nothing else of that
    # size exists): −(bonus + score) for an eligible pair, 0 otherwise; minimised in place.
    cost = np.empty((n_e, len(cols)))
    for start in range(0, n_e, 1024):
        rows = mentees[start : start + 1024]
        block = problem._score_block(rows, cols)
        at = np.arange(start, start + len(rows))
        cost[at] = np.where(problem._eligible_block(rows, cols), -(bonus + block), 0.0)
    rows, picked = linear_sum_assignment(cost)
    ok = cost[rows, picked] < 0
    total = float((-cost[rows, picked][ok] - bonus).sum()) + locked_total
    matched = int(ok.sum()) + len(problem.locked)
    return {"seconds": time.perf_counter() - started, "matched": matched, "total": total}


def run_greedy(people, program: Program) -> dict:
    started = time.perf_counter()
    problem = Problem(people, program)
    found = problem.candidates(program.candidates_per_mentee)
    left = problem.mentors.capacity.copy()
    taken = np.zeros(len(problem.mentees.ids), dtype=bool)
    total, matched = 0.0, 0
    order = np.lexsort((found.cols, found.rows, -found.scores))
    for r, c, s in zip(
        found.rows[order].tolist(), found.cols[order].tolist(), found.scores[order].tolist(),
        strict=True,
    ):  # fmt: skip
        if not taken[r] and left[c] > 0:
            taken[r] = True
            left[c] -= 1
            total += s
            matched += 1
    return {"seconds": time.perf_counter() - started, "matched": matched, "total": total}


METHODS = {"engine": run_engine, "dense LSA": run_dense, "greedy": run_greedy}


def make_population(name: str, size: int, seed: int) -> tuple[list[Participant], Program]:
    """The benchmark's population (`benchmark`), the same with every profile left empty as
    right after an HR import (`benchmark-empty`: every score ties), with the same-manager
    rule (`benchmark-same-manager`), in flat teams (`benchmark-flat-teams`), or a test family."""
    if name == "benchmark-same-manager":
        people, org_tree = population(size, seed)
        return people, Program(org_tree=org_tree, seed=seed, forbid_same_manager=True)
    if name == "benchmark-flat-teams":
        people, _ = population(size, seed)
        return flat_teams(people, seed), Program(seed=seed, forbid_same_manager=True)
    if name in ("benchmark", "benchmark-empty"):
        people, org_tree = population(size, seed)
        if name == "benchmark-empty":
            empty = {"can_share": {}, "wants": {}, "interests": frozenset()}
            people = [
                dataclasses.replace(p, **empty, availability=frozenset(), format="") for p in people
            ]
        return people, Program(org_tree=org_tree, seed=seed)
    return family(name, size, seed)


def child(method: str, size: int, seed: int, name: str) -> None:
    people, program = make_population(name, size, seed)
    out = METHODS[method](people, program)
    out["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


def dense_gib(size: int) -> float:
    """Memory of the dense reference: the float64 cost matrix with mentors repeated per
    capacity (about 1.4 on average)."""
    mentees = size * MENTEE_SHARE
    mentors = size - mentees
    return mentees * mentors * 1.4 * 8 / 2**30


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000, 50000, 100000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dense-max", type=int, default=20000)
    parser.add_argument(
        "--population",
        nargs="+",
        default=["benchmark"],
        help="benchmark (default), benchmark-empty, benchmark-same-manager, "
        "benchmark-flat-teams, all, or families of "
        "tests/matching/families.py: " + ", ".join(FAMILIES),
    )
    parser.add_argument("--child", nargs=2, metavar=("METHOD", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    names = list(FAMILIES) if args.population == ["all"] else args.population
    if args.child:
        child(args.child[0], int(args.child[1]), args.seed, names[0])
        return
    for name in names:
        table(name, args)
    sizes = " ".join(str(s) for s in args.sizes)
    print(f"Rerun: .venv/bin/python bench/matching.py --sizes {sizes} --seed {args.seed} "
          f"--dense-max {args.dense_max} --population {' '.join(args.population)}")  # fmt: skip


def table(name: str, args: argparse.Namespace) -> None:
    """One table: every size and method on the population `name`."""
    print(f"\nMatching benchmark, population {name}, seed {args.seed}, "
          f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; "
          "peak = ru_maxrss of a subprocess per run")  # fmt: skip
    header = (
        f"{'participants':>12} {'method':<10} {'time s':>8} {'peak MiB':>9} {'matched':>8} "
        f"{'total score':>12} {'bound':>12} {'gap %':>8}"
    )
    print(header)
    print("-" * len(header))
    for size in args.sizes:
        bound, engine = None, {"total": 0.0, "matched": 0}
        for method in METHODS:
            if method == "dense LSA" and size > args.dense_max:
                print(f"{size:>12,} {method:<10} skipped (needs {dense_gib(size):.1f} GB)")
                continue
            cmd = [sys.executable, __file__, "--seed", str(args.seed), "--population", name,
                   "--child", method, str(size)]  # fmt: skip
            done = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                print(f"{size:>12,} {method:<10} failed: {done.stderr.strip().splitlines()[-1:]}")
                continue
            r = json.loads(done.stdout.strip().splitlines()[-1])
            if method == "engine":
                bound, engine = r["bound"], r
            true_gap = ""
            if method == "dense LSA" and r["total"] > 0:
                lost = 100 * (r["total"] - engine["total"]) / r["total"]
                lost = 0.0 if abs(lost) < 5e-5 else lost
                true_gap = f"  (the engine's true gap: {lost:.4f} %, matched {engine['matched']:,})"
            gap = 100 * (bound - r["total"]) / bound if bound else float("nan")
            print(
                f"{size:>12,} {method:<10} {r['seconds']:>8.2f} {r['peak_mib']:>9.0f} "
                f"{r['matched']:>8,} {r['total']:>12.3f} {bound or float('nan'):>12.3f} "
                f"{gap:>8.4f}" + (
                    f"  (max matched proven: {r['proven']}, rounds {r['rounds']}, "
                    f"{r['candidates']:,} candidates, {r['evaluated']:,} pairs scored)"
                    if method == "engine" else true_gap
                ),
                flush=True,
            )  # fmt: skip
    print(
        "\nengine = scoring + candidates + assignment + certificate + explanations; bound = the "
        "engine's certified upper bound on the best total score over all eligible pairs;\n"
        "gap = how far each method's total score is below that bound. Population generation "
        "is not timed."
    )


if __name__ == "__main__":
    main()
