"""How well search answers what visitors type: a graded query set, run and summed up per language.

The set (tests/data/search_eval.yaml) lists queries per language with the ids
that answer them, graded before they were run; an empty list means the portal
offers nothing for it. The test suite asserts the figures, `make bench` prints them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from lotse.search import Index

# The day the set was graded: content dated after it (closures, checks) does not change the figures.
GRADED_ON = dt.date(2026, 11, 24)


@dataclass(frozen=True)
class Case:
    lang: str
    query: str
    relevant: frozenset[str]


@dataclass(frozen=True)
class Outcome:
    case: Case
    found: tuple[str, ...]      # ids, best first (the first ten)
    total: int

    @property
    def answerable(self) -> bool:
        return bool(self.case.relevant)

    @property
    def first_relevant(self) -> bool:
        return bool(self.found) and self.found[0] in self.case.relevant

    @property
    def ok(self) -> bool:
        return self.first_relevant if self.answerable else self.total == 0


@dataclass(frozen=True)
class Row:
    lang: str
    queries: int
    answerable: int
    first_relevant: int
    zero_results: int          # answerable queries that found nothing
    nothing_right: int         # of the nothing-relevant queries, how many found nothing
    nothing: int

    @property
    def first_share(self) -> float:
        return self.first_relevant / self.answerable if self.answerable else 1.0


def load(path: Path) -> list[Case]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Case(lang, str(query), frozenset(relevant))
            for lang, items in data["queries"].items() for query, relevant in items]


def run(index: Index, cases: Iterable[Case]) -> list[Outcome]:
    outcomes = []
    for case in cases:
        results = index.search(case.query, case.lang, limit=10)
        outcomes.append(Outcome(case, tuple(h.id for h in results.hits), results.total))
    return outcomes


def rows(outcomes: Sequence[Outcome]) -> list[Row]:
    """One row per language, in the order of the set, then the total."""
    langs = list(dict.fromkeys(o.case.lang for o in outcomes))
    out = []
    for lang in [*langs, "all"]:
        mine = [o for o in outcomes if lang in ("all", o.case.lang)]
        answerable = [o for o in mine if o.answerable]
        nothing = [o for o in mine if not o.answerable]
        out.append(Row(lang, len(mine), len(answerable), sum(o.first_relevant for o in answerable),
                       sum(o.total == 0 for o in answerable), sum(o.total == 0 for o in nothing), len(nothing)))
    return out


def table(outcomes: Sequence[Outcome]) -> str:
    lines = [f"{'lang':<5}{'queries':>8}{'answerable':>11}{'first relevant':>16}{'found nothing':>15}"
             f"{'nothing relevant: none shown':>30}"]
    for r in rows(outcomes):
        lines.append(f"{r.lang:<5}{r.queries:>8}{r.answerable:>11}{r.first_relevant:>7} ({r.first_share:>5.0%})"
                     f"{r.zero_results:>7} ({r.zero_results / max(r.answerable, 1):>4.0%})"
                     f"{r.nothing_right:>21} of {r.nothing}")
    return "\n".join(lines)
