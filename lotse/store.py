"""The live content: re-read when files change, and the last good version kept.

One `ContentStore` serves every session of the portal. It checks the content
files' fingerprint at most once per `interval` seconds; when they changed it
builds a new version: the content loaded and validated, and its search index.
A version with errors is rejected: visitors keep getting the last good one, and
the editor page shows the report of the rejected one.

A published version is immutable, and that is what keeps the portal fast under
load. Streamlit runs a full garbage collection after every script run
(`runner.postScriptGC`), and Python's collector walks every container object it
tracks: for the 2,000-office demo directory that is about 290,000 objects and
about 270 ms of CPU per rerun, for every visitor. Nothing in a published version
can ever become garbage while it is served, so after publishing, the store moves
every object alive at that moment into the collector's permanent generation
(`gc.freeze()`): reruns then only walk what the session itself made. On the next
publication the permanent generation is released and collected once
(`gc.unfreeze()`, `gc.collect()`), which frees any cycles of the version just
replaced, and frozen again; that costs one collection per content change instead
of one per click.

With `isolate=True` (the portal) a version is compiled in a child process
(`python -m lotse compile`) and published into the content root's state folder
(`state_dir`, see lotse.compiled); the portal opens the published version. The
parsing and indexing peak (several hundred MB at 2,000 offices, which the
allocator never returns to the system) stays in the child, the served process
holds only a small part of the content as objects (offices and offers stay on
disk until a page shows them), and the reload does not hold the server's
interpreter lock while visitors are being served. Every replica of the portal
opens the same published version; when the files change, the first replica to
notice compiles them (under a file lock) and the others open its result.
"""

from __future__ import annotations

import ctypes
import dataclasses
import datetime as dt
import gc
import hashlib
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lotse import compiled, content, search
from lotse.content import LoadResult

log = logging.getLogger("lotse.store")

PROJECT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Version:
    """One attempt to build the content: the load result, and its search index when it is good."""

    result: LoadResult
    index: search.Index | None


def build(root: Path, cache: Path | None = None) -> Version:
    """Load, validate and index the content under `root` in this process (files unchanged since they were
    last validated into the folder `cache` are not read again, lotse.filecache)."""
    result = content.load(root, cache=cache)
    index = None
    if result.directory is not None:
        result.directory.warm()
        index = search.build(result.directory)
    return Version(result, index)


def state_dir(root: Path) -> Path:
    """Where the compiled versions of the content under `root` are published (never committed):
    `LOTSE_STATE` (or the project's `.lotse/`), then one folder per content root."""
    base = Path(os.environ.get("LOTSE_STATE") or PROJECT / ".lotse")
    return base / hashlib.sha256(str(Path(root).resolve()).encode()).hexdigest()[:12]


def compile_into(root: Path, state: Path | None = None) -> tuple[Version, Path]:
    """Build a version in this process and publish it into the state folder (lotse.compiled)."""
    state = state or state_dir(root)
    version = build(root, cache=state / "files")
    folder = compiled.publish(state, version.result, version.index)
    return version, folder


def build_isolated(root: Path, timeout: float = 600, state: Path | None = None) -> Version:
    """The published version of the files as they are now; compiled first when none matches them.

    Compiling runs in a child process, this project's own CLI (`python -m lotse compile`), and
    one process at a time (a file lock): replicas that notice the same change wait for the one
    compiling it and open its result. Should the child fail (killed for memory, a crash), the
    version is rejected with a message, never raised: the portal keeps serving the last good one.
    """
    root = Path(root).resolve()
    state = state or state_dir(root)
    wanted = compiled.key(content.content_version(root))
    latest = compiled.linked(state, compiled.LATEST)
    if latest is None or compiled.folder_key(latest) != wanted:
        with compiled.compiling(state):
            latest = compiled.linked(state, compiled.LATEST)
            if latest is None or compiled.folder_key(latest) != wanted:
                why = _compile_in_child(root, state, timeout)
                latest = compiled.linked(state, compiled.LATEST)
                if why is not None or latest is None or compiled.folder_key(latest) != wanted:
                    return _failed(root, why or "the loader process published nothing")
    try:
        result, index = compiled.open_version(latest)
    except Exception as exc:  # a damaged state folder: the files are compiled again at the next change
        log.exception("opening the compiled version %s failed", latest)
        return _failed(root, repr(exc))
    return Version(result, index)


def _compile_in_child(root: Path, state: Path, timeout: float) -> str | None:
    """Run `python -m lotse compile`; None when it published, else why not."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")]))}
    try:
        proc = subprocess.run([sys.executable, "-m", "lotse", "compile", str(root), "--state", str(state)],
                              cwd=PROJECT, env=env, capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.SubprocessError) as exc:
        return repr(exc)
    if proc.returncode in (0, 1):
        return None
    return (proc.stderr.strip().splitlines() or [f"exit status {proc.returncode}"])[-1]


def _failed(root: Path, why: str) -> Version:
    log.error("building a content version failed: %s", why)
    failed = content.rejected(root, RuntimeError(f"the loader process failed: {why}"))
    return Version(dataclasses.replace(failed, version=content.content_version(root)), None)


def last_published(root: Path) -> Version | None:
    """The last good version published for `root` (by any process, before a restart too), if any."""
    folder = compiled.linked(state_dir(root), compiled.CURRENT)
    if folder is None:
        return None
    try:
        result, index = compiled.open_version(folder)
    except Exception:
        log.exception("opening the last good version %s failed", folder)
        return None
    return Version(result, index) if result.ok else None


def settle() -> None:
    """Release the previous version to the collector once, then freeze everything now alive (see module doc).

    The memory the previous version held goes back to the system (`malloc_trim`): its long texts were
    allocated by C's malloc, which otherwise keeps the freed pages, and a reload would grow the process.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    _trim()


