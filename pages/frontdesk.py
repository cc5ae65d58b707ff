"""Front desk: search once, see each result in the staff's and the visitor's language, hand over."""

from html import escape

import streamlit as st

import portal
from lotse import handout, i18n, names
from lotse.i18n import resolve
from portal import chrome, view
from portal.finder import MAX_QUERY, search_text

ctx = portal.context()
assert ctx is not None
d, t = ctx.directory, ctx.t
site = d.site
languages = site.languages

st.title(t("Front desk"))
st.caption(t("Search once, show the visitor the offer in their language, and hand over a printout with a QR code."))

q = st.query_params
visitor_default = q.get("visitor") if q.get("visitor") in languages else next(
    (code for code in languages if code != ctx.lang), ctx.lang)
cols = st.columns(2)
with cols[0]:
    chrome.language_select(ctx, t("Your language"), "frontdesk_staff")
with cols[1]:
    visitor = st.selectbox(t("Visitor's language"), languages, index=languages.index(visitor_default),
                           format_func=i18n.native_name, key="frontdesk_visitor")
if q.get("visitor") != visitor:
    st.query_params["visitor"] = visitor
vt = i18n.translator(visitor)

from_url = search_text(ctx, q.get("q", ""))
query = st.text_input(t("Search"), value=from_url, placeholder=t("e.g. recognition, German course, Jobcenter"),
                      key="frontdesk_query", max_chars=MAX_QUERY)
if query != from_url:
    st.query_params["q"] = query


def visitor_text(value: dict[str, str] | None) -> str:
    return resolve(value, visitor, site.fallback, site.default_language).text


def visitor_block(*lines: str) -> None:
    """Text in the visitor's language, in its own direction, escaped."""
    body = "".join(f"<p>{escape(line)}</p>" for line in lines if line)
    st.html(f'<div lang="{visitor}" dir="{"rtl" if vt.rtl else "ltr"}" class="lotse-visitor">{body}</div>')


if query.strip():
    from lotse.search import Kind

    results = portal.search_index(ctx).search(query, ctx.lang, limit=20)
    offers = [h for h in results.hits if h.kind == Kind.offer]
    if not offers:
        st.info(t("No offer found. Try another word."))
    chosen = q.get("handout")
    for hit in offers:
        offer = d.offer(hit.id)
        if offer is None:
            continue
        with st.container(border=True):
            left, right = st.columns(2)
            offices = [o for o in (d.office(i) for i in offer.offices) if o]
            with left:
                st.markdown(f"**{view.esc(ctx.text(offer.title))}**\n\n{view.esc(ctx.text(offer.summary))}")
                for office in offices:
                    st.caption(view.esc(ctx.door_name(office.name)))
            with right:
                visitor_block(visitor_text(offer.title), visitor_text(offer.summary),
                              *(names.door_name(o.name, visitor, site.fallback, site.default_language) for o in offices))
            if st.button(t("Hand over"), key=f"handout-{offer.id}", icon=":material/print:"):
                st.query_params["handout"] = offer.id
                chosen = offer.id
        if chosen == offer.id:
            sheet = handout.build(d, offer, vt, ctx.now, printable=True)
            st.header(t("Handout for the visitor"))
            st.caption(t("The QR code opens: {url}", url=f"`{sheet.url}`"))
            st.iframe(sheet.html, height=900)
            st.download_button(t("Download handout"), sheet.html.encode("utf-8"),
                               file_name=f"{offer.id}-{visitor}.html", mime="text/html", icon=":material/download:")
