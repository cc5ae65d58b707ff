"""Rendering of offers, offices and guides: cards and detail pages.

Every text from content is shown through Markdown escaping or as plain text,
never as raw HTML; links are built only from validated URLs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import streamlit as st

from lotse import hours
from lotse.model import Guide, Offer, Office, Provenance, Wheelchair
from lotse.names import source_line
from lotse.routes import actions, tel_href
from lotse.search import Hit
from portal import Context, params

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def esc(text: str) -> str:
    """Text from content, safe inside Markdown: no markup, no HTML, no links."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def fallback_note(ctx: Context, *values: dict[str, str] | None) -> None:
    """Say when a text is shown in another language than the visitor's."""
    for value in values:
        r = ctx.resolved(value)
        if r.fallback and r.text:
            st.caption(
                ctx.t("Not available in {wanted}, shown in {shown}.",
                      wanted=ctx.t.language_name(ctx.lang), shown=ctx.t.language_name(r.lang))
            )
            return


def unverified_note(ctx: Context, fields: list[str]) -> None:
    if fields:
        names = {"address": ctx.t("address"), "location": ctx.t("map position"), "phone": ctx.t("phone number"),
                 "email": ctx.t("email address"), "website": ctx.t("website"), "hours": ctx.t("office hours"),
                 "documents": ctx.t("documents to bring"), "routes": ctx.t("how to get an appointment"),
                 "languages": ctx.t("languages spoken"), "wheelchair": ctx.t("accessibility"), "cost": ctx.t("cost")}
        listed = ctx.t.join([names.get(f, f) for f in fields])
        st.caption(":material/warning: " + ctx.t("Not yet confirmed by the office: {fields}. Please check before you go.",
                                                  fields=listed))


def card_text(meta: list[str], *lines: str) -> str:
    """The body of a card as one Markdown block: the facts in small print, then the lines (already escaped).

    One element per card instead of four keeps a page of results light to send.
    """
    head = f":small[{' · '.join(m for m in meta if m)}]"
    return "\n\n".join([head, *(line for line in lines if line)])


def offer_card(ctx: Context, offer: Offer) -> None:
    """An offer as a card: title, category, cities, open now, summary and the first appointment route."""
    d = ctx.directory
    with st.container(border=True):
        st.page_link("pages/home.py", label=ctx.text(offer.title), icon=":material/arrow_forward:",
                     query_params=params(ctx, offer=offer.id))
        category = d.category(offer.category)
        offices = [o for o in (d.office(i) for i in offer.offices) if o]
        cities = ctx.t.join(sorted({o.address.city for o in offices}))
        status = hours.describe(hours.status(offices[0], ctx.now, d.site.timezone), ctx.t, ctx.now) if offices else ""
        acts = actions(offer, d, ctx.t)
        route = ""
        if acts:
            first = acts[0]
            route = (f"**{esc(first.label)}**" if first.kind == "referral" else
                     f"**{esc(first.label)}:** {ctx.iso(esc(first.target))}")
        meta = [esc(ctx.text(category.name)) if category else "", ctx.iso(esc(cities)), esc(status)]
        st.markdown(card_text(meta, esc(ctx.text(offer.summary)), route))


def office_card(ctx: Context, office: Office, categories: Sequence[str] = ()) -> None:
    """An office as a card: name, what it helps with, city, open now, and how to reach it."""
    d, t = ctx.directory, ctx.t
    with st.container(border=True):
        st.page_link("pages/home.py", label=ctx.door_name(office.name), icon=":material/apartment:",
                     query_params=params(ctx, office=office.id))
        names = [esc(ctx.text(c.name)) for c in (d.category(i) for i in categories[:2]) if c]
        status = hours.describe(hours.status(office, ctx.now, d.site.timezone), t, ctx.now)
        contact = next(iter(contacts(ctx, office)), "")  # the first way to reach it
        st.markdown(card_text([*names, ctx.iso(esc(office.address.city)), esc(status)], contact))


def guide_card(ctx: Context, guide: Guide) -> None:
    """A step-by-step guide as a card: title, topics, number of steps, summary."""
    d, t = ctx.directory, ctx.t
    with st.container(border=True):
        st.page_link("pages/home.py", label=ctx.text(guide.title), icon=":material/checklist:",
                     query_params=params(ctx, guide=guide.id))
        names = [esc(ctx.text(c.name)) for c in (d.category(i) for i in guide.categories[:2]) if c]
        steps = t.plural("{n} step", "{n} steps", len(guide.steps))
        st.markdown(card_text([esc(t("Step-by-step guide")), *names, esc(steps)], esc(ctx.text(guide.summary))))


def hit_card(ctx: Context, hit: Hit) -> None:
    """The card of one search result, whatever its kind."""
    if isinstance(hit.item, Offer):
        offer_card(ctx, hit.item)
    elif isinstance(hit.item, Office):
        office_card(ctx, hit.item, hit.categories)
    else:
        guide_card(ctx, hit.item)


def route_list(ctx: Context, offer: Offer) -> None:
    for act in actions(offer, ctx.directory, ctx.t):
        with st.container(border=True):
            if act.href and act.kind in ("phone", "email"):
                st.markdown(f"**{esc(act.label)}:** [{ctx.iso(esc(act.target))}]({act.href})")
            elif act.href:
                st.link_button(act.label, act.href, icon=":material/event:")
            elif act.office_id:
                st.page_link("pages/home.py", label=act.label, icon=":material/apartment:",
                             query_params=params(ctx, office=act.office_id))
            details = [x for x in (act.languages and ctx.t("Languages: {languages}", languages=act.languages), act.note) if x]
            for line in details:
                st.caption(esc(line))
            if act.hours:
                st.table({ctx.t("Day"): [r[0] for r in act.hours], ctx.t("Hours"): [r[1] for r in act.hours]})


