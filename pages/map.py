"""Map of services (being built)."""

import streamlit as st

import portal

ctx = portal.context()
assert ctx is not None
st.title(ctx.t("Map"))
