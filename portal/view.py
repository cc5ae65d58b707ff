"""Rendering of offers, offices and guides: cards and detail pages, laid out from `lotse.views`.

What a page says (texts with fallback, hours, routes, provenance) is built once in
`lotse.views`, shared with the light pages; this module only lays it out for Streamlit.

Every plain text from content (titles, names, summaries, addresses) is shown
escaped (`esc`), in headings and link labels too; the texts where editors may
write Markdown (descriptions, guide steps) go through `markup.safe`, which
drops images. Links are built by `link` from validated URLs (targets escaped by `markup.href`).
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from lotse import light, markup, views
from lotse.model import Guide, Offer, Office
from lotse.routes import Action
from lotse.search import Hit
from portal import Context, params

esc = markup.escape  # plain text from content or the URL, safe inside Markdown


def link(ctx: Context, label: str, target: str) -> str:
    """A Markdown link to a validated target, its label bidi-isolated on a right-to-left page."""
    return f"[{ctx.iso(esc(label))}]({markup.href(target)})"


def fallback_note(text: str) -> None:
    """Say when a text is shown in another language than the visitor's (the sentence from `lotse.views`)."""
    if text:
        st.caption(esc(text))


def checked(ctx: Context, c: views.Checked) -> None:
    st.divider()
    st.caption(esc(c.line))
    if c.unconfirmed:
        st.caption(":material/warning: " + esc(c.unconfirmed))


def card_text(meta: list[str], *lines: str) -> str:
    """The body of a card as one Markdown block: the facts in small print, then the lines (already escaped).

    One element per card instead of four keeps a page of results light to send.
    """
    head = f":small[{' · '.join(m for m in meta if m)}]"
    return "\n\n".join([head, *(line for line in lines if line)])


def offer_card(ctx: Context, card: views.OfferCard) -> None:
    """An offer as a card: title, category, cities, open now, summary and the first appointment route."""
    with st.container(border=True):
        st.page_link("pages/home.py", label=esc(card.title), icon=":material/arrow_forward:",
                     query_params=params(ctx, offer=card.id))
        meta = [esc(card.category), ctx.iso(esc(card.cities)), esc(card.status)]
        st.markdown(card_text(meta, esc(card.summary), f"**{ctx.iso(esc(card.route))}**" if card.route else ""))


def office_card(ctx: Context, card: views.OfficeCard) -> None:
    """An office as a card: name, what it helps with, city, open now, and how to reach it."""
    with st.container(border=True):
        st.page_link("pages/home.py", label=esc(card.name), icon=":material/apartment:",
                     query_params=params(ctx, office=card.id))
        contact = card.contact
        line = labelled(contact.label, link(ctx, contact.text, contact.href)) if contact else ""
        st.markdown(card_text([esc(card.topics), ctx.iso(esc(card.city)), esc(card.status)], line))


def guide_card(ctx: Context, card: views.GuideCard) -> None:
    """A step-by-step guide as a card: title, topics, number of steps, summary."""
    with st.container(border=True):
        st.page_link("pages/home.py", label=esc(card.title), icon=":material/checklist:",
                     query_params=params(ctx, guide=card.id))
        st.markdown(card_text([esc(ctx.t("Step-by-step guide")), esc(card.topics), esc(card.steps)], esc(card.summary)))


def hit_card(ctx: Context, hit: Hit) -> None:
    """The card of one search result, whatever its kind."""
    if isinstance(hit.item, Offer):
        offer_card(ctx, views.offer_card(ctx.directory, hit.item, ctx.t, ctx.now))
    elif isinstance(hit.item, Office):
        office_card(ctx, views.office_card(ctx.directory, hit.item, ctx.t, ctx.now, hit.categories))
    else:
        guide_card(ctx, views.guide_card(ctx.directory, hit.item, ctx.t))


def route_list(ctx: Context, routes: Sequence[Action]) -> None:
    for act in routes:
        with st.container(border=True):
            if act.href and act.kind in ("phone", "email"):
                st.markdown(f"**{esc(act.label)}:** {link(ctx, act.target, act.href)}")
            elif act.href:
                st.link_button(esc(act.label), act.href, icon=":material/event:")
            elif act.office_id:
                st.page_link("pages/home.py", label=esc(act.label), icon=":material/apartment:",
                             query_params=params(ctx, office=act.office_id))
            details = [x for x in (act.languages and ctx.t("Languages: {languages}", languages=act.languages), act.note) if x]
            for line in details:
                st.caption(esc(line))
            if act.hours:
                st.table({ctx.t("Day"): [r[0] for r in act.hours], ctx.t("Hours"): [r[1] for r in act.hours]})


