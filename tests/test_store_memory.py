"""A published content version costs the garbage collector nothing, and a reload keeps no second copy.

Streamlit collects garbage after every script run; a version the collector still
tracks made every visitor's click walk the whole directory (issue 9: 266 ms per
rerun at 2,000 offices). These tests count what the collector sees instead of
timing anything, so the cliff cannot come back unnoticed.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SERVICES

from lotse import store as store_module
from lotse.store import ContentStore


def touch_later(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


@pytest.fixture(autouse=True)
def _unfrozen() -> Iterator[None]:
    """Freezing is process-wide: give the rest of the test session back a normal collector."""
    yield
    gc.unfreeze()


def _tracked_ids() -> set[int]:
    return {id(o) for o in gc.get_objects()}


def test_a_published_version_leaves_nothing_for_the_collector(content_dir: Path) -> None:
    snap = ContentStore(content_dir, interval=0, freeze=True).current()
    assert snap.good is not None and snap.good.directory is not None and snap.index is not None
    directory = snap.good.directory
    parts = [directory, *directory.offers, *directory.offices, *directory.organisations, snap.index,
             snap.good, snap.good.problems, *(o.title for o in directory.offers)]
    tracked = _tracked_ids()
    walked = [type(p).__name__ for p in parts if id(p) in tracked]
    assert walked == [], f"the collector still walks {walked}"
    assert gc.get_freeze_count() > 1000


def test_without_freezing_the_collector_walks_the_content(content_dir: Path) -> None:
    """The guard above can fail: the same version, not frozen, is walked on every collection."""
    snap = ContentStore(content_dir, interval=0, freeze=False).current()
    assert snap.good is not None and snap.good.directory is not None
    assert id(snap.good.directory) in _tracked_ids()


def test_a_reload_frees_the_old_version_and_freezes_the_new_one(content_dir: Path) -> None:
    store = ContentStore(content_dir, interval=0, freeze=True)
    first = store.current()
    assert first.good is not None and first.good.directory is not None
    old = weakref.ref(first.good.directory)
    old_index = weakref.ref(first.index)  # type: ignore[arg-type]
    del first
    services = content_dir / "services.yaml"
    services.write_text(SERVICES.replace("Beratung", "Neue Beratung"), encoding="utf-8")
    touch_later(services)
    second = store.current()
    assert second.good is not None and second.good.directory is not None
    assert second.good.directory.offers[0].title["de"] == "Neue Beratung"
    assert old() is None and old_index() is None  # no second copy kept alive
    assert id(second.good.directory) not in _tracked_ids()


def test_a_rejected_version_keeps_the_frozen_good_one(content_dir: Path) -> None:
    store = ContentStore(content_dir, interval=0, freeze=True)
    first = store.current()
    services = content_dir / "services.yaml"
    services.write_text(SERVICES.replace("category: recognition", "category: [broken"), encoding="utf-8")
    touch_later(services)
    second = store.current()
    assert second.good is first.good and second.index is first.index
    assert not second.serving_latest


def test_a_version_built_in_a_child_process_is_the_same_content(content_dir: Path) -> None:
    here = store_module.build(content_dir)
    there = store_module.build_isolated(content_dir)
    assert here.result.directory is not None and there.result.directory is not None
    d, expected = there.result.directory, here.result.directory
    assert (d.site, d.categories, d.guides) == (expected.site, expected.categories, expected.guides)
    assert tuple(d.offers) == expected.offers and tuple(d.offices) == expected.offices
    assert [o.id for o in d.offers_in("recognition")] == [o.id for o in expected.offers_in("recognition")]
    assert there.result.version == here.result.version
    assert there.index is not None and here.index is not None
    found = there.index.search("Beratung", "de")
    assert [h.item.id for h in found.hits] == [h.item.id for h in here.index.search("Beratung", "de").hits]
    assert found.total >= 1


def test_a_child_that_dies_rejects_the_version_and_the_last_good_one_is_served(
        content_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = ContentStore(content_dir, interval=0, isolate=True)
    first = store.current()
    assert first.good is not None
    services = content_dir / "services.yaml"
    services.write_text(SERVICES.replace("Beratung", "Neue Beratung"), encoding="utf-8")
    touch_later(services)
    monkeypatch.setattr(sys, "executable", "/bin/false")
    second = store.current()
    assert second.good is first.good
    assert second.latest.errors
    assert "could not be read" in second.latest.errors[0].message
    assert str(second.latest.errors[0]).startswith("services.yaml:1:1: error:")


def test_in_the_background_no_caller_waits_for_a_reload(content_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading
    import time

    store = ContentStore(content_dir, interval=0, background=True)
    first = store.current()
    started, release = threading.Event(), threading.Event()
    real_build = store_module.build

    def slow_build(root: Path) -> store_module.Version:
        started.set()
        release.wait(10)
        return real_build(root)

    monkeypatch.setattr(store_module, "build", slow_build)
    services = content_dir / "services.yaml"
    services.write_text(SERVICES.replace("Beratung", "Neue Beratung"), encoding="utf-8")
    touch_later(services)
    assert store.current() is first          # the caller that notices the change is served at once
    assert started.wait(10)                  # while the new version is built in another thread
    assert store.current() is first
    release.set()
    deadline = time.monotonic() + 10
    while store.current() is first and time.monotonic() < deadline:
        time.sleep(0.01)
    newer = store.current().good
    assert newer is not None and newer.directory is not None
    assert newer.directory.offers[0].title["de"] == "Neue Beratung"


def test_a_version_has_no_reference_cycles_so_it_is_freed_without_the_collector(content_dir: Path) -> None:
    """A frozen version is out of the collector's reach: if it were a cycle, replacing it would leak it."""
    gc.collect()
    gc.disable()
    try:
        version = store_module.build(content_dir)
        assert version.result.directory is not None and version.index is not None
        version.index.search("Beratung", "de", now=dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC))  # fill its caches
        refs = [weakref.ref(version.result.directory), weakref.ref(version.index),
                weakref.ref(version.result.directory.offers[0])]
        del version
        assert [r() is None for r in refs] == [True, True, True]
    finally:
        gc.enable()
