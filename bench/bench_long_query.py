"""Benchmark of a hostile search text: the start page and the front desk with a 100 kB `?q=`.

Run: .venv/bin/python -m bench.bench_long_query [--kb 100] [--runs 3]

Runs app.py in AppTest on the shipped content, once to warm up (content and index
loaded), then `--runs` times in new sessions with `?q=` of `--kb` kilobytes of
words, and with a short `?q=` for comparison; prints the medians and writes
bench/out/long_query.json. Not a test: nothing here fails a build.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
OUT = ROOT / "bench" / "out" / "long_query.json"


def timed(page: str | None, query: str) -> float:
    at = AppTest.from_file(APP, default_timeout=600)
    at.query_params["q"] = query
    at.query_params["lang"] = "de"
    if page:
        at.run()
        at.switch_page(f"pages/{page}.py")
        at.query_params["q"] = query
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    assert not at.exception, at.exception
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kb", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    words = "Sprachkurs [Klick](https://example.org) ![x](https://example.org/p.png) Anerkennung "
    long_query = (words * (args.kb * 1024 // len(words) + 1))[: args.kb * 1024]
    timed(None, "Sprachkurs")  # warm up: content, index, translations
    results = {}
    for page in (None, "frontdesk"):
        name = page or "home"
        short = statistics.median(timed(page, "Sprachkurs") for _ in range(args.runs))
        long = statistics.median(timed(page, long_query) for _ in range(args.runs))
        results[name] = {"short_q_s": round(short, 3), f"q_{args.kb}kB_s": round(long, 3)}
        print(f"{name:10} short ?q=: {short * 1000:7.0f} ms   {args.kb} kB ?q=: {long * 1000:7.0f} ms")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
