"""The start page's search: a search box, category tiles, filters and result cards.

The search lives in the URL (q, category, group, city, state, spoken, free,
wheelchair, open, on), so a link reproduces it. The widgets follow the URL, and
changing a widget changes the URL. The page itself only calls `start_page`.
"""

from __future__ import annotations

import streamlit as st

from lotse import i18n, markup, search, views
from portal import Context, params, search_index, view

STEP = 10  # results shown first, and added by "Show more"
MAX_QUERY = 200  # characters of search text; longer texts are cut, with a note
FILTER_PARAMS = ("category", "group", "city", "state", "spoken", "free", "wheelchair", "open", "on")
DETAIL_PARAMS = ("offer", "office", "guide")


def _to_url(param: str, value: str | None) -> None:
    if value:
        st.query_params[param] = value
    else:
        st.query_params.pop(param, None)


def search_text(ctx: Context, raw: str) -> str:
    """The search text from the URL, cut to `MAX_QUERY` characters; says so when it was cut."""
    if len(raw) <= MAX_QUERY:
        return raw
    st.caption(ctx.t("Your search text was shortened to its first {n} characters.", n=ctx.t.number(MAX_QUERY)))
    return raw[:MAX_QUERY]


def _follow(key: str, value: object) -> None:
    """Show the URL's value in widget `key`: the URL wins, so links and the back button work."""
    if key not in st.session_state or st.session_state[key] != value:
        st.session_state[key] = value


def _query_changed() -> None:
    for param in DETAIL_PARAMS:  # typing on a "not found" page starts a new search
        st.query_params.pop(param, None)
    _to_url("q", st.session_state["search_q"].strip() or None)


def _choice_changed(param: str, key: str) -> None:
    _to_url(param, st.session_state[key])


def _flag_changed(param: str, key: str) -> None:
    _to_url(param, "1" if st.session_state[key] else None)


def _place_changed() -> None:
    kind, _, value = (st.session_state["search_place"] or "").partition(":")
    _to_url("city", value if kind == "city" else None)
    _to_url("state", value if kind == "state" else None)


def _spoken_changed() -> None:
    _to_url("spoken", ",".join(st.session_state["search_spoken"]) or None)


def _date_changed() -> None:
    day = st.session_state["search_on"]
    _to_url("on", day.isoformat() if day else None)


def _clear_filters() -> None:
    for param in FILTER_PARAMS:
        st.query_params.pop(param, None)


def _show_more(signature: object, limit: int) -> None:
    st.session_state["search_limit"] = (signature, limit + STEP)


def _valid_filters(ctx: Context, index: search.Index) -> search.Filters:
    """The filters in the URL, without values this content does not know."""
    d = ctx.directory
    raw = search.filters_from(st.query_params.to_dict())
    spoken = set(index.spoken_languages())
    return search.Filters(
        category=raw.category if raw.category and d.category(raw.category) else None,
        target_group=raw.target_group if raw.target_group and d.target_group(raw.target_group) else None,
        city=raw.city if raw.city in index.cities() else None,
        state=raw.state if raw.state in index.states() else None,
        languages=tuple(code for code in raw.languages if code in spoken),
        free=raw.free, wheelchair=raw.wheelchair, open_now=raw.open_now, open_on=raw.open_on,
    )


def _active_filters(ctx: Context, filters: search.Filters) -> list[str]:
    """The filters that are on, as the visitor reads them."""
    d, t = ctx.directory, ctx.t
    category = d.category(filters.category) if filters.category else None
    group = d.target_group(filters.target_group) if filters.target_group else None
    return [label for label in (
        ctx.text(category.name) if category else "",
        ctx.text(group.name) if group else "",
        filters.city or (search.STATES[filters.state] if filters.state else ""),
        t.join([i18n.native_name(c) for c in filters.languages]),
        t("Free of charge") if filters.free else "",
        t("Wheelchair accessible") if filters.wheelchair else "",
        t("Open now") if filters.open_now else "",
        t("Open on {date}", date=t.date(filters.open_on)) if filters.open_on else "",
    ) if label]


