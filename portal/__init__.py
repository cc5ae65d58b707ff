"""Streamlit glue shared by the pages: the live content, the visitor's language, links.

This is the only place besides `app.py` and `pages/` that imports streamlit.
It holds no domain logic: it asks `lotse` and keeps per-session state.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import streamlit as st

from lotse import i18n, names, search
from lotse import store as content_store
from lotse.content import Pages
from lotse.i18n import Translator, resolve
from lotse.model import Directory
from lotse.store import ContentStore, Snapshot


def store() -> ContentStore:
    """One store for all sessions and the light pages: content is read once per version.

    The content folder is the project itself, or `LOTSE_CONTENT` when set.
    """
    return content_store.shared()


@dataclass(frozen=True)
class Context:
    """What a page needs: the content, the visitor's language, and the time."""

    snapshot: Snapshot
    directory: Directory
    pages: Pages
    lang: str
    t: Translator
    now: dt.datetime

    def text(self, value: dict[str, str] | None) -> str:
        return resolve(value, self.lang, self.directory.site.fallback, self.directory.site.default_language).text

    def door_name(self, name: dict[str, str] | None) -> str:
        """An office's or organisation's name in the visitor's language with its German original."""
        site = self.directory.site
        return names.door_name(name, self.lang, site.fallback, site.default_language)

    def iso(self, text: str) -> str:
        """Bidi-isolate a Latin fact (address, phone, URL, German name) on a right-to-left page."""
        return i18n.isolate(text) if self.t.rtl else text


def language(directory: Directory) -> str:
    """The visitor's language: URL, then this session's choice, then the browser, then the default."""
    site = directory.site
    requested = st.query_params.get("lang") or st.session_state.get("lang")
    header = st.context.headers.get("Accept-Language") if st.context.headers else None
    lang = i18n.choose(requested, header, site.languages, site.default_language)
    st.session_state["lang"] = lang
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang
    return lang


def _through_router() -> None:
    """Make sure this run went through app.py's router.

    Streamlit treats an app with a `pages/` folder as an old-style multipage app
    until the router has called `st.navigation` once, so the very first request
    after a start that asks for e.g. /map would run pages/map.py alone: without
    the language, the right-to-left layout or the error page. Clearing that flag
    and rerunning sends the request through app.py.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def context() -> Context | None:
    """The page context, or None when there is no good content at all."""
    _through_router()
    snap = store().current()
    if snap.good is None or snap.good.directory is None:
        return None
    directory = snap.good.directory
    lang = language(directory)
    now = dt.datetime.now(ZoneInfo(directory.site.timezone))
    return Context(snap, directory, snap.good.pages, lang, i18n.translator(lang), now)


def params(ctx: Context, **extra: Any) -> dict[str, str]:
    """Query parameters for a link: the language, and what the link points at."""
    out = {"lang": ctx.lang}
    out.update({k: str(v) for k, v in extra.items() if v is not None})
    return out


def search_index(ctx: Context) -> search.Index:
    """The search index of the content version being served, built with it and shared by all sessions."""
    index = ctx.snapshot.index
    assert index is not None
    return index
