"""Lotse: the router. Sets up the page, the visitor's language, and the navigation."""

import logging
from pathlib import Path

import streamlit as st

import portal
from portal import chrome

st.set_page_config(page_title="Lotse", page_icon=str(Path(__file__).parent / "static" / "favicon.png"), layout="wide")

ctx = portal.context()
if ctx is None:
    chrome.no_content(portal.store().current())
    st.stop()

t = ctx.t
chrome.document(ctx)
chrome.language_selector(ctx)

pages = [
    st.Page("pages/home.py", title=t("Find help"), icon=":material/search:", default=True),
    st.Page("pages/map.py", title=t("Map"), icon=":material/map:", url_path="map"),
    st.Page("pages/frontdesk.py", title=t("Front desk"), icon=":material/support_agent:", url_path="frontdesk"),
    st.Page("pages/editor.py", title=t("Content status"), icon=":material/fact_check:", url_path="editor"),
    st.Page("pages/about.py", title=t("About"), icon=":material/info:", url_path="about"),
    st.Page("pages/privacy.py", title=t("Privacy"), icon=":material/lock:", url_path="privacy"),
    st.Page("pages/imprint.py", title=t("Imprint"), icon=":material/gavel:", url_path="imprint"),
]
try:
    st.navigation(pages).run()
except Exception:  # a visitor never sees a traceback; the log keeps it for us
    logging.getLogger("lotse").exception("page failed")
    st.error(t("Sorry, something went wrong on this page. Please try again, or go back to the start page."),
             icon=":material/sentiment_dissatisfied:")
