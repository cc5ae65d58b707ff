"""Search quality on a graded set of 228 queries in ten languages, as visitors type them.

The queries and their relevant ids (tests/data/search_eval.yaml) were written and
graded before they were first run. Quality is deterministic, so the targets are a
test: a relevant result first for at least 95 % of the answerable queries in every
language with at least ten; at most 2 % of answerable queries find nothing; every
query for something the portal does not offer finds nothing.
"""


import pytest
from conftest import ROOT

from lotse import content, search
from lotse.search import evaluation

CASES = evaluation.load(ROOT / "tests" / "data" / "search_eval.yaml")


@pytest.fixture(scope="module")
def outcomes() -> list[evaluation.Outcome]:
    index = search.build(content.load_or_raise(ROOT, today=evaluation.GRADED_ON))
    return evaluation.run(index, CASES)


def test_the_set_is_big_enough_and_graded() -> None:
    assert len(CASES) >= 200
    assert len({c.lang for c in CASES}) == 10
    assert sum(not c.relevant for c in CASES) >= 20


def misses(outcomes: list[evaluation.Outcome], lang: str) -> list[str]:
    return [f"{o.case.query!r} → {list(o.found[:3])}" for o in outcomes
            if o.case.lang == lang and o.answerable and not o.first_relevant]


@pytest.mark.parametrize("lang", sorted({c.lang for c in CASES}))
def test_a_relevant_result_comes_first(outcomes: list[evaluation.Outcome], lang: str) -> None:
    row = next(r for r in evaluation.rows(outcomes) if r.lang == lang)
    if row.answerable >= 10:
        assert row.first_share >= 0.95, misses(outcomes, lang)


def test_answerable_queries_rarely_find_nothing(outcomes: list[evaluation.Outcome]) -> None:
    total = evaluation.rows(outcomes)[-1]
    assert total.zero_results / total.answerable <= 0.02, [o.case.query for o in outcomes
                                                           if o.answerable and not o.total]


def test_queries_for_what_the_portal_does_not_offer_find_nothing(outcomes: list[evaluation.Outcome]) -> None:
    assert [(o.case.query, o.found[:3]) for o in outcomes if not o.answerable and o.total] == []