def share(ctx: Context, kind: str, id: str) -> None:
    """The link to this page that travels well: its light page at the portal's public address."""
    url = ctx.directory.site.public_url.rstrip("/") + light.path(ctx.lang, kind, id)
    label = ctx.t("Link to share this page")
    st.caption(f":material/share: {esc(label)}: {link(ctx, url, url)}")


def offer_detail(ctx: Context, offer: Offer) -> None:
    t = ctx.t
    v = views.offer_view(ctx.directory, offer, t, ctx.now)
    st.title(esc(v.title.text))
    fallback_note(v.fallback)
    st.caption(esc(" · ".join(filter(None, [v.category, v.groups]))))
    st.markdown(esc(v.summary))
    if v.description:
        st.markdown(markup.safe(v.description))  # Markdown from editors; HTML stays text
    st.header(t("How to get an appointment"))
    if v.routes:
        route_list(ctx, v.routes)
    else:
        st.write(t("Please contact the office."))
    cols = st.columns(2)
    with cols[0]:
        st.header(t("Cost"))
        st.write(esc(v.cost))
        if v.cost_note:
            st.caption(esc(v.cost_note))
        if v.eligibility:
            st.header(t("Who can use it"))
            st.write(esc(v.eligibility))
    with cols[1]:
        if v.documents:
            st.header(t("Documents to bring"))
            st.markdown("\n".join(f"- {esc(doc)}" for doc in v.documents))
    st.header(t("Where"))
    for place in v.places:
        st.page_link("pages/home.py", label=esc(place.name), icon=":material/apartment:",
                     query_params=params(ctx, office=place.id))
        st.caption(ctx.iso(esc(place.address)))
    checked(ctx, v.checked)
    share(ctx, "offer", offer.id)


def labelled(label: str, value_markdown: str) -> str:
    """A labelled fact as Markdown: the label in bold, the value as given (already escaped)."""
    return f"**{esc(label)}:** {value_markdown}"


def fact(label: str, value_markdown: str) -> None:
    st.markdown(labelled(label, value_markdown))


def office_detail(ctx: Context, office: Office) -> None:
    t = ctx.t
    v = views.office_view(ctx.directory, office, t, ctx.now)
    st.title(esc(v.name))
    st.info(esc(v.status), icon=":material/schedule:")
    fact(t("Address"), ctx.iso(esc(v.address)))
    st.page_link("pages/map.py", label=t("Show on the map"), icon=":material/map:",
                 query_params=params(ctx, city=v.city))
    for c in v.contacts:
        fact(c.label, link(ctx, c.text, c.href))
    if v.languages:
        fact(t("Languages spoken"), esc(v.languages))
    fact(t("Accessibility"), esc(v.access))
    if v.hours:
        st.header(t("Office hours"))
        st.table({t("Day"): [r[0] for r in v.hours], t("Hours"): [r[1] for r in v.hours]})
        if v.hours_note:
            st.caption(esc(v.hours_note))
    if v.offers:
        st.header(t("Offers here"))
        for card in v.offers:
            offer_card(ctx, card)
    checked(ctx, v.checked)
    share(ctx, "office", office.id)


def guide_detail(ctx: Context, guide: Guide) -> None:
    v = views.guide_view(ctx.directory, guide, ctx.t)
    st.title(esc(v.title.text))
    fallback_note(v.fallback)
    st.markdown(esc(v.summary))
    for step in v.steps:
        st.header(esc(f"{step.number}. {step.title}"))
        st.markdown(markup.safe(step.text))
        for item in step.links:
            st.page_link("pages/home.py", label=esc(item.label),
                         icon=":material/arrow_forward:" if item.kind == "offer" else ":material/apartment:",
                         query_params=params(ctx, **{item.kind: item.id}))
    share(ctx, "guide", guide.id)


def not_found(ctx: Context) -> None:
    st.warning(ctx.t("Sorry, we could not find this page. It may have been removed. Try searching instead."),
               icon=":material/search_off:")
