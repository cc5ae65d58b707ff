"""Content status for editors: is the live content the latest, and what is wrong with it."""

import streamlit as st

import portal
from lotse.problems import summary

ctx = portal.context()
assert ctx is not None
t, snap = ctx.t, ctx.snapshot

st.title(t("Content status"))
if snap.serving_latest:
    st.success(t("The portal shows the latest content."), icon=":material/check_circle:")
else:
    st.error(
        t("The latest change to the content has errors and was not published. "
          "The portal keeps showing the last good version until they are fixed."),
        icon=":material/error:",
    )
if snap.good_loaded_at:
    st.caption(t("Live version loaded: {when}", when=t.datetime(snap.good_loaded_at)))
st.subheader(t("Problems"))
st.write(summary(snap.latest.problems))
if snap.latest.problems:
    st.dataframe(
        [{"file": p.file, "line": p.line, "column": p.column, "severity": p.severity.value, "message": p.message}
         for p in snap.latest.problems],
        hide_index=True,
    )
