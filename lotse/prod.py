"""Several portal processes behind nginx, on one machine: what `make prod PORT=8080 REPLICAS=2` runs.

    python -m lotse prod --port 8080 --replicas 2 [--host 127.0.0.1] [--content DIR]

A small supervisor, in the foreground:

- starts REPLICAS portal processes (`streamlit run serve.py` on free loopback ports, `LOTSE_REPLICA=<n>`,
  one shared cookie secret so any replica accepts what another signed);
- renders `deploy/nginx.conf.template` into a temporary folder (config, pid, logs and temp files all
  there; nothing under /etc) and runs `nginx -p TMP -c TMP/nginx.conf` on PORT in front of them;
- polls each replica's `/healthz` every second: a replica that fails it is marked `down` in the upstreams
  and nginx reloads; it goes back in once healthy. A dead replica is restarted (and left listed while it
  is, see `Supervisor._poll`: nginx passes the connections it refuses to the others without a reload);
- on Ctrl-C (SIGINT) or SIGTERM stops nginx and every replica, and removes the folder.

`--print-config` prints the site part of the same template for a system nginx instead (see deploy/).
Nothing here imports streamlit; the replicas are separate processes.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import jinja2

PROJECT = Path(__file__).resolve().parent.parent
TEMPLATE = PROJECT / "deploy" / "nginx.conf.template"
NGINX_CANDIDATES = ("nginx", "/usr/sbin/nginx", "/usr/local/sbin/nginx")
POLL_SECONDS = 1.0
HEALTH_TIMEOUT = 3.0
# A replica that answers /healthz with an error (503: no content) twice in a row is taken out. One that does
# not answer in time may be hung or only busy (a /healthz under 200 sessions on two shared cores took over
# 2 s): taking a busy replica out sends all new visitors to the others, so that takes this long.
FAILS_TO_DROP = 2
SILENT_SECONDS_TO_DROP = 10.0
START_GRACE = 30.0         # a restarted replica still listed in nginx is taken out when it is not healthy by then
START_TIMEOUT = 600.0      # a replica loads and validates its content before /healthz says ok; else restarted
QUICK_RESTART = 5.0        # a dead replica restarted within this stays listed in nginx (see Supervisor._poll)


# -- the nginx configuration


@dataclass(frozen=True)
class Upstream:
    name: str
    address: str           # host:port
    down: bool = False


def render(upstreams: Sequence[Upstream], listen: str, *, standalone: bool, prefix: Path | None = None,
           user: str | None = None, server_name: str = "", secure: bool = False,
           template: Path = TEMPLATE) -> str:
    """The nginx configuration: a whole nginx.conf (`standalone`, files under `prefix`) or the http-level part."""
    if standalone and prefix is None:
        raise ValueError("a standalone configuration needs a prefix folder")
    if not upstreams:
        raise ValueError("at least one replica")
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True, autoescape=False)
    # Every replica down means nginx answers 502 at once; better to let it try them all.
    marked = list(upstreams) if not all(u.down for u in upstreams) else [
        Upstream(u.name, u.address) for u in upstreams]
    return env.from_string(template.read_text(encoding="utf-8")).render(
        standalone=standalone, prefix=str(prefix) if prefix else "", user=user, listen=listen,
        server_name=server_name, secure=secure, replicas=marked)


def find_nginx() -> str | None:
    for candidate in NGINX_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:
    """In a child, before exec: get SIGTERM when the supervisor dies, however it dies (Linux)."""
    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _kill_group(proc: subprocess.Popen[bytes], sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, sig)


def _stop(proc: subprocess.Popen[bytes], timeout: float) -> None:
    """SIGTERM to the process group, then SIGKILL after `timeout`; reaps the process."""
    _kill_group(proc, signal.SIGTERM)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc, signal.SIGKILL)
        proc.wait(10)
    _kill_group(proc, signal.SIGKILL)  # whatever it left behind in its group


# -- replicas


@dataclass
class Replica:
    number: int
    port: int
    log_path: Path
    proc: subprocess.Popen[bytes] | None = None
    healthy: bool = False           # the last health check answered 200 with status ok
    seen_healthy: bool = False      # healthy at least once since this process started
    in_rotation: bool = False       # not marked down in nginx's upstreams
    failures: int = 0               # consecutive failed checks
    failing_since: float = 0.0      # when the first of them was made
    started_at: float = 0.0
    restarts: int = 0
    restart_at: float = 0.0         # when a dead replica is started again
    last_error: str = ""
    log: IO[bytes] | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return str(self.number)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self, env: dict[str, str]) -> None:
        command = [sys.executable, "-m", "streamlit", "run", str(PROJECT / "serve.py"),
                   "--server.port", str(self.port), "--server.address", "127.0.0.1",
                   "--server.headless", "true", "--server.fileWatcherType", "none",
                   "--browser.gatherUsageStats", "false"]
        if self.log is None:
            self.log = self.log_path.open("ab")
        self.log.write(f"\n== starting replica {self.name} on port {self.port}\n".encode())
        self.log.flush()
        self.proc = subprocess.Popen(command, cwd=PROJECT, env={**env, "LOTSE_REPLICA": self.name},
                                     stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True, preexec_fn=_die_with_parent)
        self.started_at = time.monotonic()
        self.healthy, self.seen_healthy, self.failures = False, False, 0

    @property
    def state(self) -> str:
        if self.proc is None:
            return "dead"
        if self.healthy:
            return "healthy"
        return "failing" if self.seen_healthy else "starting"

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None else None

    def exited(self) -> int | None:
        """The exit status once the process is gone, else None."""
        return self.proc.poll() if self.proc is not None else None

    def check(self) -> tuple[bool, str]:
        """Ask the replica's own /healthz (not through nginx)."""
        try:
            with urllib.request.urlopen(f"http://{self.address}/healthz", timeout=HEALTH_TIMEOUT) as response:
                body = json.loads(response.read())
                if response.status == 200 and body.get("status") == "ok":
                    return True, ""
                return False, f"healthz {response.status} {body.get('status')}"
        except urllib.error.HTTPError as exc:
            return False, f"healthz {exc.code}"
        except (OSError, ValueError) as exc:
            return False, f"healthz: {getattr(exc, 'reason', exc)}"

    def stop(self, timeout: float = 10) -> None:
        if self.proc is not None:
            _stop(self.proc, timeout)
        if self.log is not None:
            self.log.close()
            self.log = None

    def tail(self, lines: int = 20) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        return ""


