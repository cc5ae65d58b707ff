"""Light pages and the first visit on a slow phone network, side by side with a bare Streamlit page.

Run: .venv/bin/python -m bench.bench_light [--offices 2000 --offers 5000] [--seconds 10]

Measures, in one run:
1. In Chromium with the network emulated as a slow mobile connection (150 ms round trip,
   1.6 Mbit/s down, 750 kbit/s up) and the cache disabled (a first visit):
   - the Arabic offer light page (shipped content): time to the load event and bytes transferred;
   - the interactive portal's first visit (`/?lang=de`, through serve.py): time until its first
     heading is visible and bytes transferred by then;
   - the same for a bare Streamlit page (a title and a line, plain `streamlit run`): the anchor.
2. Light page rendering on the server at `--offices` (demo directory): p50/p95 of rendering
   offer, office, guide and topic pages in all languages, in-process.
3. Throughput of one portal process serving light pages (wrk, 8 connections, `--seconds`),
   next to Streamlit's own /_stcore/health on the same server as the anchor.
4. The map page's bytes sent by the server (from /proc/PID/io) with and without
   `server.enableWebsocketCompression`.
Prints a table and writes bench/out/light.json. Goals (issue 10): Arabic offer light page
≤ 1.0 s and ≤ 50 kB; portal first visit ≤ 1.2 MB and first heading ≤ 8 s; render p95 ≤ 5 ms;
≥ 300 light pages/s. Not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench.load import BARE, free_port, serve
from lotse import content, light, store

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "light.json"
SLOW = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def first_visit(browser: Any, url: str, until: str) -> dict[str, float]:
    """Open `url` cold on the slow network; `until` is "load" or a selector to wait for (visible)."""
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW)
    sizes: dict[str, float] = {}
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    start = time.perf_counter()
    if until == "load":
        page.goto(url, wait_until="load", timeout=120_000)
    else:
        page.goto(url, wait_until="commit", timeout=120_000)
        page.wait_for_selector(until, state="visible", timeout=120_000)
    seconds = time.perf_counter() - start
    at_heading = sum(sizes.values())
    page.wait_for_timeout(3000)  # what else arrives after the heading (fonts, icons): reported apart
    total = sum(sizes.values())
    context.close()
    return {"seconds": round(seconds, 2), "kb": round(at_heading / 1000, 1), "kb_after_3s": round(total / 1000, 1),
            "requests": len(requests)}


def render_times(site: Path, runs: int = 400) -> dict[str, Any]:
    """p50/p95 of rendering each kind of light page in-process, `runs` of each, random ids and languages
    (search: results pages for broad words, 20 results a page). The pages come from what a replica serves:
    the compiled version, opened and frozen out of the collector's way by the portal's own store."""
    snap = store.ContentStore(site, isolate=True, freeze=True).current()
    assert snap.good is not None and snap.good.directory is not None, "the demo directory did not load"
    directory = snap.good.directory
    renderer = light.Renderer(directory, snap.index)
    rng = random.Random(1)
    langs = directory.site.languages
    ids = {"offer": [o.id for o in directory.offers], "office": [o.id for o in directory.offices],
           "guide": [g.id for g in directory.guides], "topic": [c.id for c in directory.categories]}
    words = ("Beratung", "Anerkennung", "women", "работа", "مشاوره", "Deutschkurs", "Jobcenter", "housing")
    pages: dict[str, Any] = {kind: (lambda kind=kind: renderer.item(rng.choice(langs), kind, rng.choice(ids[kind]), NOW))
                             for kind in ids}
    pages["search"] = lambda: renderer.search(rng.choice(langs), rng.choice(words), NOW)
    for lang in langs:  # each language's catalog and locale data loaded, each template compiled, once
        for kind in ids:
            renderer.item(lang, kind, ids[kind][0], NOW)
        renderer.search(lang, words[0], NOW)
    for render in pages.values():  # a replica that has served for a while: most items read from the version once
        for _ in range(runs // 2):
            render()
    out: dict[str, Any] = {}
    for kind, render in pages.items():
        times, sizes = [], []
        for _ in range(runs):
            start = time.perf_counter()
            page = render()
            times.append((time.perf_counter() - start) * 1000)
            sizes.append(len(page.html))
        out[kind] = {"p50_ms": round(pct(times, 50), 2), "p95_ms": round(pct(times, 95), 2),
                     "html_kb_p95": round(pct(sizes, 95) / 1000, 1)}
    out["worst_p95_ms"] = max(v["p95_ms"] for v in out.values())
    return out


def wrk(url: str, seconds: int) -> dict[str, float]:
    if not shutil.which("wrk"):
        return {"error": "wrk is not installed (apt-get install wrk)"}  # type: ignore[dict-item]
    out = subprocess.run(["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", "-H", "Accept-Encoding: gzip", url],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    unit = {"us": 0.001, "ms": 1, "s": 1000}
    return {"requests_per_s": round(rps), "p99_ms": round(float(p99.group(1)) * unit[p99.group(2)], 1) if p99 else -1,
            "non_2xx": int(errors.group(1)) if errors else 0}


class CountingProxy:
    """A TCP relay on loopback that counts the bytes the server sends: what really crosses the wire,
    websocket compression included (the browser's devtools only show decompressed frames)."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.received = 0
        self.port = free_port()
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()
        self.ready.wait(10)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(asyncio.start_server(self._client, "127.0.0.1", self.port))
        self.ready.set()
        self.loop.run_forever()
        server.close()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter, count: bool) -> None:
            try:
                while data := await src.read(65536):
                    if count:
                        self.received += len(data)
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, asyncio.CancelledError):
                pass
            finally:
                dst.close()

        try:
            await asyncio.gather(pipe(reader, up_writer, False), pipe(up_reader, writer, True))
        except asyncio.CancelledError:  # closed by close(): the relay ends quietly
            pass

    def close(self) -> None:
        def stop() -> None:
            for task in asyncio.all_tasks(self.loop):
                task.cancel()
            self.loop.call_later(0.2, self.loop.stop)
        self.loop.call_soon_threadsafe(stop)


