"""The privacy page: its text from content/pages/privacy.LANG.md."""

import streamlit as st

import portal
from lotse import markup

ctx = portal.context()
assert ctx is not None
st.markdown(markup.safe(ctx.text(ctx.pages.get("privacy"))) or ctx.t("This page has no text yet."))