def offer_detail(ctx: Context, offer: Offer) -> None:
    d, t = ctx.directory, ctx.t
    st.title(ctx.text(offer.title))
    fallback_note(ctx, offer.title, offer.summary, offer.description)
    category = d.category(offer.category)
    groups = [ctx.text(g.name) for g in (d.target_group(i) for i in offer.target_groups) if g]
    st.caption(" · ".join(filter(None, [ctx.text(category.name) if category else "", t.join(groups)])))
    st.markdown(esc(ctx.text(offer.summary)))
    if offer.description:
        st.markdown(ctx.text(offer.description))  # Markdown from editors; HTML stays text
    st.header(t("How to get an appointment"))
    if offer.routes:
        route_list(ctx, offer)
    else:
        st.write(t("Please contact the office."))
    cols = st.columns(2)
    with cols[0]:
        st.header(t("Cost"))
        if offer.cost.free:
            st.write(t("Free of charge"))
        else:
            st.write(t.money(offer.cost.amount))
        if offer.cost.note:
            st.caption(esc(ctx.text(offer.cost.note)))
        if offer.eligibility:
            st.header(t("Who can use it"))
            st.write(esc(ctx.text(offer.eligibility)))
    with cols[1]:
        if offer.documents:
            st.header(t("Documents to bring"))
            st.markdown("\n".join(f"- {esc(ctx.text(doc))}" for doc in offer.documents))
    st.header(t("Where"))
    for office_id in offer.offices:
        office = d.office(office_id)
        if office:
            st.page_link("pages/home.py", label=ctx.door_name(office.name), icon=":material/apartment:",
                         query_params=params(ctx, office=office.id))
            st.caption(ctx.iso(f"{esc(office.address.street)}, {esc(office.address.postal_code)} {esc(office.address.city)}"))
    provenance(ctx, offer.provenance)


def provenance(ctx: Context, prov: Provenance) -> None:
    st.divider()
    st.caption(esc(source_line(prov, ctx.t)))
    unverified_note(ctx, prov.unverified)


def labelled(label: str, value_markdown: str) -> str:
    """A labelled fact as Markdown: the label in bold, the value as given (already escaped)."""
    return f"**{esc(label)}:** {value_markdown}"


def fact(label: str, value_markdown: str) -> None:
    st.markdown(labelled(label, value_markdown))


def contacts(ctx: Context, office: Office) -> list[str]:
    """How to reach an office, best first: phone, email, website, as labelled Markdown links."""
    t, lines = ctx.t, []
    if office.phone:
        lines.append(labelled(t("Phone"), f"[{ctx.iso(esc(office.phone))}]({tel_href(office.phone)})"))
    if office.email:
        lines.append(labelled(t("Email"), f"[{ctx.iso(esc(office.email))}](mailto:{office.email})"))
    if office.website:
        lines.append(labelled(t("Website"), f"[{ctx.iso(esc(office.website))}]({office.website})"))
    return lines


def office_detail(ctx: Context, office: Office) -> None:
    d, t = ctx.directory, ctx.t
    st.title(ctx.door_name(office.name))
    status = hours.status(office, ctx.now, d.site.timezone)
    st.info(hours.describe(status, t, ctx.now), icon=":material/schedule:")
    a = office.address
    fact(t("Address"), ctx.iso(f"{esc(a.street)}, {esc(a.postal_code)} {esc(a.city)}"))
    st.page_link("pages/map.py", label=t("Show on the map"), icon=":material/map:",
                 query_params=params(ctx, city=a.city))
    for line in contacts(ctx, office):
        st.markdown(line)
    if office.languages:
        fact(t("Languages spoken"), esc(t.join([t.language_name(c) for c in office.languages])))
    access = {Wheelchair.yes: t("Wheelchair accessible"), Wheelchair.limited: t("Partly wheelchair accessible"),
              Wheelchair.no: t("Not wheelchair accessible"), Wheelchair.unknown: t("Wheelchair access unknown")}
    fact(t("Accessibility"), access[office.wheelchair])
    rows = hours.weekly_rows(office.hours, t)
    if rows:
        st.header(t("Office hours"))
        st.table({t("Day"): [r[0] for r in rows], t("Hours"): [r[1] for r in rows]})
        if office.hours and office.hours.note:
            st.caption(esc(ctx.text(office.hours.note)))
    offers = d.offers_at(office.id)
    if offers:
        st.header(t("Offers here"))
        for offer in offers:
            offer_card(ctx, offer)
    provenance(ctx, office.provenance)


def guide_detail(ctx: Context, guide: Guide) -> None:
    d = ctx.directory
    st.title(ctx.text(guide.title))
    fallback_note(ctx, guide.title, guide.summary)
    st.write(esc(ctx.text(guide.summary)))
    for number, step in enumerate(guide.steps, start=1):
        st.header(f"{ctx.t.number(number)}. {ctx.text(step.title)}")
        st.markdown(ctx.text(step.text))
        for offer_id in step.offers:
            offer = d.offer(offer_id)
            if offer:
                st.page_link("pages/home.py", label=ctx.text(offer.title), icon=":material/arrow_forward:",
                             query_params=params(ctx, offer=offer.id))
        for office_id in step.offices:
            office = d.office(office_id)
            if office:
                st.page_link("pages/home.py", label=ctx.door_name(office.name), icon=":material/apartment:",
                             query_params=params(ctx, office=office.id))


def not_found(ctx: Context) -> None:
    st.warning(ctx.t("Sorry, we could not find this page. It may have been removed. Try searching instead."),
               icon=":material/search_off:")
