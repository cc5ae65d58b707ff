"""Start page: welcome, categories and offers; detail pages for ?offer=, ?office=, ?guide=."""

import streamlit as st

import portal
from portal import view

ctx = portal.context()
assert ctx is not None  # app.py stops before pages when there is no content
d, t = ctx.directory, ctx.t
q = st.query_params

if "offer" in q:
    offer = d.offer(q["offer"])
    view.offer_detail(ctx, offer) if offer else view.not_found(ctx)
elif "office" in q:
    office = d.office(q["office"])
    view.office_detail(ctx, office) if office else view.not_found(ctx)
elif "guide" in q:
    guide = d.guide(q["guide"])
    view.guide_detail(ctx, guide) if guide else view.not_found(ctx)
else:
    st.title(ctx.text(d.site.name))
    welcome = ctx.pages.get("welcome")
    if welcome:
        st.markdown(ctx.text(welcome))
    for category in d.categories:
        offers = [o for o in d.offers if category.id in o.all_categories]
        if not offers:
            continue
        st.header(ctx.text(category.name))
        for offer in offers:
            view.offer_card(ctx, offer)
