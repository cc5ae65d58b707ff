"""Start page: search with category tiles and filters (see `portal.finder`); detail pages for ?offer=, ?office=, ?guide=."""

import streamlit as st

import portal
from portal import finder, view

ctx = portal.context()
assert ctx is not None  # app.py stops before pages when there is no content
d, t = ctx.directory, ctx.t
q = st.query_params

offer = d.offer(q["offer"]) if "offer" in q else None
office = d.office(q["office"]) if "office" in q else None
guide = d.guide(q["guide"]) if "guide" in q else None
if offer:
    view.offer_detail(ctx, offer)
elif office:
    view.office_detail(ctx, office)
elif guide:
    view.guide_detail(ctx, guide)
elif {"offer", "office", "guide"} & set(q.keys()):
    view.not_found(ctx)
    finder.start_page(ctx)
else:
    st.title(view.esc(ctx.text(d.site.name)))
    finder.start_page(ctx)
