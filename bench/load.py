"""Many visitors at once: a load driver that speaks Streamlit's websocket protocol, no browser.

Run: .venv/bin/python -m bench.load [--offices 2000 --offers 5000] [--sessions 10,50,100] [--seconds 40]

It starts two real servers in the same run, the portal (`streamlit run serve.py` with
`LOTSE_CONTENT` = a generated demo directory) and an anchor (a bare Streamlit page: a
title and a line), and puts exactly the same load on each, one after the other:

- N sessions connect to `/_stcore/stream` (subprotocol `streamlit`) and each sends a
  `BackMsg.rerun_script` with the page's query string (a search, `?q=…&lang=…`) at random
  intervals averaging one per `--interval` seconds (exponential gaps), for `--seconds`;
- then a burst: every session reruns at the same moment;
- a rerun is timed from sending the BackMsg until `ForwardMsg.script_finished`, and it only
  counts as a success when the run finished successfully and rendered the expected elements
  (for the portal: the results heading and result links, no exception, no error box). A
  driver that times error pages is worthless, so anything else is an error;
- the server's CPU time (utime+stime from /proc) per rerun and its RSS with all sessions
  connected are read from the server process itself.

`--reload` edits one content file in the middle of the portal's steady phase, so the
figures include a content reload (a new version built while visitors search).

Prints one table and writes bench/out/load.json. Goals (issue 9): p95 at 100 sessions
≤ 300 ms with 0 errors and 0 disconnects; CPU per rerun ≤ 2× the bare page's; burst p95
≤ 2× the bare page's; RSS ≤ 300 MB at 2,000 offices with 200 sessions. Not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "load.json"
BARE = '''import streamlit as st

st.title("Bare page")
st.write("A title and a line, the anchor of the load benchmark.")
'''
# Searches as visitors type them, in several languages; each must find something.
QUERIES = [("Beratung", "de"), ("Anerkennung", "de"), ("Deutschkurs", "de"), ("Wohnung", "de"),
           ("recognition", "en"), ("women", "en"), ("German course", "en"), ("نساء", "ar"),
           ("مشاوره", "fa"), ("житло", "uk"), ("работа", "ru"), ("danışmanlık", "tr"), ("logement", "fr"),
           ("darbs", "lv"), ("lavoro", "it")]
TICKS = os.sysconf("SC_CLK_TCK")
Check = Callable[[list[str], list[str]], str | None]


def bare_rendered(kinds: list[str], texts: list[str]) -> str | None:
    return None if "Bare page" in texts else "the bare page's title is missing"


def results_rendered(kinds: list[str], texts: list[str]) -> str | None:
    """The portal's start page with a search: the search box and result links (one page_link per card)."""
    if "text_input" not in kinds:
        return "no search box"
    if kinds.count("page_link") < 3:
        return f"only {kinds.count('page_link')} result links"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    name: str
    proc: subprocess.Popen[bytes]
    port: int

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")


@contextlib.contextmanager
def serve(name: str, script: Path, env: dict[str, str], cwd: Path = ROOT) -> Iterator[Server]:
    """A real `streamlit run` server; `cwd` decides which .streamlit/config.toml it reads."""
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError(f"{name} did not start:\n{log.read().decode(errors='replace')[-3000:]}")
            time.sleep(0.2)
        yield Server(name, proc, port)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


@dataclass
class Run:
    ok: bool
    ms: float
    why: str = ""


@dataclass
class Phase:
    runs: list[Run] = field(default_factory=list)
    disconnects: int = 0

    def times(self) -> list[float]:
        return sorted(r.ms for r in self.runs if r.ok)

    def errors(self) -> list[str]:
        return [r.why for r in self.runs if not r.ok]


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def texts_of(msg: ForwardMsg) -> tuple[str, list[str]]:
    """The element type of a delta and the texts it shows (for checking what was rendered)."""
    el = msg.delta.new_element
    kind = el.WhichOneof("type") or ""
    inner = getattr(el, kind, None) if kind else None
    out = []
    for name in ("body", "label", "message"):
        value = getattr(inner, name, None) if inner is not None else None
        if isinstance(value, str) and value:
            out.append(value)
    if kind == "alert":
        out.append(f"alert-format:{el.alert.format}")
    return kind, out


