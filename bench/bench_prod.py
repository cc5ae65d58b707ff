"""Replicas behind nginx, as `make prod REPLICAS=2` runs them: sessions, light pages, and a replica killed.

Run: .venv/bin/python -m bench.bench_prod [--offices 2000 --offers 5000] [--sessions 200] [--seconds 30]
     LOTSE_CONTENT=DIR .venv/bin/python -m bench.bench_prod      # an existing content folder instead

It starts `python -m lotse prod --replicas 2` (lotse/prod.py: nginx in front of two portal processes) on
`LOTSE_CONTENT`, or else on a generated demo directory (`python -m lotse demo-data --offices 2000 --offers
5000`), with its compiled versions in a temporary `LOTSE_STATE`, and measures through nginx:

a. the websocket load driver of bench/load.py: `--sessions` visitors, each with its own route cookie,
   searching about once every `--interval` s for `--seconds`, then all at once; p50/p95/p99, errors,
   disconnects, CPU per rerun and RSS of both replicas together; next to the same load on a bare
   Streamlit page (a title and a line, one plain `streamlit run`, no nginx), the anchor load.py uses;
b. wrk on light pages (a sample of the sitemap's pages in every language, and some searches), gzip,
   `--connections` connections: requests/s and p50/p95/p99 latency; next to one replica without nginx on
   the same pages, and to Streamlit's /_stcore/health through nginx;
c. the same wrk run while replica 1 is killed with SIGKILL a third into it (its pid from its own
   /healthz): failed requests (non-2xx/3xx status, socket errors, timeouts), and how long until the
   supervisor took it out and had it back.

Prints a table and writes bench/out/prod.json. Goals (issue 11): 200 sessions at one search per 5 s
p95 ≤ 300 ms with 0 errors; light pages ≥ 600 requests/s at p95 ≤ 50 ms; 0 failed light pages while a
replica is killed. Not a test.
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
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench.load import BARE, TICKS, bare_rendered, free_port, load, portal_query, results_rendered, serve

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "prod.json"
SEARCHES = ["/info/de/search?q=Beratung", "/info/en/search?q=recognition", "/info/ar/search?q=%D9%86%D8%B3%D8%A7%D8%A1",
            "/info/uk/search?q=%D0%B6%D0%B8%D1%82%D0%BB%D0%BE", "/info/tr/search?q=dan%C4%B1%C5%9Fmanl%C4%B1k"]
WRK_SCRIPT = """
local paths = {%s}
local i = math.random(#paths)
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i], {["Accept-Encoding"] = "gzip"})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests": %%d, "duration_us": %%d, "bytes": %%d, "connect": %%d, "read": %%d, '
    .. '"write": %%d, "status": %%d, "timeout": %%d, "p50_us": %%d, "p95_us": %%d, "p99_us": %%d, "max_us": %%d}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


def get(url: str, timeout: float = 300) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return bytes(response.read())


