"""What every page has: document language and direction, font, language selector, error pages."""

from __future__ import annotations

import json

import streamlit as st

from lotse import i18n
from lotse.problems import summary
from lotse.store import Snapshot
from portal import Context

_FONT_CSS = """
@font-face { font-family: "Noto Sans Arabic"; font-weight: 400;
  src: url("/app/static/fonts/NotoSansArabic-Regular.ttf") format("truetype"); }
@font-face { font-family: "Noto Sans Arabic"; font-weight: 700;
  src: url("/app/static/fonts/NotoSansArabic-Bold.ttf") format("truetype"); }
"""

_RTL_CSS = """
html[dir="rtl"] [data-testid="stAppViewContainer"],
html[dir="rtl"] [data-testid="stSidebar"] { direction: rtl; text-align: right; }
/* Streamlit hides the collapsed sidebar by sliding it left; on a right-to-left page it sits on the right. */
html[dir="rtl"] [data-testid="stSidebar"][data-collapsed="true"] { transform: translateX(300px) !important; }
/* On wide screens the sidebar's language selector is in view; the one above the page is for phones. */
@media (min-width: 736px) { .st-key-language_top { display: none !important; } }
html[dir="rtl"] [data-testid="stMarkdownContainer"],
html[dir="rtl"] [data-testid="stMarkdownContainer"] *,
html[dir="rtl"] [data-testid="stCaptionContainer"],
html[dir="rtl"] [data-testid="stHeading"] * { text-align: start !important; }
html[dir="rtl"] body, html[dir="rtl"] [data-testid="stApp"] {
  font-family: "Noto Sans Arabic", system-ui, "DejaVu Sans", sans-serif; }
html[dir="rtl"] [data-testid="stMarkdownContainer"] ul,
html[dir="rtl"] [data-testid="stMarkdownContainer"] ol { padding-right: 1.5em; padding-left: 0; }
html[dir="rtl"] table th, html[dir="rtl"] table td { text-align: right; }
[data-testid="stCaptionContainer"] { opacity: 1 !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #555 !important; }
.lotse-ltr { direction: ltr; unicode-bidi: isolate; display: inline-block; }
bdi { unicode-bidi: isolate; }
.lotse-badge { font-size: 0.8em; padding: 0.1em 0.5em; border-radius: 0.6em;
  background: #fff3cd; color: #5c4400; border: 1px solid #e0c36a; }
.lotse-note { font-size: 0.85em; color: #4a4a4a; }
"""


def document(ctx: Context) -> None:
    """Set <html lang dir>, the Arabic-script font and RTL layout for this visitor."""
    direction = "rtl" if ctx.t.rtl else "ltr"
    st.html(f"<style>{_FONT_CSS}{_RTL_CSS}</style>")
    # Only fixed values are put in the script: a language code from the site's list.
    script = (
        "<script>"
        f"document.documentElement.lang = {json.dumps(ctx.lang)};"
        f"document.documentElement.dir = {json.dumps(direction)};"
        "</script>"
    )
    st.html(script, unsafe_allow_javascript=True)


def _set_language(key: str) -> None:
    lang = st.session_state[key]
    st.session_state["lang"] = lang
    st.query_params["lang"] = lang


def language_select(ctx: Context, label: str, key: str) -> None:
    """A selector of the portal's language (shown by each language's own name)."""
    if st.session_state.get(key) != ctx.lang:
        st.session_state[key] = ctx.lang
    st.selectbox(label, options=ctx.directory.site.languages, format_func=i18n.native_name, key=key,
                 on_change=_set_language, args=(key,))


def language_selector(ctx: Context) -> None:
    """The language selector: in the sidebar, and above the page on phones (where the sidebar is folded)."""
    # Also in English: someone who cannot read the current language still finds the switch.
    name = ctx.t("Language")
    label = name if ctx.lang == "en" else f"{name} · Language"
    with st.sidebar:
        language_select(ctx, label, "language_selector")
    with st.container(key="language_top"):
        language_select(ctx, label, "language_selector_top")


def no_content(snap: Snapshot) -> None:
    """The friendly page shown when no version of the content has ever loaded."""
    t = i18n.translator("en")
    st.title(t("The portal is being set up"))
    st.write(t("There is no valid content to show yet. Please come back later."))
    with st.expander(t("For editors: what to fix")):
        st.write(summary(snap.latest.problems))
        st.code("\n".join(str(p) for p in snap.latest.errors[:200]), language=None)
