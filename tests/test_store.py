"""The live portal survives editors: broken versions are rejected, the last good one is served."""

import os
from pathlib import Path
from typing import Any

from conftest import SERVICES, write_content

from lotse.store import ContentStore


def touch_later(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_broken_change_keeps_serving_last_good(content_dir: Path) -> None:
    store = ContentStore(content_dir, interval=0)
    first = store.current()
    assert first.good is not None and first.serving_latest
    services = content_dir / "services.yaml"
    services.write_text(SERVICES.replace("category: recognition", "category: [broken"), encoding="utf-8")
    touch_later(services)
    second = store.current()
    assert second.good is first.good  # visitors keep the last good content
    assert not second.serving_latest
    assert second.latest.errors and "YAML syntax" in second.latest.errors[0].message
    services.write_text(SERVICES.replace("Beratung", "Neue Beratung"), encoding="utf-8")
    touch_later(services)
    third = store.current()
    assert third.serving_latest
    assert third.good is not None and third.good.directory is not None
    offer = third.good.directory.offer("counselling")
    assert offer is not None and offer.title["de"] == "Neue Beratung"


def test_unchanged_files_are_not_read_again(content_dir: Path) -> None:
    store = ContentStore(content_dir, interval=0)
    assert store.current() is store.current()


def test_no_good_version_at_all(tmp_path: Path) -> None:
    root = write_content(tmp_path, "site: [\n")
    snap = ContentStore(root, interval=0).current()
    assert snap.good is None
    assert str(snap.latest.errors[0]).startswith("services.yaml:2:1: error: YAML syntax")


def test_checks_at_most_once_per_interval(content_dir: Path) -> None:
    store = ContentStore(content_dir, interval=60)
    first = store.current()
    (content_dir / "services.yaml").write_text("broken: [", encoding="utf-8")
    touch_later(content_dir / "services.yaml")
    assert store.current() is first


def test_visitors_are_served_while_a_reload_runs(content_dir: Path, monkeypatch: Any) -> None:
    import threading

    from lotse import content as content_module

    store = ContentStore(content_dir, interval=0)
    first = store.current()
    started, release = threading.Event(), threading.Event()
    real_load = content_module.load

    def slow_load(root: Path, today: Any = None, **options: Any) -> Any:
        started.set()
        release.wait(10)
        return real_load(root, today, **options)

    monkeypatch.setattr(content_module, "load", slow_load)
    services = content_dir / "services.yaml"
    services.write_text(SERVICES.replace("Beratung", "Neue Beratung"), encoding="utf-8")
    touch_later(services)
    reloader = threading.Thread(target=store.current)
    reloader.start()
    assert started.wait(10)
    assert store.current() is first  # answered at once with the version being served
    release.set()
    reloader.join(10)
    assert store.current().good is not first.good
