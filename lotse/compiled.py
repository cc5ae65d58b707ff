"""The compiled content: a validated, indexed version on disk, opened by every portal process.

The editors' YAML is the only source of truth. One process validates and indexes
it (`python -m lotse compile`) and publishes the result into the state folder of
that content root (`lotse.store.state_dir`); every portal process, however many
replicas run, opens the published version instead of parsing YAML:

    versions/<key>.<n>/content.sqlite   offices and offers, one row each (pickled); the rest of the
                                        directory, the load report and the search index's small parts
    versions/<key>.<n>/<name>.npy       the search index's large arrays (postings), memory-mapped
    current -> versions/…               the version served (the latest good one)
    latest  -> versions/…               the latest attempt, which may have been rejected (its report)
    compile.lock                        held by the one process that compiles

Why this shape (2,000-office demo directory, measured 2026-12-03): as Python objects
the directory costs about 14 MB pickled and 0.8 s to unpickle, and at 20,000 offices
every replica would hold gigabytes and take many seconds to start. Here a process
keeps only the small parts (site, categories, guides, the index's vocabulary and
document list) as objects; offices and offers stay in SQLite until a page shows them
(a bounded cache keeps the ones in use), and the postings (about 10 bytes per word of
every text) are mapped from files the operating system shares between replicas
through its page cache. A version is published by writing a new folder and renaming a
symbolic link over `current` (atomic), so a reader sees the old version or the new
one, never half of one; readers that still use an old folder keep it open after it
is pruned (POSIX unlink semantics).
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import hashlib
import os
import pickle
import shutil
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar, overload

import numpy as np
from pydantic import PrivateAttr

from lotse import search
from lotse.content import LoadResult
from lotse.model import Directory, Offer, Office

FORMAT = 1
CURRENT, LATEST, LOCK, VERSIONS = "current", "latest", "compile.lock", "versions"
MAPPED_BYTES = 1 << 20        # index arrays at least this large are memory-mapped, not unpickled
ITEM_CACHE = 8192             # offices and offers kept as objects per process: all of a city, the pages in use of a country
KEEP_VERSIONS = 3

_SOURCES = ("compiled.py", "content.py", "filecache.py", "model.py", "source.py", "markup.py", "termbase.py",
            "search/__init__.py",
            "search/language.py")


def code_version() -> str:
    """A hash of the code that decides what a compiled version holds: a new release recompiles."""
    digest = hashlib.sha256(str(FORMAT).encode())
    here = Path(__file__).parent
    for name in _SOURCES:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:8]


CODE = code_version()


def key(fingerprint: str) -> str:
    """What a version folder is named after: the content files' fingerprint and the code."""
    return f"{fingerprint}-{CODE}"


# -- writing


_DIRECTORY_PARTS = tuple(name for name in Directory.model_fields if name not in ("offices", "offers"))


def write(result: LoadResult, index: search.Index | None, folder: Path) -> None:
    """Write one version into the new folder `folder`."""
    folder.mkdir(parents=True)
    db = sqlite3.connect(folder / "content.sqlite")
    try:
        db.executescript("""
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID;
            CREATE TABLE items (kind TEXT NOT NULL, id TEXT NOT NULL, data BLOB NOT NULL);
            CREATE TABLE offers_by (what TEXT NOT NULL, key TEXT NOT NULL, pos INTEGER NOT NULL,
                                    offer TEXT NOT NULL, PRIMARY KEY (what, key, pos)) WITHOUT ROWID;
        """)
        d = result.directory
        meta: dict[str, Any] = {"format": FORMAT, "key": key(result.version),
                                "result": dataclasses.replace(result, directory=None)}
        if d is not None and index is not None:
            meta["directory"] = {name: getattr(d, name) for name in _DIRECTORY_PARTS}
            meta["ids"] = {"office": [o.id for o in d.offices], "offer": [o.id for o in d.offers]}
            dump = pickle.dumps
            db.executemany("INSERT INTO items (kind, id, data) VALUES ('office', ?, ?)",
                           ((o.id, dump(o, pickle.HIGHEST_PROTOCOL)) for o in d.offices))
            db.executemany("INSERT INTO items (kind, id, data) VALUES ('offer', ?, ?)",
                           ((o.id, dump(o, pickle.HIGHEST_PROTOCOL)) for o in d.offers))
            db.execute("CREATE UNIQUE INDEX items_by_id ON items (kind, id)")
            rows = [("category", c.id, i, o.id) for c in d.categories for i, o in enumerate(d.offers_in(c.id))]
            rows += [("office", o.id, i, offer.id) for o in d.offices for i, offer in enumerate(d.offers_at(o.id))]
            db.executemany("INSERT INTO offers_by VALUES (?, ?, ?, ?)", rows)
            meta["index"] = _index_state(index, folder)
        db.executemany("INSERT INTO meta VALUES (?, ?)",
                       ((name, pickle.dumps(value, pickle.HIGHEST_PROTOCOL)) for name, value in meta.items()))
        db.commit()
    finally:
        db.close()


