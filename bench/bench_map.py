"""Benchmark of the map page at 2,000 offices: payload size and script time.

Run: .venv/bin/python -m bench.bench_map [--offices N] [--offers M] [--lang LL]

Generates a directory with `lotse.demo` (as `python -m lotse demo-data`), then measures
- the payload: what the browser gets for the map (the component's arguments:
  script, header, HTML and links), and the portal's own Leaflet files once;
- the script time: selecting the offices, building the folium map and
  rendering it, and AppTest runs of the map page (app.py and the page, after
  a warm-up run, content already loaded), next to AppTest runs of a bare page
  (about) for comparison. Median and minimum of the runs: on a busy machine
  the minimum is the better estimate of the code's own cost.
Prints the figures and writes bench/out/map.json. Targets: payload at most
500 kB, script time at most 300 ms. Not a test: nothing here fails a build.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from lotse import content, demo, i18n, maps

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "map.json"
NOW = dt.datetime(2026, 11, 24, 10, 30, tzinfo=ZoneInfo("Europe/Berlin"))  # a Tuesday morning
PAYLOAD_TARGET_KB = 500
SCRIPT_TARGET_MS = 300


def timings(fn: Callable[[], Any], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def apptest_runs(root: Path, page: str, lang: str, runs: int) -> tuple[list[float], Any]:
    """Times of AppTest runs of app.py on `page` (the start page is run once before, untimed)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from apptest import APP, content_root
    from streamlit.testing.v1 import AppTest

    with content_root(root):
        at = AppTest.from_file(APP, default_timeout=300)
        at.query_params["lang"] = lang
        at.run()
        out = []
        for _ in range(runs + 1):  # the first run of the page warms it up
            at.switch_page(f"pages/{page}.py")
            at.query_params["lang"] = lang
            start = time.perf_counter()
            at.run()
            out.append((time.perf_counter() - start) * 1000)
            assert not at.exception, at.exception
    return out[1:], at


def component_args(at: Any) -> dict[str, Any]:
    """The arguments streamlit-folium sent to the browser in an AppTest run."""
    for element in at.get("component_instance"):
        return dict(json.loads(element.proto.json_args))
    raise LookupError("no map component on the page")


def summary(times: list[float]) -> dict[str, float]:
    return {"median_ms": round(statistics.median(times), 1), "min_ms": round(min(times), 1)}


def measure(root: Path, directory: Any, lang: str, runs: int) -> dict[str, Any]:
    t = i18n.translator(lang)
    pins = maps.select(directory, maps.Filters(), NOW)
    html = maps.render(maps.build(directory, pins, t, NOW))
    select = timings(lambda: maps.select(directory, maps.Filters(), NOW), runs)
    build = timings(lambda: maps.render(maps.build(directory, maps.select(directory, maps.Filters(), NOW), t, NOW)),
                    runs)
    bare, _ = apptest_runs(root, "about", lang, runs)
    page, at = apptest_runs(root, "map", lang, runs)
    sent = component_args(at)
    payload = sum(len(str(sent[k]).encode()) for k in ("script", "header", "html"))
    links = [*sent["js_links"], *sent["css_links"]]
    static = sum((ROOT / "static" / link.removeprefix("/app/static/")).stat().st_size for link in links)
    figures: dict[str, Any] = {
        "markers": len(pins),
        "payload_kb": round(payload / 1000, 1),
        "standalone_html_kb": round(len(html.encode()) / 1000, 1),
        "vendor_files_kb": round(static / 1000, 1),
        "select": summary(select),
        "select_build_render": summary(build),
        "apptest_map_page": summary(page),
        "apptest_bare_page": summary(bare),
    }
    figures["payload_ok"] = figures["payload_kb"] <= PAYLOAD_TARGET_KB
    figures["script_ok"] = statistics.median(page) <= SCRIPT_TARGET_MS
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offices", type=int, default=2000)
    parser.add_argument("--offers", type=int, default=5000)
    parser.add_argument("--lang", default="de,ar", help="languages to measure, comma-separated")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "content"
        demo.write(root, args.offices, args.offers, today=NOW.date())
        start = time.perf_counter()
        directory = content.load_or_raise(root)
        load_ms = (time.perf_counter() - start) * 1000
        results = {lang: measure(root, directory, lang, args.runs) for lang in args.lang.split(",")}

    figures = {
        "offices": args.offices,
        "offers": args.offers,
        "content_load_ms": round(load_ms),
        "targets": {"payload_kb": PAYLOAD_TARGET_KB, "script_ms": SCRIPT_TARGET_MS},
        "languages": results,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{args.offices} offices, {args.offers} offers; content loaded in {load_ms:.0f} ms")
    for lang, result in results.items():
        for key, value in result.items():
            print(f"  {lang} {key:>20}: {value}")
    print(f"targets: payload <= {PAYLOAD_TARGET_KB} kB, script <= {SCRIPT_TARGET_MS} ms (median AppTest run)")
    print(f"written to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
