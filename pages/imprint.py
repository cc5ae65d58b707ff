"""The imprint page: its text from content/pages/imprint.LANG.md."""

import streamlit as st

import portal
from lotse import markup

ctx = portal.context()
assert ctx is not None
st.markdown(markup.safe(ctx.text(ctx.pages.get("imprint"))) or ctx.t("This page has no text yet."))