class Session:
    """One visitor: a websocket and the script runs it asks for."""

    def __init__(self, port: int, expect: Check, headers: dict[str, str] | None = None):
        self.url = f"ws://127.0.0.1:{port}/_stcore/stream"
        self.expect = expect
        self.headers = headers  # e.g. the visitor's own cookie, through a load balancer (bench/bench_prod.py)
        self.ws: Any = None
        self.lock = asyncio.Lock()

    async def connect(self) -> None:
        self.ws = await websockets.connect(self.url, subprotocols=["streamlit"], max_size=2**25, open_timeout=60,
                                           additional_headers=self.headers,
                                           ping_interval=None, compression="deflate")  # as browsers offer it

    async def rerun(self, query: dict[str, str]) -> Run:
        async with self.lock:
            back = BackMsg()
            back.rerun_script.query_string = urlencode(query)
            back.rerun_script.page_script_hash = ""
            start = time.perf_counter()
            await self.ws.send(back.SerializeToString())
            kinds: list[str] = []
            texts: list[str] = []
            while True:
                data = await asyncio.wait_for(self.ws.recv(), timeout=120)
                msg = ForwardMsg()
                msg.ParseFromString(data)
                what = msg.WhichOneof("type")
                if what == "delta":
                    kind, shown = texts_of(msg)
                    kinds.append(kind)
                    texts.extend(shown)
                elif what == "script_finished":
                    ms = (time.perf_counter() - start) * 1000
                    status = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
                    if status == "FINISHED_EARLY_FOR_RERUN":
                        continue  # our own rerun replaced it; the next script_finished is ours
                    if status != "FINISHED_SUCCESSFULLY":
                        return Run(False, ms, status)
                    if "exception" in kinds:
                        return Run(False, ms, "exception element")
                    if any(t == "alert-format:1" for t in texts):  # Alert.ERROR
                        return Run(False, ms, "error box")
                    wrong = self.expect(kinds, texts)
                    if wrong:
                        return Run(False, ms, wrong)
                    return Run(True, ms)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


def portal_query(rng: random.Random) -> dict[str, str]:
    q, lang = rng.choice(QUERIES)
    return {"q": q, "lang": lang}


