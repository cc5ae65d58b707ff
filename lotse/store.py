"""The live content: re-read when files change, and the last good version kept.

One `ContentStore` serves every session of the portal. It checks the content
files' fingerprint at most once per `interval` seconds; when they changed it
loads them again. A version with errors is rejected: visitors keep getting the
last good directory, and the editor page shows the report of the rejected one.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lotse import content
from lotse.content import LoadResult

_log = logging.getLogger("lotse.store")


@dataclass(frozen=True)
class Snapshot:
    """What the portal serves now, and what the latest attempt to load found."""

    good: LoadResult | None
    latest: LoadResult
    good_loaded_at: dt.datetime | None
    latest_loaded_at: dt.datetime

    @property
    def serving_latest(self) -> bool:
        return self.good is not None and self.good.version == self.latest.version


class ContentStore:
    def __init__(
        self,
        root: Path,
        interval: float = 1.0,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ):
        self.root = Path(root)
        self.interval = interval
        self.clock = clock
        self._lock = threading.Lock()
        self._checked = 0.0
        self._snapshot: Snapshot | None = None

    def current(self) -> Snapshot:
        """The snapshot to serve; reloads first if the files changed.

        While one thread reloads (a large region takes seconds), every other
        caller gets the snapshot being served instead of waiting for it.
        """
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
            try:
                version = content.content_version(self.root)
                if snap is not None and version == snap.latest.version:
                    return snap
                result = content.load(self.root)
            except Exception as exc:  # the live portal keeps serving, whatever went wrong
                _log.exception("reloading the content in %s failed", self.root)
                result = content.rejected(self.root, exc)
            stamp = self.clock()
            if result.ok:
                snap = Snapshot(result, result, stamp, stamp)
            else:
                good = snap.good if snap else None
                snap = Snapshot(good, result, snap.good_loaded_at if snap else None, stamp)
            self._snapshot = snap
            return snap
        finally:
            self._lock.release()
