"""Benchmark of a whole country's directory: compile once, and replicas that open the compiled version.

Run: .venv/bin/python -m bench.bench_scale [--root DIR] [--offices 20000 --offers 50000] [--runs 5]

On a content folder (`--root`, or one made by the demo generator) in a fresh state folder:
- full validation and compile (`python -m lotse compile`, a child process: wall time and peak RSS);
- the same after editing one file (a title changed), with everything else unchanged;
- a replica (`streamlit run serve.py`) started when the compiled version exists: seconds until
  /healthz says ok and the first light page is served, next to a bare Streamlit page started the
  same way (until its /_stcore/health answers); the replica's RSS after serving pages;
- search over the 50 queries of bench_search on the opened version (p50/p95, the word cache off);
- AppTest runs in new sessions: start page with results and map page, next to a bare page.
Prints a table and writes bench/out/scale.json. Targets (issue 11, 20,000 offices): compile <= 30 s,
one file edited <= 3 s, replica ready <= 5 s, RSS <= 600 MB, search p95 <= 3 ms, start page
<= 1.5x bare, map page script <= 300 ms. Not a test: nothing here fails a build.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench.bench_search import BARE_PAGE, NOW, PAGE_QUERY, QUERIES, apptest_times, percentile, timed
from lotse import compiled, demo, search

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "scale.json"
PY = sys.executable
TARGETS = {"compile_s": 30, "edit_s": 3, "ready_s": 5, "rss_mb": 600, "search_p95_ms": 3, "page_ratio": 1.5,
           "map_ms": 300}


def compile_once(root: Path, state: Path) -> dict[str, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([PY, "-m", "lotse", "compile", str(root), "--state", str(state)], cwd=ROOT, check=False,
                   capture_output=True)
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"s": round(wall, 1), "peak_rss_mb": round(max(peak, before) / 1024)}


def edit_one_file(root: Path) -> Path:
    """Change one title in the first directory file, as an editor fixing a typo would."""
    path = sorted((root / "content" / "directory").glob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    path.unlink()                      # the folder may be a hard-linked copy: never write through to the source
    path.write_text(re.sub(r"(de: )([^\n]+)", r"\1\2 (korrigiert)", text, count=1), encoding="utf-8")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, b""
    except OSError:
        return 0, b""


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def start_server(script: Path, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], int, float]:
    port = free_port()
    proc = subprocess.Popen([PY, "-m", "streamlit", "run", str(script), "--server.port", str(port),
                             "--server.headless", "true", "--server.address", "127.0.0.1"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return proc, port, time.perf_counter()


def wait_for(url: str, since: float, timeout: float = 120) -> float:
    while time.perf_counter() - since < timeout:
        status, _ = get(url)
        if status == 200:
            return time.perf_counter() - since
        time.sleep(0.05)
    raise TimeoutError(url)


def replica(root: Path, state: Path) -> dict[str, Any]:
    env = {**os.environ, "LOTSE_CONTENT": str(root), "LOTSE_STATE": str(state.parent)}
    with tempfile.TemporaryDirectory() as tmp:
        bare_script = Path(tmp) / "bare.py"
        bare_script.write_text(BARE_PAGE, encoding="utf-8")
        bare, port, since = start_server(bare_script, env)
        try:
            bare_ready = wait_for(f"http://127.0.0.1:{port}/_stcore/health", since)
        finally:
            bare.terminate()
            bare.wait()
    proc, port, since = start_server(ROOT / "serve.py", env)
    base = f"http://127.0.0.1:{port}"
    try:
        healthy = wait_for(f"{base}/healthz", since)
        first_page = wait_for(f"{base}/info/de/", since)
        served = [get(f"{base}/info/de/search?q=Beratung")[0], get(f"{base}/info/ar/search?q=Anerkennung")[0]]
        sitemap = get(f"{base}/sitemap.xml")
        health = json.loads(get(f"{base}/healthz")[1] or b"{}")
        rss = rss_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait()
    return {"healthy_s": round(healthy, 2), "first_page_s": round(first_page, 2),
            "bare_streamlit_ready_s": round(bare_ready, 2), "rss_mb": round(rss),
            "pages_ok": served == [200, 200] and sitemap[0] == 200, "version": health.get("version")}


def searches(state: Path, repeat: int) -> dict[str, Any]:
    folder = compiled.linked(state, compiled.CURRENT)
    assert folder is not None
    start = time.perf_counter()
    result, index = compiled.open_version(folder)
    opened = time.perf_counter() - start
    assert index is not None
    kept, search.RECENT_BYTES = search.RECENT_BYTES, 0      # every word weighed anew, as in bench_search
    for query, lang, filters in QUERIES:
        index.search(query, lang, filters, now=NOW, limit=20)
    times = [timed(lambda q=q, lang=lang, f=f: index.search(q, lang, f, now=NOW, limit=20))
             for _ in range(repeat) for q, lang, f in QUERIES]
    search.RECENT_BYTES = kept
    return {"open_s": round(opened, 2), "p50_ms": round(statistics.median(times), 2),
            "p95_ms": round(percentile(times, 0.95), 2), "documents": index.size}


def pages(root: Path, runs: int) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT / "tests"))
    from apptest import APP, content_root
    from streamlit.testing.v1 import AppTest

    def start_page() -> Any:
        at = AppTest.from_file(APP, default_timeout=300)
        at.query_params.update(lang="de", q=PAGE_QUERY)
        return at

    def map_page() -> Any:
        at = AppTest.from_file(str(ROOT / "pages" / "map.py"), default_timeout=300)
        at.query_params["lang"] = "de"
        return at

    with content_root(root):
        bare, _ = apptest_times(lambda: AppTest.from_string(BARE_PAGE, default_timeout=60), runs)
        page, _ = apptest_times(start_page, runs)
        from bench.bench_map import apptest_runs
        maps, _ = apptest_runs(root, "map", "de", runs)
    return {"bare_ms": round(statistics.median(bare), 1), "start_page_ms": round(statistics.median(page), 1),
            "ratio": round(statistics.median(page) / statistics.median(bare), 2),
            "map_page_ms": round(statistics.median(maps), 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--root", type=Path, help="content folder (default: generate one)")
    parser.add_argument("--offices", type=int, default=20000)
    parser.add_argument("--offers", type=int, default=50000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: edit,replica,pages")
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))

    with tempfile.TemporaryDirectory() as tmp:
        root = args.root
        if root is None:
            root = Path(tmp) / "demo"
            demo.write(root, args.offices, args.offers, today=NOW.date())
        else:  # edits go to a copy: hard links for the files, so the copy is instant and the source untouched
            copy = Path(tmp) / "demo"
            subprocess.run(["cp", "-al", str(root), str(copy)], check=True)
            root = copy
        os.environ["LOTSE_STATE"] = str(Path(tmp) / "state")
        from lotse import store
        state = store.state_dir(root)
        figures: dict[str, Any] = {"offices": args.offices, "offers": args.offers, "targets": TARGETS}
        figures["compile"] = compile_once(root, state)
        if "edit" not in skip:
            edit_one_file(root)
            figures["compile_after_edit"] = compile_once(root, state)
        figures["search"] = searches(state, args.repeat)
        if "replica" not in skip:
            figures["replica"] = replica(root, state)
        if "pages" not in skip:
            figures["pages"] = pages(root, args.runs)

    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    print(f"written to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
