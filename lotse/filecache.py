"""Reading the content's YAML files: in a pool of processes, and once per content.

`content.load` reads `services.yaml` itself, since it names the site settings and
the files to include. Every further YAML file (the includes and the guides) is
read, validated and checked on its own by `content.read_file`: its result (the
items as models, their problems with `file:line`, the facts that the checks
across files need, its termbase warnings) depends on nothing but the file's
bytes, its name, the `content.Context` (the site settings the item checks use,
and the termbase) and the loader's code. So

- files are read by a pool of worker processes, one per core, when there is enough
  to read (a fork of this process when it runs no other thread, else fresh ones);
  the results are used in the order of the files, so the load reports exactly
  what a single process does;
- with a `cache` folder, each result is also kept there, as a pickle named by a
  hash of all it depends on (`key`), and an unchanged file is read from there
  instead of parsed and validated again. An entry is written under a temporary
  name and renamed, so a reader sees a whole entry or none; one that cannot be
  read or is not what its name says is ignored and rebuilt, never an error.
  Entries not used for `KEEP_DAYS` are removed. The folder must be private to
  whoever runs the loader (as the portal's state folder is): a pickle is trusted.

To find a file's entry, its bytes are hashed; `digests.json` remembers each
file's hash with its size, inode and change times, so that an unchanged file is
not even read. A change time is remembered only once it is a few seconds old,
so that a file rewritten within the same tick of the file system's clock still
shows as changed.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import functools
import gc
import hashlib
import importlib.metadata
import json
import logging
import multiprocessing
import os
import pickle
import sys
import threading
import time
from collections.abc import Generator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from lotse import source

if TYPE_CHECKING:
    from lotse.content import Context, FileResult

log = logging.getLogger("lotse.filecache")

Task = tuple[Path, str, str]  # the file, its name in problems, and its kind: "include" or "guide"

# Below this much YAML to read, starting processes costs more than it saves.
PARALLEL_BYTES = 1024 * 1024
KEEP_DAYS = 7
DIGESTS = "digests.json"
_SETTLED_NS = 3_000_000_000  # a change time this old is past the file system's clock tick
_MAGIC = b"lotse-file-result-1\n"
# The modules whose code decides a file's result, and the libraries they lean on.
_CODE = ("content", "filecache", "markup", "model", "problems", "source", "termbase")
_LIBRARIES = ("pydantic", "pydantic-core", "PyYAML", "babel", "markdown-it-py")


@functools.cache
def code_version() -> str:
    """A hash of the loader's own source and the versions of the libraries it uses."""
    digest = hashlib.blake2b(digest_size=20)
    here = Path(__file__).resolve().parent
    for module in _CODE:
        digest.update(module.encode() + b"\0" + (here / f"{module}.py").read_bytes() + b"\0")
    for library in _LIBRARIES:
        try:
            version = importlib.metadata.version(library)
        except importlib.metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{library}={version}\0".encode())
    digest.update(f"{sys.version}\0{pickle.HIGHEST_PROTOCOL}".encode())
    return digest.hexdigest()


def content_digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=20).hexdigest()


def key(digest: str, name: str, kind: str, context: Context) -> str:
    """The name of a file's entry: a hash of everything its result depends on."""
    return hashlib.blake2b(f"{code_version()}\0{kind}\0{name}\0{context.key()}\0{digest}".encode(),
                           digest_size=20).hexdigest()


def _raw(path: Path) -> bytes | None:
    """The file's bytes, or None when `source.read` reports it without reading it (missing, too large)."""
    try:
        if path.stat().st_size > source.MAX_BYTES:
            return None
        return path.read_bytes()
    except OSError:
        return None


class _Digests:
    """Content hashes of files by their path, kept while size, inode and change times are the same."""

    def __init__(self, cache: Path):
        self.path = cache / DIGESTS
        self.known: dict[str, list[int | str]] = {}
        self.now: dict[str, list[int | str]] = {}
        try:
            known = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(known, dict):
                self.known = known
        except (OSError, ValueError):
            pass

    def digest(self, path: Path) -> str | None:
        """The hash of the file's bytes; None when it cannot be read (`source.read` reports why)."""
        try:
            st = path.stat()
        except OSError:
            return None
        if st.st_size > source.MAX_BYTES:
            return None
        name = str(path.resolve())
        stamp: list[int | str] = [st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns]
        known = self.known.get(name)
        if isinstance(known, list) and known[:-1] == stamp and isinstance(known[-1], str):
            self.now[name] = known
            return known[-1]
        raw = _raw(path)
        if raw is None:
            return None
        digest = content_digest(raw)
        if st.st_ctime_ns < time.time_ns() - _SETTLED_NS and st.st_mtime_ns < time.time_ns() - _SETTLED_NS:
            self.now[name] = [*stamp, digest]
        return digest

    def save(self) -> None:
        """Keep what this load found, and what other loads (other folders) found for files that still exist."""
        kept = {**{name: stamp for name, stamp in self.known.items() if os.path.exists(name)}, **self.now}
        if kept != self.known:
            _write(self.path, json.dumps(kept).encode())


