"""Benchmark of the map page at 2,000 offices: payload size and script time.

Run: .venv/bin/python -m bench.bench_map [--offices N] [--offers M] [--lang LL]

Generates a directory (see `generate`), then measures
- the payload: what the browser gets for the map (the component's arguments:
  script, header, HTML and links), and the portal's own Leaflet files once;
- the script time: selecting the offices, building the folium map and
  rendering it (median of runs), and an AppTest run of the map page (median
  after a warm-up run, content already loaded).
Prints the figures and writes bench/out/map.json. Targets: payload at most
500 kB, script time at most 300 ms. Not a test: nothing here fails a build.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from lotse import content, i18n, maps

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "map.json"
PAYLOAD_TARGET_KB = 500
SCRIPT_TARGET_MS = 300

LANGS = ["de", "en", "ar", "uk", "fa", "ru", "tr", "fr", "es", "ti"]
CATEGORIES = [
    ("first-orientation", "#1f6f8b", {"de": "Erstorientierung", "en": "First orientation", "ar": "التوجيه الأول"}),
    ("recognition", "#7b3f99", {"de": "Anerkennung", "en": "Recognition", "ar": "الاعتراف بالشهادات"}),
    ("women", "#b03a6f", {"de": "Angebote für Frauen", "en": "Offers for women", "ar": "عروض للنساء"}),
    ("language", "#2e7d32", {"de": "Deutsch lernen", "en": "Learning German", "ar": "تعلم الألمانية"}),
    ("work", "#c25e00", {"de": "Arbeit und Beruf", "en": "Work and career", "ar": "العمل والمهنة"}),
    ("social-counselling", "#455a64", {"de": "Sozialberatung", "en": "Social counselling", "ar": "الاستشارة الاجتماعية"}),
    ("housing", "#6d4c41", {"de": "Wohnen", "en": "Housing", "ar": "السكن"}),
    ("health", "#c62828", {"de": "Gesundheit", "en": "Health", "ar": "الصحة"}),
    ("education", "#283593", {"de": "Bildung", "en": "Education", "ar": "التعليم"}),
]
TITLES = {
    "de": ["Beratung zu {c}", "Sprechstunde {c}", "Gruppenangebot {c}", "Begleitung {c}", "Information zu {c}"],
    "en": ["Advice on {c}", "Office hours: {c}", "Group offer: {c}", "Support: {c}", "Information on {c}"],
    "ar": ["استشارة حول {c}", "ساعات الاستشارة: {c}", "عرض جماعي: {c}", "مرافقة: {c}", "معلومات حول {c}"],
}
CITIES = [("Berlin", "BE", 52.52, 13.40), ("Hamburg", "HH", 53.55, 9.99), ("München", "BY", 48.14, 11.58),
          ("Köln", "NW", 50.94, 6.96), ("Frankfurt am Main", "HE", 50.11, 8.68), ("Stuttgart", "BW", 48.78, 9.18),
          ("Leipzig", "SN", 51.34, 12.37), ("Dresden", "SN", 51.05, 13.74), ("Rostock", "MV", 54.09, 12.12),
          ("Jena", "TH", 50.93, 11.59), ("Osnabrück", "NI", 52.28, 8.05), ("Münsingen", "BW", 48.41, 9.50),
          ("Bremen", "HB", 53.08, 8.80), ("Kiel", "SH", 54.32, 10.14), ("Magdeburg", "ST", 52.13, 11.63),
          ("Potsdam", "BB", 52.39, 13.06), ("Mainz", "RP", 50.00, 8.27), ("Saarbrücken", "SL", 49.24, 6.99),
          ("Erfurt", "TH", 50.98, 11.03), ("Hannover", "NI", 52.37, 9.73)]
PROVENANCE = {"source": "generated", "last_verified": "2026-11-01"}


def generate(root: Path, offices: int, offers: int, seed: int = 5) -> Path:
    """A content folder with `offices` offices and `offers` offers, names in three languages."""
    rnd = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    site = {
        "name": {"de": "Lotse Benchmark", "en": "Lotse benchmark"},
        "default_language": "de",
        "languages": LANGS,
        "region": {"south": 47.2, "west": 5.8, "north": 55.1, "east": 15.1},
        "map": {"center": {"lat": 51.2, "lon": 10.4}, "zoom": 6, "tiles": {"url": "none"}},
    }
    services: dict[str, Any] = {
        "site": site,
        "include": ["generated/*.yaml"],
        "categories": [{"id": cid, "color": color, "name": name} for cid, color, name in CATEGORIES],
        "target_groups": [{"id": "women", "name": {"de": "Frauen", "en": "Women", "ar": "النساء"}},
                          {"id": "refugees", "name": {"de": "Geflüchtete", "en": "Refugees", "ar": "اللاجئون"}}],
        "organisations": [{"id": f"org-{i}", "name": {"de": f"Träger {i}", "en": f"Provider {i}"},
                           "provenance": PROVENANCE} for i in range(50)],
    }
    (root / "services.yaml").write_text(yaml.safe_dump(services, allow_unicode=True), encoding="utf-8")
    office_items = []
    for i in range(offices):
        city, state, lat, lon = CITIES[i % len(CITIES)]
        weekly = {day: [{"from": "09:00", "to": "12:00", "kind": rnd.choice(["open", "walk_in", "appointment"])}]
                  + ([{"from": "13:00", "to": "16:00"}] if rnd.random() < 0.5 else [])
                  for day in rnd.sample(["mon", "tue", "wed", "thu", "fri"], rnd.randint(2, 5))}
        office_items.append({
            "id": f"office-{i}",
            "organisation": f"org-{i % 50}",
            "name": {"de": f"Beratungsstelle {city} {i}", "en": f"Advice centre {city} {i}",
                     "ar": f"مركز الاستشارة {city} {i}"},
            "address": {"street": f"Hauptstraße {i % 200 + 1}", "postal_code": f"{10000 + i:05d}",
                        "city": city, "state": state},
            "location": {"lat": round(lat + rnd.uniform(-0.08, 0.08), 6), "lon": round(lon + rnd.uniform(-0.12, 0.12), 6)},
            **({"hours": {"weekly": weekly}} if rnd.random() < 0.8 else {}),
            "provenance": PROVENANCE,
        })
    offer_items = []
    for j in range(offers):
        cid, _, cname = CATEGORIES[j % len(CATEGORIES)]
        home = rnd.randrange(offices)
        where = [f"office-{home}"] + ([f"office-{rnd.randrange(offices)}"] if rnd.random() < 0.2 else [])
        k = rnd.randrange(len(TITLES["de"]))
        offer_items.append({
            "id": f"offer-{j}",
            "offices": list(dict.fromkeys(where)),
            "category": cid,
            "target_groups": ["women"] if cid == "women" else ["refugees"],
            "title": {lang: TITLES[lang][k].format(c=cname[lang]) for lang in TITLES},
            "summary": {"de": "Wir beraten.", "en": "We advise.", "ar": "نحن نقدم المشورة."},
            "provenance": PROVENANCE,
        })
    for page in content.PAGE_NAMES:
        (root / "content" / "pages").mkdir(parents=True, exist_ok=True)
        (root / "content" / "pages" / f"{page}.de.md").write_text(f"# {page}\n", encoding="utf-8")
    folder = root / "generated"
    folder.mkdir(exist_ok=True)
    for n in range(0, len(office_items), 200):
        (folder / f"offices-{n // 200:03d}.yaml").write_text(
            yaml.safe_dump({"offices": office_items[n:n + 200]}, allow_unicode=True), encoding="utf-8")
    for n in range(0, len(offer_items), 500):
        (folder / f"offers-{n // 500:03d}.yaml").write_text(
            yaml.safe_dump({"offers": offer_items[n:n + 500]}, allow_unicode=True), encoding="utf-8")
    return root


def median_ms(fn: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def component_args(at: Any) -> dict[str, Any]:
    """The arguments streamlit-folium sent to the browser in an AppTest run."""
    for element in at.get("component_instance"):
        return dict(json.loads(element.proto.json_args))
    raise LookupError("no map component on the page")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offices", type=int, default=2000)
    parser.add_argument("--offers", type=int, default=5000)
    parser.add_argument("--lang", default="de")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT / "tests"))
    from apptest import run  # the tests' helper: AppTest of app.py with a content folder

    with tempfile.TemporaryDirectory() as tmp:
        root = generate(Path(tmp) / "content", args.offices, args.offers)
        start = time.perf_counter()
        directory = content.load_or_raise(root)
        load_ms = (time.perf_counter() - start) * 1000
        t = i18n.translator(args.lang)
        now = dt.datetime(2026, 11, 24, 10, 30, tzinfo=ZoneInfo(directory.site.timezone))

        pins = maps.select(directory, maps.Filters(), now)
        html = maps.render(maps.build(directory, pins, t, now))
        select_ms = median_ms(lambda: maps.select(directory, maps.Filters(), now), args.runs)
        build_ms = median_ms(lambda: maps.render(maps.build(directory, maps.select(directory, maps.Filters(), now), t,
                                                            now)), args.runs)

        os.environ.setdefault("STREAMLIT_GLOBAL_DEVELOPMENT_MODE", "false")
        run(root, page="map", lang=args.lang)  # warm-up: loads the content into the store
        runs: list[float] = []
        at = None
        for _ in range(args.runs):
            start = time.perf_counter()
            at = run(root, page="map", lang=args.lang)
            runs.append((time.perf_counter() - start) * 1000)
        assert at is not None and not at.exception, at.exception if at else "no run"
        apptest_ms = statistics.median(runs)

        sent = component_args(at)
        payload = sum(len(str(sent[k]).encode()) for k in ("script", "header", "html"))
        links = [*sent["js_links"], *sent["css_links"]]
        static = sum((ROOT / "static" / link.removeprefix("/app/static/")).stat().st_size for link in links)

    figures = {
        "offices": args.offices,
        "offers": args.offers,
        "lang": args.lang,
        "markers": len(pins),
        "content_load_ms": round(load_ms),
        "payload_kb": round(payload / 1000, 1),
        "standalone_html_kb": round(len(html.encode()) / 1000, 1),
        "vendor_files_kb": round(static / 1000, 1),
        "select_ms": round(select_ms, 1),
        "build_and_render_ms": round(build_ms, 1),
        "apptest_map_page_ms": round(apptest_ms, 1),
        "targets": {"payload_kb": PAYLOAD_TARGET_KB, "script_ms": SCRIPT_TARGET_MS},
    }
    figures["payload_ok"] = figures["payload_kb"] <= PAYLOAD_TARGET_KB
    figures["script_ok"] = max(build_ms, apptest_ms) <= SCRIPT_TARGET_MS
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    for key, value in figures.items():
        print(f"{key:>24}: {value}")
    print(f"written to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