def _filter_controls(ctx: Context, index: search.Index, filters: search.Filters, clear_button: bool) -> None:
    d, t = ctx.directory, ctx.t
    on = _active_filters(ctx, filters)
    if on:
        st.caption(view.esc(t("Filters on: {filters}", filters=" · ".join(on))))
        if clear_button:
            st.button(t("Clear filters"), on_click=_clear_filters, icon=":material/filter_alt_off:", key="clear_filters")
    # A fixed label keeps the expander open while filters change inside it; its state is tracked so
    # that the controls are only built and sent while someone has it open.
    box = st.expander(t("Filters"), key="search_filters", on_change="rerun", icon=":material/filter_list:")
    if not box.open:
        return
    with box:
        left, right = st.columns(2)
        with left:
            _follow("search_category", filters.category)
            st.selectbox(t("Category"), [None, *(c.id for c in d.categories)], key="search_category",
                         format_func=lambda cid: t("All categories") if cid is None else ctx.text(d.category(cid).name),
                         on_change=_choice_changed, args=("category", "search_category"))
            _follow("search_group", filters.target_group)
            st.selectbox(t("Target group"), [None, *(g.id for g in d.target_groups)], key="search_group",
                         format_func=lambda gid: t("Everyone") if gid is None else ctx.text(d.target_group(gid).name),
                         on_change=_choice_changed, args=("group", "search_group"))
            place = f"city:{filters.city}" if filters.city else f"state:{filters.state}" if filters.state else None
            _follow("search_place", place)
            places = [*(f"city:{c}" for c in index.cities()), *(f"state:{s}" for s in index.states())]
            st.selectbox(t("City or federal state"), [None, *places], key="search_place",
                         format_func=lambda p: t("Anywhere") if p is None else (
                             p[5:] if p.startswith("city:") else t("{state} (federal state)",
                                                                   state=search.STATES[p[6:]])),
                         on_change=_place_changed)
            _follow("search_spoken", list(filters.languages))
            st.multiselect(t("Languages spoken"), index.spoken_languages(), key="search_spoken",
                           format_func=lambda c: f"{i18n.native_name(c)} ({t.language_name(c)})",
                           placeholder=t("Any language"), on_change=_spoken_changed)
        with right:
            for param, key, text, on in (("free", "search_free", t("Free of charge"), filters.free),
                                         ("wheelchair", "search_wheelchair", t("Wheelchair accessible"),
                                          filters.wheelchair),
                                         ("open", "search_open", t("Open now"), filters.open_now)):
                _follow(key, on)
                st.checkbox(text, key=key, on_change=_flag_changed, args=(param, key))
            _follow("search_on", filters.open_on)
            st.date_input(t("Open on"), key="search_on", format="DD.MM.YYYY", on_change=_date_changed)


def _search_instead() -> None:
    word = st.session_state.get("search_instead")
    if word:
        _to_url("q", word)


def _nothing_found(ctx: Context, index: search.Index, filters: search.Filters) -> None:
    """After a search that found nothing: the words offices use, and, set apart, where to ask in person."""
    t = ctx.t
    fallback = index.fallback(ctx.lang, filters)
    st.pills(t("Offices write in German. Search with a German word, or try another spelling:"), fallback.words,
             key="search_instead", on_change=_search_instead, format_func=view.esc)
    if fallback.offers:
        st.divider()
        st.subheader(t("Where to ask in person"))
        st.caption(t("Not search results: general first orientation and counselling in the region. "
                     "They help with any question and know where to go next."))
        for offer in fallback.offers:
            view.offer_card(ctx, views.offer_card(ctx.directory, offer, ctx.t, ctx.now))


def _results(ctx: Context, index: search.Index, found: search.Results, query: str, filters: search.Filters,
             signature: object, limit: int) -> None:
    t = ctx.t
    if not found.total:
        if query.strip():
            st.info(t("Nothing found for “{query}”. Try another word, or check the spelling.",
                      query=markup.typed(query.strip())),
                    icon=":material/search_off:")
        else:
            st.info(t("Nothing matches all these filters."), icon=":material/search_off:")
        if filters.active:
            st.write(t("Clearing the filters may find more."))
            st.button(t("Clear filters"), on_click=_clear_filters, icon=":material/filter_alt_off:",
                      key="clear_filters_empty")
        if query.strip():
            _nothing_found(ctx, index, filters)
        return
    st.subheader(t.plural("{n} result", "{n} results", found.total))
    for hit in found.hits:
        view.hit_card(ctx, hit)
    if found.total > len(found.hits):
        st.button(t("Show more results"), on_click=_show_more, args=(signature, limit), icon=":material/expand_more:")
    if filters.active:
        map_filters = {"category": filters.category, "group": filters.target_group, "city": filters.city,
                       "open": "1" if filters.open_now else None}
        st.page_link("pages/map.py", label=t("Show on the map"), icon=":material/map:",
                     query_params=params(ctx, **map_filters))


def start_page(ctx: Context) -> None:
    d, t, q = ctx.directory, ctx.t, st.query_params
    index = search_index(ctx)
    query = search_text(ctx, q.get("q", ""))
    filters = _valid_filters(ctx, index)
    searching = bool(query.strip()) or filters.active
    if not searching:
        welcome = ctx.pages.get("welcome")
        if welcome:
            st.markdown(markup.safe(ctx.text(welcome)))
    _follow("search_q", query)
    st.text_input(t("What are you looking for?"), key="search_q", on_change=_query_changed, icon=":material/search:",
                  max_chars=MAX_QUERY,
                  placeholder=t("For example: recognition of my diploma, German course, Jobcenter"))
    _follow("search_tiles", filters.category)
    icons = {c.id: c.icon for c in d.categories}
    st.pills(t("Topics"), [c.id for c in d.categories], key="search_tiles", on_change=_choice_changed,
             args=("category", "search_tiles"),
             format_func=lambda cid: f":material/{icons[cid]}: {view.esc(ctx.text(d.category(cid).name))}")
    found = None
    if searching:
        signature = (query, filters)
        shown_for, limit = st.session_state.get("search_limit", (None, STEP))
        limit = limit if shown_for == signature else STEP
        found = index.search(query, ctx.lang, filters, now=ctx.now, limit=limit)
    _filter_controls(ctx, index, filters, clear_button=found is None or found.total > 0)
    if found is not None:
        _results(ctx, index, found, query, filters, signature, limit)
    elif d.guides:
        st.header(t("Step by step"))
        for guide in d.guides:
            view.guide_card(ctx, views.guide_card(d, guide, t))
