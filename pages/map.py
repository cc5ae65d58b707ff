"""Map of services: the offices on a map and as a plain list, with the filters of search kept in the URL."""

import streamlit as st
from streamlit_folium import st_folium

import portal
from lotse import hours, maps
from portal import params, view

LIST_STEP = 50  # offices listed under the map before "Show more"

ctx = portal.context()
assert ctx is not None  # app.py stops before pages when there is no content
d, t = ctx.directory, ctx.t

# Each filter: (widget key, URL parameter, allowed values).
FILTERS = {
    "category": ("map_category", [c.id for c in d.categories]),
    "group": ("map_group", [g.id for g in d.target_groups]),
    "city": ("map_city", maps.cities(d)),
}


def _to_url(param: str, key: str) -> None:
    value = st.session_state[key]
    if value in (None, False):
        st.query_params.pop(param, None)
    else:
        st.query_params[param] = "1" if value is True else value


def _from_url(param: str, key: str, allowed: list[str]) -> str | None:
    value = st.query_params.get(param)
    value = value if value in allowed else None
    if st.session_state.get(key) != value:
        st.session_state[key] = value
    return value


def _show_more(limit: int) -> None:
    st.session_state["map_list_limit"] = limit + LIST_STEP


st.title(t("Map"))

chosen = {param: _from_url(param, key, allowed) for param, (key, allowed) in FILTERS.items()}
open_now = st.query_params.get("open") == "1"
if st.session_state.get("map_open") != open_now:
    st.session_state["map_open"] = open_now

names = {
    "category": {c.id: ctx.text(c.name) for c in d.categories},
    "group": {g.id: ctx.text(g.name) for g in d.target_groups},
    "city": {c: c for c in FILTERS["city"][1]},
}
labels = {"category": t("Category"), "group": t("Target group"), "city": t("City")}
anything = {"category": t("All categories"), "group": t("All target groups"), "city": t("All cities")}
columns = st.columns([3, 3, 3, 2], vertical_alignment="bottom")
for column, (param, (key, allowed)) in zip(columns[:3], FILTERS.items(), strict=True):
    with column:
        st.selectbox(
            labels[param],
            options=[None, *allowed],
            format_func=lambda value, param=param: anything[param] if value is None else names[param][value],
            key=key,
            on_change=_to_url,
            args=(param, key),
        )
with columns[3]:
    st.toggle(t("Open now"), key="map_open", on_change=_to_url, args=("open", "map_open"))

filters = maps.Filters(category=chosen["category"], target_group=chosen["group"], city=chosen["city"],
                       open_now=open_now)
found = maps.matching(d, filters, ctx.now)
st.caption(t.plural("{n} office", "{n} offices", len(found)))

if not found:
    st.info(t("No office matches these filters. Try fewer filters."), icon=":material/filter_alt_off:")
elif len(found) > maps.MAP_LIMIT:  # a whole country's directory: a phone could not draw them all
    st.info(t("Too many offices for one map. Choose a city or a category."), icon=":material/filter_alt:")
else:
    pins = maps.select(d, filters, ctx.now, found)
    # Panning and zooming stay in the browser: no value comes back, so the script does not rerun.
    st_folium(maps.build(d, pins, t, ctx.now), height=520, use_container_width=True, returned_objects=[])

    st.subheader(t("Offices on the map"))
    ordered = sorted(pins, key=lambda p: (p.office.address.city.casefold(), ctx.text(p.office.name).casefold()))
    limit = st.session_state.get("map_list_limit", LIST_STEP)
    for pin in ordered[:limit]:
        office, a = pin.office, pin.office.address
        st.page_link("pages/home.py", label=view.esc(ctx.door_name(office.name)), icon=":material/apartment:",
                     query_params=params(ctx, office=office.id))
        st.caption(f"{view.esc(a.street)}, {view.esc(a.postal_code)} {view.esc(a.city)} · "
                   + view.esc(hours.describe(pin.status, t, ctx.now)))
    if len(ordered) > limit:
        st.caption(t("Showing {shown} of {total} offices.", shown=t.number(limit), total=t.number(len(ordered))))
        st.button(t("Show more"), icon=":material/expand_more:", on_click=_show_more, args=(limit,))
