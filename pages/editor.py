"""Content status for editors: is the live content the latest, what is wrong, missing or stale."""

import functools

import streamlit as st

import portal
from lotse import export, review, termbase
from lotse.coverage import coverage_of
from lotse.problems import summary

ctx = portal.context()
assert ctx is not None
t, snap = ctx.t, ctx.snapshot
good = snap.good
assert good is not None and good.directory is not None
d = good.directory

st.title(t("Content status"))
if snap.serving_latest:
    st.success(t("The portal shows the latest content."), icon=":material/check_circle:")
else:
    st.error(
        t("The latest change to the content has errors and was not published. "
          "The portal keeps showing the last good version until they are fixed."),
        icon=":material/error:",
    )
st.caption(t("Live version loaded: {when}", when=t.datetime(snap.good_loaded_at)) if snap.good_loaded_at else "")
st.caption(t("Last checked: {when}", when=t.datetime(snap.latest_loaded_at)))

st.header(t("Problems"))
st.write(t("Same report as the command {command}:", command="`python -m lotse check`") + " " + summary(snap.latest.problems))
if snap.latest.problems:
    st.dataframe(
        [{t("File"): p.file, t("Line"): p.line, t("Column"): p.column, t("Severity"): p.severity.value,
          t("Message"): p.message} for p in snap.latest.problems],
        hide_index=True, width="stretch",
    )

st.header(t("Translation coverage"))
cov = coverage_of(good)
if cov is not None:
    st.dataframe([{**row, "language": f"{row['language']} – {t.language_name(str(row['language']))}"}
                  for row in cov.rows()], hide_index=True, width="stretch")

st.subheader(t("Termbase conformance"))
terms = termbase.conformance(good.root, good.files)
if terms is None:
    st.write(t("There is no termbase yet: add {file}.", file="`content/termbase.yaml`"))
else:
    st.caption(t("Share of texts in each language that use no term to avoid and write numbers by the number "
                 "rule. Each finding is listed under Problems."))
    st.dataframe([{t("Language"): f"{row['language']} – {t.language_name(str(row['language']))}",
                   t("Texts"): row["texts"], t("Findings"): row["findings"], t("Conformance"): f"{row['conformance']} %"}
                  for row in terms.rows(d.site.languages)], hide_index=True, width="stretch")


def entries(title: str, rows: list[review.Entry], empty: str) -> None:
    st.subheader(title)
    if rows:
        st.dataframe([{t("Kind"): e.kind, "id": e.id, t("Name"): e.name, t("Detail"): e.detail} for e in rows],
                     hide_index=True, width="stretch")
    else:
        st.write(empty)


st.header(t("Gaps"))
entries(t("Not verified for more than {days} days", days=d.site.stale_after_days),
        review.stale(d, ctx.now.date()), t("Nothing is stale."))
entries(t("Offers without an appointment route"), review.without_routes(d), t("Every offer says how to get an appointment."))
entries(t("Offices without office hours"), review.without_hours(d), t("Every office has office hours."))
entries(t("Facts not yet confirmed by the office"), review.unverified(d), t("Everything is confirmed."))

st.header(t("Export"))
st.write(t("All offers with their offices as a table, for spreadsheets. For other directories, "
           "{command} writes Open Referral HSDS 3.", command="`python -m lotse export --format hsds`"))
# Made when the button is clicked, not on every visit: a whole country's table takes seconds to write.
st.download_button(t("Download table (CSV)"), functools.partial(export.csv_bytes, d, ctx.lang),
                   file_name=f"lotse-offers-{ctx.lang}.csv", mime="text/csv", icon=":material/download:")