class Prod:
    """`python -m lotse prod` in a subprocess, with its status file."""

    def __init__(self, site: Path, state: Path, work: Path, replicas: int):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.status_file = work / "prod-status.json"
        self.log = work / "prod.log"
        env = {**os.environ, "LOTSE_STATE": str(state)}
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "lotse", "prod", "--port", str(self.port), "--replicas", str(replicas),
                 "--host", "127.0.0.1", "--content", str(site), "--status-file", str(self.status_file)],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        self.started = time.monotonic()

    def status(self) -> dict[str, Any]:
        try:
            return dict(json.loads(self.status_file.read_text()))
        except (OSError, ValueError):
            return {}

    def wait_ready(self, timeout: float = 900) -> float:
        deadline = time.monotonic() + timeout
        while not (self.status().get("ready") and all(r["in_rotation"] for r in self.status()["replicas"])):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"make prod did not start:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.2)
        return time.monotonic() - self.started

    def replica(self, name: str) -> dict[str, Any]:
        return next(r for r in self.status()["replicas"] if r["name"] == name)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # as Ctrl-C: the supervisor stops nginx and the replicas
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)

    # what bench.load.load() reads from its server: both replicas together

    def pids(self) -> list[int]:
        return [r["pid"] for r in self.status().get("replicas", []) if r["pid"]]

    def cpu_seconds(self) -> float:
        total = 0.0
        for pid in self.pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / TICKS
        return total

    def rss_mb(self) -> float:
        return sum(rss_mb(pid) for pid in self.pids())

    def nginx_cpu_seconds(self) -> float:
        """nginx's workers (the master does no request work)."""
        master = self.status().get("nginx_pid")
        total = 0.0
        for entry in Path("/proc").iterdir():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if entry.name.isdigit() and fields[1] == str(master):
                total += (int(fields[11]) + int(fields[12])) / TICKS
        return total

    def nginx_log(self, name: str) -> list[str]:
        try:
            return (Path(self.status()["folder"]) / name).read_text(errors="replace").splitlines()
        except (OSError, KeyError):
            return []

    def active_sessions(self) -> dict[str, int]:
        out = {}
        for r in self.status().get("replicas", []):
            try:
                text = get(f"http://127.0.0.1:{r['port']}/_stcore/metrics", timeout=5).decode()
                out[r["name"]] = int(re.search(r"^active_sessions (\d+)", text, re.M).group(1))  # type: ignore[union-attr]
            except (OSError, AttributeError):
                out[r["name"]] = -1
        return out


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def wrk(url: str, paths: list[str], seconds: float, connections: int, work: Path,
        during: Any = None, prod: Prod | None = None) -> dict[str, Any]:
    """wrk over `paths` (round robin from a random start per thread); `during()` runs while it does.
    With `prod`: the CPU time the replicas and nginx spent per request, and nginx's complaints."""
    script = work / "paths.lua"
    cpu0 = (prod.cpu_seconds(), prod.nginx_cpu_seconds()) if prod else (0.0, 0.0)
    logged = len(prod.nginx_log("error.log")) if prod else 0
    script.write_text(WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths), encoding="utf-8")
    proc = subprocess.Popen(["wrk", "-t2", f"-c{connections}", f"-d{int(seconds)}s", "--timeout", "10s", "-s",
                             str(script), url], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    extra = during() if during else {}
    out, _ = proc.communicate(timeout=seconds + 60)
    found = re.search(r"WRKJSON (\{.*\})", out)
    if not found:
        raise RuntimeError(f"wrk said:\n{out}")
    raw = json.loads(found.group(1))
    failed = raw["status"] + raw["connect"] + raw["read"] + raw["write"] + raw["timeout"]
    if prod:
        cpu = {"replicas_cpu_ms_per_request": round(1000 * (prod.cpu_seconds() - cpu0[0]) / max(1, raw["requests"]), 2),
               "nginx_cpu_ms_per_request": round(1000 * (prod.nginx_cpu_seconds() - cpu0[1]) / max(1, raw["requests"]),
                                                 3)}
        if during is None:  # a replica killed mid-run: its pid changed, the sum above is not comparable
            extra = {**cpu, **extra}
        errors = [line for line in prod.nginx_log("error.log")[logged:] if "[error]" in line or "[crit]" in line]
        extra["nginx_errors"] = len(errors)
        extra["nginx_error_examples"] = sorted({re.sub(r"^.*?\*\d+ ", "", e).split(", client")[0] for e in errors})[:4]
    return {"requests": raw["requests"], "requests_per_s": round(raw["requests"] / (raw["duration_us"] / 1e6)),
            "p50_ms": round(raw["p50_us"] / 1000, 1), "p95_ms": round(raw["p95_us"] / 1000, 1),
            "p99_ms": round(raw["p99_us"] / 1000, 1), "max_ms": round(raw["max_us"] / 1000, 1),
            "non_2xx_3xx": raw["status"], "socket_errors": raw["connect"] + raw["read"] + raw["write"],
            "timeouts": raw["timeout"], "failed": failed, "connections": connections, **extra}


def light_paths(prod: Prod, n: int = 200) -> list[str]:
    """A sample of every light page the sitemap lists (all kinds, all languages), and a few searches."""
    rng = random.Random(11)
    sitemap = get(f"{prod.url}/sitemap.xml").decode()
    locs = [re.sub(r"^https?://[^/]+", "", u) for u in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    if "<sitemapindex" in sitemap:  # a large directory: an index of sitemap files; read some of them
        locs = [loc for part in rng.sample(locs, min(6, len(locs)))
                for loc in re.findall(r"<loc>https?://[^/]+([^<]+)</loc>", get(prod.url + part).decode())]
    paths = sorted(set(locs))
    return rng.sample(paths, min(n, len(paths))) + SEARCHES


def kill_replica_during(prod: Prod, seconds: float) -> Any:
    """Kill replica 1 a third into the run; report when the supervisor noticed and had it healthy again."""

    def during() -> dict[str, Any]:
        time.sleep(seconds / 3)
        port = prod.replica("1")["port"]
        pid = json.loads(get(f"http://127.0.0.1:{port}/healthz", timeout=10))["pid"]
        killed = time.monotonic()
        os.kill(pid, signal.SIGKILL)
        noticed = healthy = None
        while time.monotonic() < killed + 300:
            r = prod.replica("1")
            if noticed is None and r["pid"] != pid:
                noticed = time.monotonic() - killed
            if r["pid"] not in (pid, None) and r["state"] == "healthy":
                healthy = time.monotonic() - killed
                break
            time.sleep(0.05)
        return {"killed_pid": pid, "killed_after_s": round(seconds / 3, 1),
                "noticed_after_s": None if noticed is None else round(noticed, 2),
                "healthy_again_after_s": None if healthy is None else round(healthy, 1),
                "in_nginx_meanwhile": prod.replica("1")["in_rotation"]}

    return during


def sessions_load(prod: Prod, n: int, seconds: float, interval: float) -> dict[str, Any]:
    peak: dict[str, int] = {}
    done = threading.Event()

    def watch() -> None:  # how the route cookies spread the sessions over the replicas
        while not done.wait(2):
            for name, count in prod.active_sessions().items():
                peak[name] = max(peak.get(name, 0), count)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        row = asyncio.run(load(prod, n, seconds, interval, results_rendered, 9, portal_query,  # type: ignore[arg-type]
                               headers=lambda i: {"Cookie": f"lotse_route=bench-visitor-{i}"}))
    finally:
        done.set()
        watcher.join()
    return {**row, "sessions_per_replica": peak}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--offices", type=int, default=2000)
    ap.add_argument("--offers", type=int, default=5000)
    ap.add_argument("--replicas", type=int, default=2)
    ap.add_argument("--sessions", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=30, help="steady phase of the session load")
    ap.add_argument("--interval", type=float, default=5.0, help="mean seconds between one visitor's searches")
    ap.add_argument("--wrk-seconds", type=float, default=10)
    ap.add_argument("--kill-seconds", type=float, default=20, help="the wrk run in which a replica is killed")
    ap.add_argument("--connections", type=int, default=8, help="wrk connections")
    ap.add_argument("--skip-anchor", action="store_true", help="no bare-page run (saves a minute)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    if not shutil.which("wrk"):
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return 1
    report: dict[str, Any] = {"date": dt.date.today().isoformat(), "replicas": args.replicas,
                              "load_average_at_start": [round(x, 2) for x in os.getloadavg()], "cores": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="lotse-bench-prod-") as tmp:
        work = Path(tmp)
        if os.environ.get("LOTSE_CONTENT"):
            site = Path(os.environ["LOTSE_CONTENT"]).resolve()
            report["content"] = str(site)
        else:
            site = work / "site"
            subprocess.run([sys.executable, "-m", "lotse", "demo-data", "--offices", str(args.offices), "--offers",
                            str(args.offers), str(site)], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
            report["content"] = f"demo-data --offices {args.offices} --offers {args.offers}"
        print("content:", report["content"], flush=True)
        prod = Prod(site, work / "state", work, args.replicas)
        try:
            report["ready_after_s"] = round(prod.wait_ready(), 1)
            print(f"make prod ready after {report['ready_after_s']} s (compiling the content included)", flush=True)
            paths = light_paths(prod)
            for path in paths[:20]:  # every replica's caches warm a little, as after a few visitors
                get(prod.url + path)

            report["sessions"] = sessions_load(prod, args.sessions, args.seconds, args.interval)
            report["sessions"]["rss_mb_per_replica"] = [round(rss_mb(p), 1) for p in prod.pids()]
            print("sessions through nginx", json.dumps(report["sessions"]), flush=True)

            report["light"] = wrk(prod.url, paths, args.wrk_seconds, args.connections, work, prod=prod)
            print("light pages through nginx", report["light"], flush=True)
            one = prod.replica("2")
            report["light_one_replica_direct"] = wrk(f"http://127.0.0.1:{one['port']}", paths, args.wrk_seconds,
                                                     args.connections, work)
            print("light pages, one replica without nginx", report["light_one_replica_direct"], flush=True)
            report["health_anchor"] = wrk(prod.url, ["/_stcore/health"], args.wrk_seconds, args.connections, work)
            print("anchor: /_stcore/health through nginx", report["health_anchor"], flush=True)

            prod.wait_ready()
            report["light_replica_killed"] = wrk(prod.url, paths, args.kill_seconds, args.connections, work,
                                                 during=kill_replica_during(prod, args.kill_seconds), prod=prod)
            print("light pages, replica 1 killed", report["light_replica_killed"], flush=True)
            report["supervisor_log"] = prod.log.read_text(errors="replace").splitlines()[-8:]
        finally:
            prod.stop()
        if not args.skip_anchor:
            bare = work / "bare.py"
            bare.write_text(BARE, encoding="utf-8")
            with serve("bare", bare, {}, cwd=work) as srv:
                report["sessions_bare_anchor"] = asyncio.run(load(srv, args.sessions, args.seconds, args.interval,
                                                                  bare_rendered, 9, lambda r: {"lang": "de"}))
            print("anchor: bare page, one process", json.dumps(report["sessions_bare_anchor"]), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    print_table(report)
    return 0


def print_table(r: dict[str, Any]) -> None:
    s, b = r["sessions"], r.get("sessions_bare_anchor")
    lines = [
        f"make prod, {r['replicas']} replicas, {r['content']}: ready after {r['ready_after_s']} s",
        "| what | measured | anchor in the same run | goal |",
        "| --- | --- | --- | --- |",
        f"| {s['sessions']} sessions, a search every ~5 s, p50 / p95 / p99 | {s['p50_ms']} / {s['p95_ms']} / {s['p99_ms']} ms, "
        f"{s['errors']} errors, {s['disconnects']} disconnects, {s['reruns']} reruns; sessions per replica "
        f"{s['sessions_per_replica']} | bare page, one process: "
        + (f"{b['p50_ms']} / {b['p95_ms']} / {b['p99_ms']} ms, {b['errors']} errors" if b else "–")
        + " | p95 ≤ 300 ms, 0 errors |",
        f"| same, burst (all at once) p95 | {s['burst_p95_ms']} ms, {s['burst_errors']} errors | "
        + (f"{b['burst_p95_ms']} ms" if b else "–") + " | – |",
        f"| CPU per rerun, RSS | {s['cpu_ms_per_rerun']} ms (both replicas), {s['rss_mb']} MB together | "
        + (f"{b['cpu_ms_per_rerun']} ms, {b['rss_mb']} MB" if b else "–") + " | – |",
    ]
    for key, label in (("light", "light pages through nginx"), ("light_replica_killed", "same, replica 1 killed")):
        w = r[key]
        lines.append(f"| {label} ({w['connections']} connections) | {w['requests_per_s']}/s, p50 {w['p50_ms']} / "
                     f"p95 {w['p95_ms']} / p99 {w['p99_ms']} ms, {w['failed']} failed of {w['requests']}"
                     + (f"; death noticed after {w['noticed_after_s']} s, restarted and healthy after "
                        f"{w['healthy_again_after_s']} s"
                        if "killed_pid" in w else
                        f"; CPU per page {w['replicas_cpu_ms_per_request']} ms replicas + "
                        f"{w['nginx_cpu_ms_per_request']} ms nginx")
                     + " | one replica without nginx: "
                     f"{r['light_one_replica_direct']['requests_per_s']}/s, p95 {r['light_one_replica_direct']['p95_ms']} ms; "
                     f"/_stcore/health via nginx {r['health_anchor']['requests_per_s']}/s"
                     + (" | ≥ 600/s, p95 ≤ 50 ms |" if key == "light" else " | 0 failed |"))
    print("\n".join(lines))


if __name__ == "__main__":
    raise SystemExit(main())