def hold_freed_memory() -> None:
    """Let this process keep the memory it frees for its next allocations (a compile, see below).

    Building a version allocates and frees arrays and strings of hundreds of megabytes, one after the
    other. glibc gives each block that large back to the system when it is freed (munmap, and a trim of
    the heap's top), so every page of the next one is a fresh page the kernel must zero first; on the
    virtual machines the portal is measured on, a fresh page costs several microseconds (perf: two thirds
    of the index build at 20,000 offices was `clear_page`). `python -m lotse compile` runs in a process
    of its own that exits when the version is published, so what it keeps is never kept long; the
    portal's processes keep the default (and `settle` trims them).
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc: its defaults stay
        return
    for option in (_M_MMAP_THRESHOLD, _M_TRIM_THRESHOLD):
        libc.mallopt(option, ctypes.c_int(2**31 - 1))


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # mallopt's options (malloc.h)


def _trim() -> None:
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to give back this way
        pass


@dataclass(frozen=True)
class Snapshot:
    """What the portal serves now, and what the latest attempt to load found."""

    good: LoadResult | None
    latest: LoadResult
    good_loaded_at: dt.datetime | None
    latest_loaded_at: dt.datetime
    index: search.Index | None = None  # the search index of `good`

    @property
    def serving_latest(self) -> bool:
        return self.good is not None and self.good.version == self.latest.version


def content_root() -> Path:
    """The content folder served: `LOTSE_CONTENT` when set, else the project itself."""
    return Path(os.environ.get("LOTSE_CONTENT", str(PROJECT)))


_shared: dict[str, ContentStore] = {}
_shared_lock = threading.Lock()


def shared(root: Path | None = None) -> ContentStore:
    """The one store of this process for `root`, used by the Streamlit pages and the light pages alike.

    Versions are built in a child process and frozen for the garbage collector (see above).
    """
    key = str(root or content_root())
    with _shared_lock:
        if key not in _shared:
            _shared[key] = ContentStore(Path(key), isolate=True, freeze=True, background=True)
        return _shared[key]


class ContentStore:
    def __init__(
        self,
        root: Path,
        interval: float = 1.0,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
        isolate: bool = False,
        freeze: bool = False,
        background: bool = False,
    ):
        """`isolate`: build versions in a child process; `freeze`: freeze each published version;
        `background`: once a version is served, check and rebuild in a thread of its own, so that
        no visitor's request waits for a reload (the portal uses all three)."""
        self.root = Path(root)
        self.interval = interval
        self.clock = clock
        self.isolate = isolate
        self.freeze = freeze
        self.background = background
        self._lock = threading.Lock()
        self._checked = 0.0
        self._snapshot: Snapshot | None = None

    def peek(self) -> Snapshot | None:
        """The snapshot being served, never waiting (for an event loop): a due check runs in a thread.

        None before the first version was built; call `current` (in a worker thread) then.
        """
        snap = self._snapshot
        if snap is not None and time.monotonic() - self._checked >= self.interval and not self._lock.locked():
            threading.Thread(target=self._refresh, name="lotse-reload", daemon=True).start()
        return snap

    def current(self) -> Snapshot:
        """The snapshot to serve; reloads first if the files changed (in the background, see `background`).

        While one thread reloads (a large region takes seconds), every other
        caller gets the snapshot being served instead of waiting for it.
        """
        snap = self.peek() if self.background else None
        return snap if snap is not None else self._refresh()

    def _refresh(self) -> Snapshot:
        now = time.monotonic()
        snap = self._snapshot
        if snap is not None and now - self._checked < self.interval:
            return snap
        if not self._lock.acquire(blocking=snap is None):
            assert snap is not None
            return snap
        try:
            self._checked = time.monotonic()
            snap = self._snapshot
            fingerprint = content.content_version(self.root)
            if snap is not None and fingerprint == snap.latest.version:
                return snap
            try:
                version = build_isolated(self.root) if self.isolate else build(self.root)
            except Exception as exc:  # the live portal keeps serving, whatever went wrong
                log.exception("reloading the content in %s failed", self.root)
                # Keyed by the files' fingerprint, so the same files are not tried again every second.
                version = Version(dataclasses.replace(content.rejected(self.root, exc), version=fingerprint), None)
            result, stamp = version.result, self.clock()
            if result.ok:
                new = Snapshot(result, result, stamp, stamp, version.index)
            elif snap is None and self.isolate and (last := last_published(self.root)) is not None:
                # A process started while the files have errors serves what was last published good.
                new = Snapshot(last.result, result, stamp, stamp, last.index)
            else:
                new = Snapshot(snap.good if snap else None, result, snap.good_loaded_at if snap else None, stamp,
                               snap.index if snap else None)
            self._snapshot = new
            published = snap is None or new.good is not snap.good
            del snap, version, result
            if self.freeze and published:
                settle()
            return new
        finally:
            self._lock.release()