async def load(server: Server, n: int, seconds: float, interval: float, expect: Check, seed: int,
               query_for: Any, reload_file: Path | None = None,
               headers: Callable[[int], dict[str, str]] | None = None) -> dict[str, Any]:
    rng = random.Random(seed)
    sessions = [Session(server.port, expect, headers(i) if headers else None) for i in range(n)]
    steady, burst = Phase(), Phase()
    for i in range(0, n, 20):  # connect in groups, as visitors arrive
        await asyncio.gather(*(s.connect() for s in sessions[i:i + 20]))
    warm = await asyncio.gather(*(s.rerun(query_for(rng)) for s in sessions))  # each visitor's first page
    warm_errors = [r.why for r in warm if not r.ok]
    cpu0, t0 = server.cpu_seconds(), time.monotonic()
    stop = t0 + seconds
    reloaded = asyncio.Event()

    async def visitor(s: Session, r: random.Random) -> None:
        while True:
            await asyncio.sleep(r.expovariate(1 / interval))
            if time.monotonic() >= stop:
                return
            try:
                steady.runs.append(await s.rerun(query_for(r)))
            except (websockets.ConnectionClosed, OSError, TimeoutError) as exc:
                steady.disconnects += 1
                steady.runs.append(Run(False, 0, f"disconnect: {exc!r}"))
                return

    async def reloader() -> None:
        if reload_file is None:
            return
        await asyncio.sleep(seconds / 3)
        with reload_file.open("a", encoding="utf-8") as f:
            f.write("\n# edited during the load run\n")
        reloaded.set()

    await asyncio.gather(reloader(), *(visitor(s, random.Random(rng.random())) for s in sessions))
    steady_cpu = server.cpu_seconds() - cpu0
    elapsed = time.monotonic() - t0
    rss = server.rss_mb()
    await asyncio.sleep(1)
    cpu1 = server.cpu_seconds()
    results = await asyncio.gather(*(s.rerun(query_for(rng)) for s in sessions), return_exceptions=True)
    for r in results:
        if isinstance(r, BaseException):
            burst.disconnects += 1
            burst.runs.append(Run(False, 0, f"disconnect: {r!r}"))
        else:
            burst.runs.append(r)
    burst_cpu = server.cpu_seconds() - cpu1
    await asyncio.gather(*(s.close() for s in sessions), return_exceptions=True)
    st, bt = steady.times(), burst.times()
    return {
        "sessions": n, "seconds": round(elapsed, 1), "reruns": len(steady.runs),
        "p50_ms": round(pct(st, 50), 1), "p95_ms": round(pct(st, 95), 1), "p99_ms": round(pct(st, 99), 1),
        "errors": len(steady.errors()) + len(warm_errors), "disconnects": steady.disconnects + burst.disconnects,
        "error_examples": sorted(set(steady.errors() + warm_errors + burst.errors()))[:3],
        "cpu_ms_per_rerun": round(1000 * steady_cpu / max(1, len(steady.runs)), 1),
        "burst_p50_ms": round(pct(bt, 50), 1), "burst_p95_ms": round(pct(bt, 95), 1),
        "burst_errors": len(burst.errors()), "burst_cpu_ms_per_rerun": round(1000 * burst_cpu / max(1, n), 1),
        "rss_mb": round(rss, 1), "reloaded": reloaded.is_set(),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--offices", type=int, default=2000)
    ap.add_argument("--offers", type=int, default=5000)
    ap.add_argument("--content", type=Path, help="an existing content folder instead of generated demo data")
    ap.add_argument("--sessions", default="1,10,50,100,200")
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--interval", type=float, default=5.0, help="mean seconds between one visitor's searches")
    ap.add_argument("--reload", action="store_true", help="edit a content file in the middle of each portal phase")
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    counts = [int(x) for x in args.sessions.split(",")]

    with tempfile.TemporaryDirectory(prefix="lotse-load-") as tmp:
        work = Path(tmp)
        if args.content:
            site = work / "site"
            shutil.copytree(args.content, site)
        else:
            site = work / "site"
            subprocess.run([sys.executable, "-m", "lotse", "demo-data", "--offices", str(args.offices), "--offers",
                            str(args.offers), str(site)], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        bare = work / "bare.py"
        bare.write_text(BARE, encoding="utf-8")
        reload_file = next(iter(sorted((site / "content" / "directory").glob("*.yaml"))), None) if args.reload else None
        rows: list[dict[str, Any]] = []
        for n in counts:
            # One fresh server per target and size, the anchor first, then the portal.
            with serve("bare", bare, {}, cwd=work) as srv:  # Streamlit's defaults, not the portal's config
                row = asyncio.run(load(srv, n, args.seconds, args.interval, bare_rendered, args.seed,
                                       lambda r: {"lang": "de"}))
                rows.append({"target": "bare", **row})
                print(json.dumps(rows[-1]), flush=True)
            with serve("portal", ROOT / "serve.py", {"LOTSE_CONTENT": str(site)}) as srv:  # as `make run` starts it
                row = asyncio.run(load(srv, n, args.seconds, args.interval, results_rendered, args.seed,
                                       portal_query, reload_file))
                rows.append({"target": "portal", **row})
                print(json.dumps(rows[-1]), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
