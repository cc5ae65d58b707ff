"""Helpers for AppTest runs of the portal against a chosen content folder."""

from __future__ import annotations

import datetime as dt
import os
import types
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


@contextmanager
def content_root(root: Path | None) -> Iterator[None]:
    """Point the portal at `root` (None: the shipped content) for the duration."""
    old = os.environ.get("LOTSE_CONTENT")
    if root is None:
        os.environ.pop("LOTSE_CONTENT", None)
    else:
        os.environ["LOTSE_CONTENT"] = str(root)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("LOTSE_CONTENT", None)
        else:
            os.environ["LOTSE_CONTENT"] = old


def run(root: Path | None = None, page: str | None = None, **query: str) -> AppTest:
    """Run the app once with the query parameters given; `page` switches to pages/<page>.py."""
    with content_root(root):
        at = AppTest.from_file(APP, default_timeout=60)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        if page is not None:
            at.switch_page(f"pages/{page}.py")
            for key, value in query.items():
                at.query_params[key] = value
            at.run()
    assert not failed(at), "the page failed: the visitor sees an apology instead of the page (see the log)"
    return at


def stop_clock(monkeypatch: Any, moment: dt.datetime) -> None:
    """The portal's clock shows `moment` (in the site's time zone) for the rest of the test."""
    import portal

    class Clock(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> Any:
            return moment.astimezone(tz)

    monkeypatch.setattr(portal, "dt", types.SimpleNamespace(datetime=Clock))


def failed(at: AppTest) -> bool:
    """Whether the run ended on app.py's apology for a page that raised (AppTest sees no exception then)."""
    return any(e.proto.icon == ":material/sentiment_dissatisfied:" for e in at.error)


def texts(at: AppTest) -> str:
    """All visible text of a run, joined: titles, headers, markdown, captions, alerts."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        parts += [str(el.value) for el in getattr(at, kind)]
    return "\n".join(parts).replace("\\", "")


def wait_for_reload(root: Path, timeout: float = 60) -> None:
    """Wait until the portal's live store has looked at `root`'s current files (it reloads in the background)."""
    import time

    from lotse import content, store

    live, deadline = store.shared(root), time.monotonic() + timeout
    while live.current().latest.version != content.content_version(root) and time.monotonic() < deadline:
        time.sleep(0.05)