# -- the supervisor


class Supervisor:
    """nginx in front of `replicas` portal processes, kept in step with their health; see the module doc."""

    def __init__(self, port: int, replicas: int, *, host: str = "", content: Path | None = None,
                 status_file: Path | None = None, restart: bool = True,
                 say: Callable[[str], None] = lambda line: print(line, flush=True)):
        if replicas < 1:
            raise ValueError("at least one replica")
        nginx = find_nginx()
        if nginx is None:
            raise FileNotFoundError("nginx is not installed: apt-get install nginx-light")
        self.nginx_bin = nginx
        self.port, self.host, self.restart, self.say = port, host, restart, say
        self.status_file = status_file
        self.stopping = threading.Event()
        self.dir = Path(tempfile.mkdtemp(prefix="lotse-prod-"))
        self.env = dict(os.environ)
        if content is not None:
            self.env["LOTSE_CONTENT"] = str(content.resolve())
        # Streamlit signs its XSRF token (and login cookies) with this secret: the same on every replica.
        self.env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_hex(32))
        self.replicas = [Replica(n, free_port(), self.dir / f"replica-{n}.log") for n in range(1, replicas + 1)]
        self.nginx: subprocess.Popen[bytes] | None = None
        self.nginx_log: IO[bytes] | None = None
        self.config = self.dir / "nginx.conf"
        self.user: str | None = None
        self.pool = ThreadPoolExecutor(max_workers=replicas, thread_name_prefix="healthz")
        self._prepare_folder()

    def _prepare_folder(self) -> None:
        temp = self.dir / "temp"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (temp / name).mkdir(parents=True)
        if os.geteuid() == 0:
            # nginx started as root runs its workers as an unprivileged user, who must reach the temp files.
            user = pwd.getpwnam("nobody")
            self.user = f"nobody {'nogroup' if _group_exists('nogroup') else user.pw_gid}"
            self.dir.chmod(0o711)
            for path in [temp, *temp.iterdir()]:
                os.chown(path, user.pw_uid, user.pw_gid)

    @property
    def listen(self) -> str:
        return f"{self.host}:{self.port}" if self.host else str(self.port)

    @property
    def url(self) -> str:
        return f"http://{self.host if self.host not in ('', '0.0.0.0') else '127.0.0.1'}:{self.port}"

    # -- nginx

    def _write_config(self) -> None:
        upstreams = [Upstream(r.name, r.address, down=not r.in_rotation) for r in self.replicas]
        text = render(upstreams, self.listen, standalone=True, prefix=self.dir, user=self.user)
        partial = self.config.with_suffix(".tmp")
        partial.write_text(text, encoding="utf-8")
        partial.replace(self.config)

    def _start_nginx(self) -> None:
        self._write_config()
        test = subprocess.run([self.nginx_bin, "-t", "-q", "-p", str(self.dir), "-c", str(self.config)],
                              capture_output=True, text=True)
        if test.returncode != 0:
            raise RuntimeError(f"nginx rejects the generated configuration {self.config}:\n{test.stderr}")
        self.nginx_log = (self.dir / "nginx.out").open("ab")
        self.nginx = subprocess.Popen(
            [self.nginx_bin, "-p", str(self.dir), "-c", str(self.config), "-g", "daemon off;"],
            stdin=subprocess.DEVNULL, stdout=self.nginx_log, stderr=subprocess.STDOUT, start_new_session=True,
            preexec_fn=_die_with_parent)
        deadline = time.monotonic() + 10
        while not _accepts(self.url):
            if self.nginx.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not start on port {self.port}:\n{self._nginx_errors()}")
            time.sleep(0.05)

    def _nginx_errors(self) -> str:
        text = ""
        for name in ("nginx.out", "error.log"):
            with contextlib.suppress(OSError):
                text += (self.dir / name).read_text(errors="replace")
        return "\n".join(text.splitlines()[-20:])

    def _reload_nginx(self) -> None:
        """Write the configuration and reload nginx; returns once its new workers took over (or after 5 s)."""
        self._write_config()
        if self.nginx is None or self.nginx.poll() is not None:
            return
        before = self._workers()
        os.kill(self.nginx.pid, signal.SIGHUP)  # what `nginx -s reload` sends: new workers, new upstreams
        deadline = time.monotonic() + 5
        while before and time.monotonic() < deadline:
            now = self._workers()
            if now and now.isdisjoint(before):
                return
            time.sleep(0.02)

    def _workers(self) -> set[int]:
        """nginx's workers that accept connections (not old ones finishing theirs after a reload)."""
        assert self.nginx is not None
        found = set()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) != self.nginx.pid:
                    continue
                title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except (OSError, ValueError, IndexError):
                continue
            if "worker process" in title and "shutting down" not in title:
                found.add(int(entry.name))
        return found

    # -- the loop

    def run(self) -> int:
        """Until SIGINT/SIGTERM (or `stop()`); returns the exit status."""
        self._install_signals()
        try:
            _port_is_free(self.host, self.port)
            for replica in self.replicas:
                replica.start(self.env)
            self.say(f"Starting {len(self.replicas)} replicas (logs in {self.dir})")
            self._write_status()
            announced = False
            started_at = time.monotonic()
            while not self.stopping.is_set():
                reload, changed = self._poll()
                if self.nginx is None and any(r.in_rotation for r in self.replicas):
                    self._start_nginx()
                    changed = True
                elif reload:
                    self._reload_nginx()
                if self.nginx is not None and self.nginx.poll() is not None:
                    self.say(f"nginx exited with {self.nginx.returncode}:\n{self._nginx_errors()}")
                    return 1
                if changed:
                    self._write_status()
                if not announced and all(r.in_rotation for r in self.replicas):
                    announced = True
                    self.say(f"Lotse is serving on {self.url} with {len(self.replicas)} replicas "
                             f"({time.monotonic() - started_at:.1f} s). Ctrl-C stops it.")
                    self._write_status()
                self.stopping.wait(POLL_SECONDS)
            return 0
        except (RuntimeError, OSError) as exc:
            self.say(f"error: {exc}")
            return 1
        finally:
            self.shutdown()

    def _poll(self) -> tuple[bool, bool]:
        """One round of health checks: (nginx's upstreams must change, the status changed).

        Which replicas nginx keeps `down` follows their health, with one exception that saves reloads:
        a replica whose process died and is restarted at once stays listed. Its port refuses connections,
        which nginx retries on another replica at no cost (and rests the server for `fail_timeout`), while
        every reload closes the idle keep-alive connections of nginx's old workers, and a client that
        does not retry (wrk, scripts) counts a request it sent just then as failed. A replica that runs
        but fails /healthz (hangs, lost its content) is marked down, since nginx would wait for it.
        """
        now = time.monotonic()
        running = [r for r in self.replicas if r.proc is not None and r.exited() is None]
        results = dict(zip([r.number for r in running], self.pool.map(Replica.check, running), strict=True))
        reload = status_changed = False
        for r in self.replicas:
            was, state = r.in_rotation, r.state
            if r.proc is None:  # waiting to be restarted
                if self.restart and not self.stopping.is_set() and now >= r.restart_at:
                    r.restarts += 1
                    r.start(self.env)
                    self.say(f"replica {r.name}: restarted (pid {r.pid}, restart {r.restarts})")
                    status_changed = True
                continue
            status = r.exited()
            if status is not None:
                ran = now - r.started_at
                r.last_error = f"process {status_text(status)}"
                _kill_group(r.proc, signal.SIGKILL)  # anything it started
                r.proc, r.healthy = None, False
                r.restart_at = now + (0.0 if ran > 30 else min(30.0, 2.0 ** min(r.restarts, 5)))
                quick = self.restart and r.restart_at - now <= QUICK_RESTART
                r.in_rotation = r.in_rotation and quick
                self.say(f"replica {r.name}: {r.last_error}; "
                         + ("nginx sends its requests to the others (connection refused) until it is back"
                            if r.in_rotation else "out of rotation")
                         + (f", restarting{' in %.0f s' % (r.restart_at - now) if r.restart_at > now else ''}"
                            if self.restart else "")
                         + (f"\n{r.tail()}" if status > 0 else ""))  # it crashed: show why
                reload |= r.in_rotation != was
                status_changed = True
                continue
            ok, why = results.get(r.number, (False, "not checked"))
            r.healthy = ok
            if ok:
                r.failures, r.last_error, r.seen_healthy = 0, "", True
                r.in_rotation = True
            else:
                r.failures += 1
                r.last_error = why
                if r.failures == 1:
                    r.failing_since = now
                if r.seen_healthy:
                    silent = "timed out" in why or "refused" in why.lower()
                    if (r.failures >= FAILS_TO_DROP and not silent) or now - r.failing_since >= SILENT_SECONDS_TO_DROP:
                        r.in_rotation = False
                elif now - r.started_at > START_TIMEOUT:
                    self.say(f"replica {r.name}: not healthy {START_TIMEOUT:.0f} s after start ({why}); restarting")
                    _stop(r.proc, 10)
                    r.proc, r.restart_at, r.in_rotation = None, now, False
                elif now - r.started_at > START_GRACE:
                    r.in_rotation = False  # a slow start: its visitors should not wait for it
            if r.in_rotation != was:
                self.say(f"replica {r.name} (port {r.port}, pid {r.pid}): "
                         + ("in rotation" if r.in_rotation else f"out of rotation ({r.last_error})"))
                reload = True
            elif r.state != state and r.state == "healthy":
                self.say(f"replica {r.name} (port {r.port}, pid {r.pid}): healthy")
            status_changed |= r.in_rotation != was or r.state != state
        return reload, status_changed

    def _write_status(self) -> None:
        if self.status_file is None:
            return
        status = {
            "url": self.url, "port": self.port, "folder": str(self.dir), "config": str(self.config),
            "nginx_pid": self.nginx.pid if self.nginx is not None and self.nginx.poll() is None else None,
            "ready": self.nginx is not None and all(r.in_rotation and r.healthy for r in self.replicas),
            "replicas": [{"name": r.name, "port": r.port, "pid": r.pid, "state": r.state, "healthy": r.healthy,
                          "in_rotation": r.in_rotation, "restarts": r.restarts, "last_error": r.last_error}
                         for r in self.replicas],
        }
        partial = self.status_file.with_name(self.status_file.name + ".tmp")
        partial.write_text(json.dumps(status, indent=1), encoding="utf-8")
        partial.replace(self.status_file)

    def _install_signals(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return

        def handler(signum: int, frame: Any) -> None:
            if not self.stopping.is_set():
                self.say(f"{signal.Signals(signum).name}: stopping nginx and the replicas")
            self.stopping.set()

        signal.signal(signal.SIGINT, handler)
        signal.signal(signal.SIGTERM, handler)

    def stop(self) -> None:
        self.stopping.set()

    def shutdown(self) -> None:
        """Stop nginx, then every replica (SIGTERM, SIGKILL after 10 s), and remove the folder."""
        self.stopping.set()
        if self.nginx is not None:
            _stop(self.nginx, 5)
        with ThreadPoolExecutor(max_workers=len(self.replicas)) as stopper:
            list(stopper.map(Replica.stop, self.replicas))
        self.pool.shutdown(wait=False, cancel_futures=True)
        if self.nginx_log is not None:
            self.nginx_log.close()
        if self.status_file is not None:
            with contextlib.suppress(OSError):
                self.status_file.unlink()
        shutil.rmtree(self.dir, ignore_errors=True)


def status_text(status: int) -> str:
    if status < 0:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(-status).name}"
    return f"exited with {status}"


def _group_exists(name: str) -> bool:
    import grp

    try:
        grp.getgrnam(name)
        return True
    except KeyError:
        return False


def _port_is_free(host: str, port: int) -> None:
    """Raise OSError, with a sentence, when nginx could not listen on `port`."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host or "0.0.0.0", port))
        except OSError as exc:
            raise OSError(f"port {port} is taken ({exc.strerror}): choose another with PORT=…") from None


def _accepts(url: str) -> bool:
    host, port = url.rsplit("/", 1)[-1].rsplit(":", 1)
    with contextlib.suppress(OSError), socket.create_connection((host, int(port)), timeout=1):
        return True
    return False


def main(port: int, replicas: int, host: str = "", content: Path | None = None, status_file: Path | None = None,
         restart: bool = True) -> int:
    try:
        supervisor = Supervisor(port, replicas, host=host, content=content, status_file=status_file, restart=restart)
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 1
    return supervisor.run()