def map_bytes(browser: Any, compression: bool, site: Path) -> float:
    """Bytes the server sends for the map page at `site`'s size, after the start page (bundles cached)."""
    flags = {"LOTSE_CONTENT": str(site), "STREAMLIT_SERVER_ENABLE_WEBSOCKET_COMPRESSION": str(compression).lower()}
    with serve("portal", ROOT / "serve.py", flags) as srv:
        proxy = CountingProxy(srv.port)
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{proxy.port}/?lang=de")  # load content and bundles first
        page.wait_for_selector("h1", timeout=120_000)
        page.wait_for_timeout(1000)
        before = proxy.received
        page.get_by_role("link", name="Karte").first.click()  # within the same websocket session
        page.wait_for_selector("iframe", timeout=120_000)
        page.wait_for_timeout(4000)
        sent = proxy.received - before
        page.close()
        proxy.close()
    return round(sent / 1000, 1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--offices", type=int, default=2000)
    ap.add_argument("--offers", type=int, default=5000)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    report: dict[str, Any] = {"date": dt.date.today().isoformat()}
    with tempfile.TemporaryDirectory(prefix="lotse-light-") as tmp:
        work = Path(tmp)
        site = work / "site"
        subprocess.run([sys.executable, "-m", "lotse", "demo-data", "--offices", str(args.offices), "--offers",
                        str(args.offers), str(site)], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        (work / "bare.py").write_text(BARE, encoding="utf-8")
        os.environ["LOTSE_STATE"] = str(work / "state")  # compiled versions of the demo directory, not kept
        report["render"] = render_times(site)
        print("render", report["render"], flush=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            with serve("portal", ROOT / "serve.py", {}) as srv:  # the shipped content
                base = f"http://127.0.0.1:{srv.port}"
                first_visit(browser, f"{base}/?lang=de", "h1")  # the server's own first run, not measured
                report["light_offer_ar"] = first_visit(browser, f"{base}/info/ar/offer/jena-beratung", "load")
                report["portal_first_visit_de"] = first_visit(browser, f"{base}/?lang=de", "h1")
                report["portal_offer_ar"] = first_visit(browser, f"{base}/?offer=jena-beratung&lang=ar", "h1")
            with serve("bare", work / "bare.py", {}, cwd=work) as srv:
                base = f"http://127.0.0.1:{srv.port}"
                first_visit(browser, base, "h1")
                report["bare_first_visit"] = first_visit(browser, base, "h1")
            for key in ("light_offer_ar", "portal_first_visit_de", "portal_offer_ar", "bare_first_visit"):
                print(key, report[key], flush=True)
            with serve("portal", ROOT / "serve.py", {"LOTSE_CONTENT": str(site)}) as srv:
                base = f"http://127.0.0.1:{srv.port}"
                ids = [o.id for o in content.load_or_raise(site).offers[:1]]
                urllib.request.urlopen(f"{base}/info/de/offer/{ids[0]}", timeout=300).read()  # content loaded first
                report["wrk_light_offer"] = wrk(f"{base}/info/de/offer/{ids[0]}", args.seconds)
                report["wrk_light_search"] = wrk(f"{base}/info/de/search?q=Beratung", args.seconds)
                report["wrk_health_anchor"] = wrk(f"{base}/_stcore/health", args.seconds)
            print("throughput", report["wrk_light_offer"], "search", report["wrk_light_search"],
                  "anchor", report["wrk_health_anchor"], flush=True)
            report["map_sent_kb"] = {"plain": map_bytes(browser, False, site), "compressed": map_bytes(browser, True, site)}
            print("map page bytes sent", report["map_sent_kb"], flush=True)
            browser.close()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(table(report))
    return 0


def table(r: dict[str, Any]) -> str:
    """The figures next to their anchors and goals (issue 10), as README shows them."""
    light_ar, first, bare = r["light_offer_ar"], r["portal_first_visit_de"], r["bare_first_visit"]
    render = r["render"]
    kinds = " / ".join(f"{k} {render[k]['p95_ms']}" for k in ("offer", "office", "guide", "topic", "search"))
    rows = [
        ("Arabic offer light page, slow network, cold", f"{light_ar['seconds']} s, {light_ar['kb_after_3s']} kB",
         f"bare page {bare['seconds']} s, {bare['kb_after_3s']} kB", "≤ 1.0 s, ≤ 50 kB"),
        ("portal first visit: first heading; all by 3 s later", f"{first['seconds']} s, {first['kb']} kB; "
         f"{first['kb_after_3s']} kB", f"bare page {bare['seconds']} s; {bare['kb_after_3s']} kB", "≤ 8 s, ≤ 1,200 kB"),
        ("light page render p95, ms (offer / office / guide / topic / search)", kinds, "–", "≤ 5 ms"),
        ("light pages, one process (wrk): offer; search results", f"{r['wrk_light_offer'].get('requests_per_s')}/s; "
         f"{r['wrk_light_search'].get('requests_per_s')}/s",
         f"/_stcore/health {r['wrk_health_anchor'].get('requests_per_s')}/s", "≥ 300/s"),
        ("map page over the wire, websocket compression on / off",
         f"{r['map_sent_kb']['compressed']} / {r['map_sent_kb']['plain']} kB", "–", "(report)"),
    ]
    lines = ["| what | measured | anchor | goal |", "| --- | --- | --- | --- |"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
