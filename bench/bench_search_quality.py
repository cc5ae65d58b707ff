"""Search quality on the graded query set (tests/data/search_eval.yaml), per language.

Run: .venv/bin/python -m bench.bench_search_quality [--misses]

Prints, per language, how many answerable queries have a relevant result first,
how many found nothing, and how many of the queries for things the portal does
not offer rightly found nothing. tests/test_search_quality.py asserts the targets;
this prints the table for `make bench`, and with --misses the queries that miss.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from lotse import content, search
from lotse.search import evaluation

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "data" / "search_eval.yaml"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the queries that miss")
    args = parser.parse_args(argv)
    index = search.build(content.load_or_raise(ROOT, today=evaluation.GRADED_ON))
    outcomes = evaluation.run(index, evaluation.load(CASES))
    print(f"search quality on {CASES.relative_to(ROOT)} (shipped content)")
    print(evaluation.table(outcomes))
    if args.misses:
        for o in outcomes:
            if not o.ok:
                print(f"miss [{o.case.lang}] {o.case.query!r}: found {list(o.found[:3])} of {o.total}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
