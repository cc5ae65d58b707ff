"""Mutation score per module from mutmut's results in mutants/, equivalent mutants left out.

    python tests/mutation/score.py [lotse/hours.py ...]
    python tests/mutation/score.py --unkilled lotse/hours.py   # names to run again after new tests
    python tests/mutation/score.py --markdown                  # the table in README
    python tests/mutation/score.py --sample 120 lotse/content.py  # a random sample of the mutants not run yet

A module too slow to run whole in a session (every mutant of the search or the page glue runs dozens of
AppTests) is measured on a random sample of its mutants (seeded, so a rerun picks the same ones):
`mutmut run $(python tests/mutation/score.py --sample 120 MODULE)`. Until every mutant has run, the
score column says which share of the mutants run so far were killed, and how many that is.

Killed counts mutants a test failed on (a timeout is a kill too: the change was
noticed). Survived counts those no test noticed, and "no tests" those no fast test
even runs. The score is killed / (all − equivalent); tests/mutation/equivalent.md
lists the equivalent ones, one `- \\`mutant name\\`: reason` line each.
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
EQUIVALENT = HERE / "equivalent.md"
KILLED = {1, 3, 36, 24, -24, 152, 255}  # test failure, pytest internal error, timeouts
SURVIVED = {0}
NO_TESTS = {5, 33}


def equivalent() -> set[str]:
    return set(re.findall(r"^- `([^`]+)`", EQUIVALENT.read_text(encoding="utf-8"), flags=re.MULTILINE))


def results(root: Path = ROOT) -> dict[str, dict[str, int | None]]:
    """Exit code of each mutant, per source file (e.g. lotse/hours.py)."""
    out = {}
    for meta in sorted((root / "mutants").rglob("*.py.meta")):
        source = str(meta.relative_to(root / "mutants"))[: -len(".meta")]
        out[source] = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    return out


def unkilled(modules: list[str]) -> list[str]:
    """Mutants of `modules` not killed yet (survived, not run, no tests), equivalent ones left out."""
    same = equivalent()
    return [name for source, codes in results().items() if source in modules
            for name, code in codes.items() if code not in KILLED and name not in same]


def sample(size: int, modules: list[str], seed: int = 2026) -> list[str]:
    """A random sample of the mutants of `modules` that have not run yet, the same one for the same state."""
    same = equivalent()
    todo = sorted(name for source, codes in results().items() if source in modules
                  for name, code in codes.items() if code is None and name not in same)
    return sorted(random.Random(seed).sample(todo, min(size, len(todo))))


def main(modules: list[str]) -> int:
    if modules[:1] == ["--unkilled"]:
        print("\n".join(unkilled(modules[1:])))
        return 0
    if modules[:1] == ["--sample"]:
        print("\n".join(sample(int(modules[1]), modules[2:])))
        return 0
    markdown = modules[:1] == ["--markdown"]
    modules = modules[1:] if markdown else modules
    same = equivalent()
    rows = []
    for source, codes in results().items():
        if modules and source not in modules:
            continue
        count: Counter[str] = Counter()
        for name, code in codes.items():
            if name in same:
                count["equivalent"] += 1
            elif code in KILLED:
                count["killed"] += 1
            elif code in SURVIVED:
                count["survived"] += 1
            elif code in NO_TESTS:
                count["no tests"] += 1
            elif code is None:
                count["not run"] += 1
            else:
                count["other"] += 1
        counted = sum(count.values()) - count["equivalent"] - count["not run"]
        score = f"{100 * count['killed'] / counted:.0f} %" if counted else "—"
        if counted and count["not run"]:
            score += f" of {counted} run"
        rows.append((source, len(codes), count, score))
    if markdown:
        print("| module | mutants | killed | survived | no tests | equivalent | score |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for source, total, count, score in rows:
            print(f"| `{source}` | {total} | {count['killed']} | {count['survived']} | {count['no tests']} |"
                  f" {count['equivalent']} | {score} |")
        return 0
    print(f"{'module':<22} {'mutants':>7} {'killed':>6} {'survived':>8} {'no tests':>8} {'equiv.':>6}"
          f" {'not run':>7} {'score':>6}")
    for source, total, count, score in rows:
        print(f"{source:<22} {total:>7} {count['killed']:>6} {count['survived']:>8} {count['no tests']:>8}"
              f" {count['equivalent']:>6} {count['not run']:>7} {score:>6}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