def _index_state(index: search.Index, folder: Path) -> dict[str, Any]:
    """The index without its directory; its large numeric arrays go to .npy files beside the database."""
    state = index.__getstate__()
    del state["directory"]
    mapped = []
    for name, value in list(state.items()):
        if isinstance(value, np.ndarray) and value.dtype != object and value.nbytes >= MAPPED_BYTES:
            np.save(folder / f"{name}.npy", value, allow_pickle=False)
            state[name] = None
            mapped.append(name)
    state["_mapped"] = mapped
    return state


def publish(state: Path, result: LoadResult, index: search.Index | None) -> Path:
    """Write a version and make it `latest` (and `current` when it is good); prune old versions."""
    versions = state / VERSIONS
    versions.mkdir(parents=True, exist_ok=True)
    tmp = versions / f".tmp-{os.getpid()}-{time.monotonic_ns()}"
    try:
        write(result, index, tmp)
        folder = versions / f"{key(result.version)}.{time.time_ns()}"
        tmp.rename(folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    _link(state / LATEST, folder)
    if result.ok:
        _link(state / CURRENT, folder)
    _prune(state)
    return folder


def _link(link: Path, folder: Path) -> None:
    tmp = link.with_name(f".{link.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(Path(VERSIONS) / folder.name)
    tmp.replace(link)                      # rename(2): readers see the old link or the new one


def _prune(state: Path) -> None:
    """Delete all but the newest versions; the ones linked are always kept (processes may still read
    an older one: its open files stay readable until they close them)."""
    keep = {linked(state, CURRENT), linked(state, LATEST)}
    folders = sorted((p for p in (state / VERSIONS).iterdir() if not p.name.startswith(".")),
                     key=lambda p: p.name.rsplit(".", 1)[-1], reverse=True)
    for old in folders[KEEP_VERSIONS:]:
        if old not in keep:
            shutil.rmtree(old, ignore_errors=True)


def linked(state: Path, name: str) -> Path | None:
    """The version folder `name` (`current` or `latest`) points to, if any."""
    try:
        target = os.readlink(state / name)
    except OSError:
        return None
    folder = state / target
    return folder if folder.is_dir() else None


def folder_key(folder: Path) -> str:
    return folder.name.rsplit(".", 1)[0]


@contextlib.contextmanager
def compiling(state: Path) -> Iterator[None]:
    """Hold the state folder's compile lock: replicas that notice a change at once compile it once."""
    state.mkdir(parents=True, exist_ok=True)
    with (state / LOCK).open("a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


# -- reading

T = TypeVar("T", Office, Offer)


class Shelf:
    """Offices and offers of one version, read from its database when asked for; the ones in use stay."""

    def __init__(self, path: Path):
        # immutable: the file never changes once published, so SQLite takes no locks and checks nothing
        self._db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        self._db.execute(f"PRAGMA mmap_size = {max(path.stat().st_size, 1 << 20)}")
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple[str, str], Any] = OrderedDict()

    def get(self, kind: str, id: str) -> Any:
        found = self.many(kind, [id])
        return found[0] if found else None

    def many(self, kind: str, ids: Sequence[str]) -> list[Any]:
        """The items with these ids, in this order; unknown ids are left out."""
        out: dict[str, Any] = {}
        with self._lock:
            missing = []
            for id in ids:
                item = self._cache.get((kind, id))
                if item is None:
                    missing.append(id)
                else:
                    self._cache.move_to_end((kind, id))
                    out[id] = item
            for start in range(0, len(missing), 500):
                chunk = missing[start:start + 500]
                marks = ",".join("?" * len(chunk))
                for id, data in self._db.execute(
                        f"SELECT id, data FROM items WHERE kind = ? AND id IN ({marks})", (kind, *chunk)):
                    out[id] = item = pickle.loads(data)
                    self._cache[kind, id] = item
            while len(self._cache) > ITEM_CACHE:
                self._cache.popitem(last=False)
        return [out[id] for id in ids if id in out]

    def offers_by(self, what: str, key: str) -> list[str]:
        with self._lock:
            rows = self._db.execute("SELECT offer FROM offers_by WHERE what = ? AND key = ? ORDER BY pos",
                                    (what, key)).fetchall()
        return [r[0] for r in rows]

    def meta(self, name: str) -> Any:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return None if row is None else pickle.loads(row[0])


class Items(Sequence[T], Generic[T]):
    """Offices or offers by id, read from the shelf as they are used (in chunks when iterated)."""

    def __init__(self, shelf: Shelf, kind: str, ids: Sequence[str]):
        self._shelf, self._kind, self.ids = shelf, kind, tuple(ids)

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, i: int) -> T: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[T, ...]: ...

    def __getitem__(self, i: int | slice) -> T | tuple[T, ...]:
        if isinstance(i, slice):
            return tuple(self._shelf.many(self._kind, self.ids[i]))
        item: T = self._shelf.get(self._kind, self.ids[i])
        return item

    def __iter__(self) -> Iterator[T]:
        for start in range(0, len(self.ids), 256):
            yield from self._shelf.many(self._kind, self.ids[start:start + 256])

    def __repr__(self) -> str:
        return f"Items({self._kind}, {len(self.ids)})"


class StoredDirectory(Directory):
    """A directory whose offices and offers stay in the compiled version until a page asks for them.

    Everything else (site, categories, target groups, organisations, guides, synonyms) is held as
    objects, as in `Directory`; lookups by id and the offers of a topic or an office are read
    from the database (indexed), never scanned.
    """

    _shelf: Shelf | None = PrivateAttr(default=None)
    looked_up: ClassVar[tuple[str, ...]] = ("categories", "target_groups", "organisations", "guides")

    @classmethod
    def open(cls, shelf: Shelf) -> StoredDirectory:
        parts = shelf.meta("directory")
        ids = shelf.meta("ids")
        # Lazy sequences where `Directory` has tuples: pages only index, slice, count and iterate them.
        lazy: dict[str, Any] = {"offices": Items(shelf, "office", ids["office"]),
                                "offers": Items(shelf, "offer", ids["offer"])}
        d = cls.model_construct(**parts, **lazy)
        d._shelf = shelf
        return d

    @property
    def shelf(self) -> Shelf:
        assert self._shelf is not None
        return self._shelf

    def office(self, id: str) -> Office | None:
        found: Office | None = self.shelf.get("office", id)
        return found

    def offer(self, id: str) -> Offer | None:
        found: Offer | None = self.shelf.get("offer", id)
        return found

    def offers_in(self, category_id: str) -> Sequence[Offer]:
        return Items(self.shelf, "offer", self.shelf.offers_by("category", category_id))

    def offers_at(self, office_id: str) -> list[Offer]:
        return list(Items(self.shelf, "offer", self.shelf.offers_by("office", office_id)))

    def ids(self, section: str) -> Sequence[str]:
        items = getattr(self, section)
        return items.ids if isinstance(items, Items) else super().ids(section)

    def warm(self) -> None:
        _ = self._by_id


def open_version(folder: Path) -> tuple[LoadResult, search.Index | None]:
    """A published version: its load report, and, when it is good, its directory and search index."""
    shelf = Shelf(folder / "content.sqlite")
    result: LoadResult = shelf.meta("result")
    state = shelf.meta("index")
    if state is None:
        return result, None
    directory = StoredDirectory.open(shelf)
    for name in state.pop("_mapped"):
        state[name] = np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False)
    state["directory"] = directory
    index = search.Index.__new__(search.Index)
    index.__setstate__(state)
    directory.warm()
    return dataclasses.replace(result, directory=directory), index
