"""The portal in a real browser: start `streamlit run app.py` on a free port, drive Chromium.

Importable helpers (`serve`, `chromium`, `wait_for_app`) and pytest fixtures
(`portal_server`, `browser`) for the browser tier. Import the fixtures into a
test module to use them:

    from portal_server import browser, portal_server  # noqa: F401  (fixtures)

Chromium is Debian's (/usr/bin/chromium). Where it is missing the browser
tests skip, unless LOTSE_REQUIRE_BROWSER is set (CI sets it): then they fail.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
# Streamlit's own states: the websocket is connected and no script run is going on.
APP_IDLE = ("[data-testid='stApp'][data-test-connection-state='CONNECTED']"
            "[data-test-script-state='notRunning']")
SHOTS = ROOT / "bench" / "out" / "screenshots"


@dataclass(frozen=True)
class Portal:
    url: str          # http://127.0.0.1:PORT
    port: int
    log: Path         # the server's output, for failure messages

    def page_url(self, path: str = "", **query: str) -> str:
        from urllib.parse import urlencode

        return f"{self.url}/{path}" + (f"?{urlencode(query)}" if query else "")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


@contextmanager
def serve(content: Path | None, log_dir: Path, timeout: float = 90) -> Iterator[Portal]:
    """Run the portal on `content` (None: the shipped content) until the block ends."""
    port = free_port()
    env = dict(os.environ)
    if content is None:
        env.pop("LOTSE_CONTENT", None)
    else:
        env["LOTSE_CONTENT"] = str(content)
    log = log_dir / f"streamlit-{port}.log"
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "serve.py"),
               "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
               "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while not _healthy(url):
            if process.poll() is not None:
                raise RuntimeError(f"the portal exited with {process.returncode}:\n{log.read_text()[-3000:]}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"the portal did not answer /_stcore/health in {timeout:.0f} s:\n"
                                   f"{log.read_text()[-3000:]}")
            time.sleep(0.25)
        yield Portal(url, port, log)
    finally:
        # Only the process group this helper started.
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def require_chromium() -> Path:
    """Chromium's path; skips the test without it, or fails when LOTSE_REQUIRE_BROWSER is set."""
    if CHROMIUM.exists():
        return CHROMIUM
    message = f"Chromium is not installed at {CHROMIUM}: install it with `apt-get install chromium`"
    if os.environ.get("LOTSE_REQUIRE_BROWSER"):
        pytest.fail(message + " (LOTSE_REQUIRE_BROWSER is set, so this is a failure, not a skip)")
    pytest.skip(message + "; set LOTSE_REQUIRE_BROWSER=1 to make this a failure")


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium (Playwright `Browser`)."""
    path = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(path), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def wait_for_app(page: Any, timeout: float = 60_000) -> None:
    """Wait until the page is connected to the portal, its script has run, and nothing is stale.

    Streamlit marks the elements of the previous run `data-stale` while a new run
    has not replaced them yet; a test looks at the page only after that.
    """
    page.wait_for_selector(APP_IDLE, timeout=timeout)
    page.wait_for_function("!document.querySelector('[data-stale=\"true\"]')", timeout=timeout)


def screenshot_on_failure(request: pytest.FixtureRequest, page: Any) -> None:
    """After a failed test, keep a full-page screenshot for debugging (bench/out/screenshots/)."""
    report = getattr(request.node, "rep_call", None)
    if report is None or not report.failed:
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    name = "".join(c if c.isalnum() or c in "-_" else "_" for c in request.node.name)
    with suppress(Exception):  # the page may be gone with the failure; the failure is what matters
        page.screenshot(path=str(SHOTS / f"FAILED-{name}.png"), full_page=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium for a test module."""
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def portal_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[Path | None], Portal]]:
    """Start the portal on a content folder: `portal = portal_server(root)`; stopped after the module."""
    require_chromium()  # a server without a browser to drive it is no use
    with _servers(tmp_path_factory.mktemp("portal-logs")) as start:
        yield start


@contextmanager
def _servers(log_dir: Path) -> Iterator[Callable[[Path | None], Portal]]:
    with ExitStack() as stack:
        yield lambda content: stack.enter_context(serve(content, log_dir))