def _entry(cache: Path, name: str) -> Path:
    return cache / f"{name}.pickle"


def load_entry(cache: Path, name: str) -> FileResult | None:
    """The cached result named `name`, or None if there is none or it cannot be trusted to be whole."""
    from lotse.content import FileResult

    path = _entry(cache, name)
    try:
        with path.open("rb") as f:
            if f.read(len(_MAGIC)) != _MAGIC or f.read(len(name) + 1) != name.encode() + b"\n":
                return None
            result = pickle.load(f)
        with contextlib.suppress(OSError):  # a read-only cache still serves
            os.utime(path)  # used now: kept for another KEEP_DAYS
    except FileNotFoundError:
        return None
    except Exception as exc:  # a torn, truncated or foreign file: read the YAML instead
        log.warning("ignoring the unreadable cache entry %s (%s)", path, type(exc).__name__)
        return None
    return result if isinstance(result, FileResult) else None


def _write(path: Path, data: bytes) -> None:
    """Write a file atomically (a temporary name, then a rename); a failure only costs time next load."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("cannot write the cache file %s: %s", path, exc)
        with contextlib.suppress(OSError):
            tmp.unlink()


def store_entry(cache: Path, name: str, data: bytes) -> None:
    _write(_entry(cache, name), _MAGIC + name.encode() + b"\n" + data)


def prune(cache: Path, keep_days: float = KEEP_DAYS) -> None:
    """Remove the entries (and temporary files left by a killed writer) not used for `keep_days`."""
    limit = time.time() - keep_days * 86400
    try:
        for path in cache.iterdir():
            if path.suffix in (".pickle", ".tmp") and path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
    except OSError:
        pass


def compute(task: Task, context: Context, cache: Path | None) -> tuple[FileResult, bytes | None]:
    """Read one file; with a cache, store its result. Returns the result, and it pickled when it was."""
    from lotse.content import read_file

    path, name, kind = task
    raw = _raw(path)
    result = read_file(path, name, kind, context, raw)
    if cache is None or raw is None:
        return result, None
    data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    store_entry(cache, key(content_digest(raw), name, kind, context), data)
    return result, data


def _work(task: Task, context: Context, cache: Path | None) -> bytes | None:
    """One file in a worker process: its result goes back pickled (once, when it is also cached).

    None when reading it raised: the loader then reads it itself, so that the error is raised
    there, as it is and in its turn.
    """
    gc.disable()  # see `content._collector_paused`; a worker lives for one load
    try:
        result, data = compute(task, context, cache)
    except Exception:
        return None
    return data if data is not None else pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)


def _start_method() -> multiprocessing.context.BaseContext:
    # A fork is instant and inherits what this process imported; forking a process that runs
    # other threads can deadlock the child on a lock one of them held, so those start afresh.
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def read_all(tasks: Sequence[Task], context: Context, cache: Path | None = None,
             workers: int | None = None) -> Generator[FileResult, None, None]:
    """Each file's result, in the order of `tasks`: from the cache where it holds it, else read.

    `workers`: how many processes may read the files not cached; None: one per core when there
    are at least `PARALLEL_BYTES` to read, else this process alone. While workers read, this
    process reads the cached results (so even one edited file is read beside them). Should reading
    a file raise (a bug), it raises here when its turn comes, as reading the files one by one would.
    """
    names: list[str | None] = [None] * len(tasks)  # the cache entry each file has, if any
    digests = _Digests(cache) if cache is not None else None
    if cache is not None and digests is not None:
        for i, (path, name, kind) in enumerate(tasks):
            digest = digests.digest(path)
            if digest is not None:
                names[i] = key(digest, name, kind, context)
    todo = [i for i, entry in enumerate(names) if cache is None or entry is None or not _entry(cache, entry).exists()]
    if workers is None:
        enough = sum(_size(tasks[i][0]) for i in todo) >= PARALLEL_BYTES
        workers = (os.cpu_count() or 1) if enough else 1
    size = min(workers, len(todo))
    pool = None
    futures: dict[int, concurrent.futures.Future[bytes | None]] = {}
    if size > 1 or (size == 1 and workers > 1 and len(todo) < len(tasks)):
        pool = concurrent.futures.ProcessPoolExecutor(max_workers=size, mp_context=_start_method())
        # Largest files first, so that no worker is left with a big one at the end.
        for i in sorted(todo, key=lambda i: -_size(tasks[i][0])):
            futures[i] = pool.submit(_work, tasks[i], context, cache)
    try:
        cached = [load_entry(cache, entry) if cache is not None and entry is not None and i not in futures else None
                  for i, entry in enumerate(names)]
        for i, task in enumerate(tasks):
            result = cached[i]
            if result is None and i in futures:
                data = futures[i].result()
                result = pickle.loads(data) if data is not None else None
            if result is None:  # not cached, read here (or a worker failed: fail here, the same way)
                result = compute(task, context, cache)[0]
            yield result
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    if cache is not None and digests is not None:
        digests.save()
        prune(cache)
