"""The graded query set's arithmetic: what `make bench` prints and the quality test asserts rests on it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lotse.search import evaluation
from lotse.search.evaluation import Case


@dataclass
class _Hit:
    id: str


@dataclass
class _Found:
    hits: tuple[_Hit, ...]
    total: int


class _Index:
    """Answers from a table of query → ids, and notes how it was asked."""

    def __init__(self, answers: dict[str, list[str]]):
        self.answers = answers
        self.asked: list[tuple[str, str, int]] = []

    def search(self, query: str, lang: str, limit: int = 20) -> _Found:
        self.asked.append((query, lang, limit))
        ids = self.answers.get(query, [])
        return _Found(tuple(_Hit(i) for i in ids[:limit]), len(ids))


CASES = [
    Case("de", "Anerkennung", frozenset({"rec"})),       # relevant first
    Case("de", "Frauen", frozenset({"women"})),          # relevant, but second
    Case("de", "Zahnarzt", frozenset()),                 # nothing relevant, nothing shown
    Case("ar", "عمل", frozenset({"work"})),              # answerable, found nothing
    Case("ar", "رخصة", frozenset()),                     # nothing relevant, but something shown
]
ANSWERS = {"Anerkennung": ["rec", "x"], "Frauen": ["x", "women"], "رخصة": ["x"], **{"many": [str(i) for i in range(15)]}}


def outcomes() -> list[evaluation.Outcome]:
    return evaluation.run(_Index(ANSWERS), CASES)  # type: ignore[arg-type]


def test_run_asks_each_query_in_its_language_for_the_first_ten() -> None:
    index = _Index(ANSWERS)
    found = evaluation.run(index, [*CASES, Case("en", "many", frozenset({"0"}))])  # type: ignore[arg-type]
    assert index.asked == [(c.query, c.lang, 10) for c in CASES] + [("many", "en", 10)]
    assert found[0].found == ("rec", "x") and found[0].total == 2
    assert len(found[-1].found) == 10 and found[-1].total == 15


def test_an_outcome_is_right_when_relevant_comes_first_or_nothing_shows_for_nothing_relevant() -> None:
    assert [o.ok for o in outcomes()] == [True, False, True, False, False]
    assert [o.first_relevant for o in outcomes()] == [True, False, False, False, False]


def test_rows_count_per_language_in_the_sets_order_then_all() -> None:
    rows = evaluation.rows(outcomes())
    assert [r.lang for r in rows] == ["de", "ar", "all"]
    de, ar, all_ = rows
    assert (de.queries, de.answerable, de.first_relevant, de.zero_results, de.nothing_right, de.nothing) == \
        (3, 2, 1, 0, 1, 1)
    assert (ar.queries, ar.answerable, ar.first_relevant, ar.zero_results, ar.nothing_right, ar.nothing) == \
        (2, 1, 0, 1, 0, 1)
    assert (all_.queries, all_.answerable, all_.first_relevant, all_.zero_results, all_.nothing_right,
            all_.nothing) == (5, 3, 1, 1, 1, 2)
    assert de.first_share == 0.5 and ar.first_share == 0.0
    assert evaluation.Row("xx", 1, 0, 0, 0, 1, 1).first_share == 1.0   # no answerable query: nothing missed


def test_table_prints_shares_and_counts() -> None:
    lines = evaluation.table(outcomes()).splitlines()
    assert lines[0] == "lang  queries answerable  first relevant  found nothing  nothing relevant: none shown"
    assert lines[1] == "de          3          2      1 (  50%)      0 (  0%)                    1 of 1"
    assert lines[2] == "ar          2          1      0 (   0%)      1 (100%)                    0 of 1"
    assert lines[3] == "all         5          3      1 (  33%)      1 ( 33%)                    1 of 2"


def test_load_reads_queries_per_language_with_their_graded_ids(tmp_path: Path) -> None:
    path = tmp_path / "set.yaml"
    path.write_text("queries:\n  de:\n    - [Anerkennung, [rec, rec-2]]\n    - [Zahnarzt, []]\n"
                    "  ar:\n    - [1234, [x]]\n", encoding="utf-8")
    cases: list[Any] = evaluation.load(path)
    assert cases == [Case("de", "Anerkennung", frozenset({"rec", "rec-2"})), Case("de", "Zahnarzt", frozenset()),
                     Case("ar", "1234", frozenset({"x"}))]
