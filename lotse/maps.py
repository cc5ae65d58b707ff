"""The map of services: every office as a coloured marker, clustered in the browser.

`select` picks the offices a visitor asked for (the same filters as search:
category, target group, city, open now) and `build` turns them into a folium
map in the visitor's language. The marker data is sent once, as one compact
array with a table of the texts, and Leaflet.markercluster clusters it in the
browser, so thousands of offices stay light. Popups and tooltips are built in
the browser with `textContent`, so no text from the content is ever parsed as
HTML. Leaflet and its plugin are served by the portal (`lotse.vendor`); the
only other host the map may talk to is the tile server of `services.yaml`.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import re
import threading
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

import folium
from branca.element import CssLink, Element, Figure, JavascriptLink, MacroElement
from folium.map import FitBounds
from folium.plugins import FastMarkerCluster
from folium.template import Template

from lotse import hours, light
from lotse.hours import State, Status
from lotse.i18n import Translator, resolve
from lotse.model import Category, Directory, Offer, Office, Slot, SlotKind
from lotse.names import door_name
from lotse.vendor import URL_PREFIX

MAX_ZOOM = 16          # fitting one office should still show its streets
MIN_ZOOM, MAX_TILE_ZOOM = 3, 19
OFFERS_IN_POPUP = 5    # more are counted ("and 3 more"), not listed
NO_CATEGORY_COLOR = "#5f6b7a"

LEAFLET_JS = [("leaflet", f"{URL_PREFIX}/leaflet/leaflet.js")]
LEAFLET_CSS = [("leaflet_css", f"{URL_PREFIX}/leaflet/leaflet.css")]
CLUSTER_JS = [("markerclusterjs", f"{URL_PREFIX}/markercluster/leaflet.markercluster.js")]
CLUSTER_CSS = [
    ("markerclustercss", f"{URL_PREFIX}/markercluster/MarkerCluster.css"),
    ("markerclusterdefaultcss", f"{URL_PREFIX}/markercluster/MarkerCluster.Default.css"),
]

# The order is the index the browser gets; CSS classes are named after the states.
STATES = [s.value for s in State]
MAP_LIMIT = 2500  # offices on one map at most; more must be narrowed down first (a phone draws them all)


@dataclass(frozen=True)
class Filters:
    """What a visitor narrowed the map down to; None means any."""

    category: str | None = None
    target_group: str | None = None
    city: str | None = None
    open_now: bool = False


@dataclass(frozen=True)
class Pin:
    """One office as the map shows it: its matching offers, its colour and its status now."""

    office: Office
    offers: tuple[Offer, ...]
    category: Category | None
    status: Status


@dataclass(frozen=True)
class _OfferFacts:
    """What selecting offices needs of an offer: not the offer itself (see `_Facts`)."""

    id: str
    category: str
    categories: tuple[str, ...]
    target_groups: tuple[str, ...]

    def matches(self, filters: Filters) -> bool:
        return (filters.category is None or filters.category in self.categories) and (
            filters.target_group is None or filters.target_group in self.target_groups)


@dataclass(frozen=True)
class _Facts:
    """What the map reads of one content version, worked out once for all sessions.

    Ids and topics only, not offices and offers: a compiled directory keeps those on disk
    (lotse.compiled), and a whole country's map must not hold them all. Only the offices
    shown are read. `twin` maps each office to the first office with the same timetable
    (lotse.hours.timetable_key): their status is the same at any moment, so it is worked
    out once per group (thousands of offices share a few hundred timetables).
    """

    directory: Directory
    offices: tuple[str, ...]                      # in content order
    city: dict[str, str]
    offers_at: dict[str, tuple[_OfferFacts, ...]]
    twin: dict[str, str]
    main: dict[str, str | None]   # the category of each office's colour on the unfiltered map


_FACTS: list[_Facts] = []
_FACTS_LOCK = threading.Lock()


def _facts(directory: Directory) -> _Facts:
    with _FACTS_LOCK:
        for facts in _FACTS:
            if facts.directory is directory:
                return facts
        offers_at: dict[str, list[_OfferFacts]] = {}
        for offer in directory.offers:
            fact = _OfferFacts(offer.id, offer.category, offer.all_categories, tuple(offer.target_groups))
            for office_id in dict.fromkeys(offer.offices):
                offers_at.setdefault(office_id, []).append(fact)
        first: dict[Hashable, str] = {}
        twin, city = {}, {}
        for o in directory.offices:
            twin[o.id] = first.setdefault(hours.timetable_key(o), o.id)
            city[o.id] = o.address.city
        order = {c.id: i for i, c in enumerate(directory.categories)}
        main = {office_id: _main_category(offers, order) for office_id, offers in offers_at.items()}
        facts = _Facts(directory, tuple(twin), city, {k: tuple(v) for k, v in offers_at.items()}, twin, main)
        _FACTS.insert(0, facts)
        del _FACTS[4:]  # a few content versions at most are served at once
        return facts


def matching(directory: Directory, filters: Filters, now: dt.datetime) -> list[str]:
    """The ids of the offices that match `filters` at `now`, in content order (no office is read)."""
    facts = _facts(directory)
    narrowed = filters.category is not None or filters.target_group is not None
    tz = directory.site.timezone
    open_twins: dict[str, bool] = {}
    out = []
    for office_id in facts.offices:
        if narrowed and not any(o.matches(filters) for o in facts.offers_at.get(office_id, ())):
            continue
        if filters.city is not None and facts.city[office_id] != filters.city:
            continue
        if filters.open_now:
            twin_id = facts.twin[office_id]
            if twin_id not in open_twins:
                twin = directory.office(twin_id)
                open_twins[twin_id] = twin is not None and hours.is_open(twin, now, tz)
            if not open_twins[twin_id]:
                continue
        out.append(office_id)
    return out


def select(directory: Directory, filters: Filters, now: dt.datetime, ids: Sequence[str] | None = None) -> list[Pin]:
    """The offices that match `filters` at `now` (or the offices `ids` from `matching`), in content order,
    with the offers that matched."""
    facts = _facts(directory)
    ids = matching(directory, filters, now) if ids is None else ids
    narrowed = filters.category is not None or filters.target_group is not None
    tz = directory.site.timezone
    statuses: dict[str, Status] = {}
    order = {c.id: i for i, c in enumerate(directory.categories)}
    pins = []
    for office in (o for o in map(directory.office, ids) if o is not None):
        offered = facts.offers_at.get(office.id, ())
        if narrowed:
            offered = tuple(o for o in offered if o.matches(filters))
        offers = tuple(o for o in map(directory.offer, (f.id for f in offered)) if o is not None)
        twin_id = facts.twin[office.id]
        if twin_id not in statuses:
            statuses[twin_id] = hours.status(directory.office(twin_id) or office, now, tz)
        if filters.category:
            category = directory.category(filters.category)
        elif narrowed:
            category = _category(directory, _main_category(offered, order))
        else:
            category = _category(directory, facts.main.get(office.id))
        pins.append(Pin(office, offers, category, statuses[twin_id]))
    return pins


def _category(directory: Directory, category_id: str | None) -> Category | None:
    return directory.category(category_id) if category_id else None


def _main_category(offers: Sequence[_OfferFacts], order: dict[str, int]) -> str | None:
    """The category most of the office's offers belong to; ties go to the one listed first."""
    if len(offers) == 1:
        return offers[0].category
    counts: dict[str, int] = {}
    for offer in offers:
        counts[offer.category] = counts.get(offer.category, 0) + 1
    return min(counts, key=lambda c: (-counts[c], order.get(c, len(order))), default=None)


def cities(directory: Directory) -> list[str]:
    """The cities that have an office, for the city filter."""
    return sorted(set(_facts(directory).city.values()), key=str.casefold)


def office_href(office_id: str, lang: str) -> str:
    """The office's light page (a link that also works when shared): /info/LL/office/ID."""
    return light.path(quote(lang, safe=""), "office", quote(office_id, safe=""))


_TEMPLATE_OPENER = re.compile(r"\{(?=[{%#])")


def _js(value: Any) -> str:
    """JSON that is safe inside a <script> element and inside folium's templating.

    `<`, `>` and `&` cannot close the script or open a comment. folium renders
    an element's script and then renders that output again as a Jinja
    template, so `{{`, `{%` and `{#` in a text would be run on the server:
    their brace is escaped (compact JSON never has them outside strings). `'`
    keeps `{{'name'}}` from looking like a reference to streamlit-folium.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return _TEMPLATE_OPENER.sub(r"\\u007b", text)


class _Attribution(HTMLParser):
    """Keeps the text of a tile attribution and its https:// links; drops every other tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open_links = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.startswith("https://"):
            self.out.append(f'<a href="{html.escape(tile_url(href))}" target="_blank" rel="noopener noreferrer">')
            self.open_links += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.open_links:
            self.out.append("</a>")
            self.open_links -= 1

    def handle_data(self, data: str) -> None:
        # Braces as entities: folium renders the tile layer's script again as a template.
        self.out.append(html.escape(data).replace("{", "&#123;").replace("}", "&#125;"))


def attribution(text: str, url: str) -> str:
    """The tile attribution as safe HTML: text and https:// links only; the tile host if empty."""
    parser = _Attribution()
    parser.feed(text)
    parser.close()
    safe = "".join(parser.out) + "</a>" * parser.open_links
    return safe if safe.strip() else html.escape(urlsplit(url).hostname or "tiles")


def tile_url(url: str) -> str:
    """The tile URL template with only Leaflet's `{z}`-style placeholders; `{{`, `{%`, `{#` are defused."""
    return _TEMPLATE_OPENER.sub("%7B", url)


_STYLE = """<style>
@font-face { font-family: "Noto Sans Arabic"; font-weight: 400;
  src: url("/app/static/fonts/NotoSansArabic-Regular.ttf") format("truetype"); }
.leaflet-container { font-family: "Helvetica Neue", Arial, Helvetica, "Noto Sans Arabic", sans-serif; }
.lotse-pin { border-radius: 50%; border: 2px solid #fff; box-shadow: 0 0 0 1px rgba(0,0,0,.45), 0 1px 3px rgba(0,0,0,.4);
  box-sizing: border-box; }
.lotse-pin:focus { outline: 3px solid #111; outline-offset: 2px; }
.lotse-popup { font-size: 14px; line-height: 1.35; }
.lotse-popup-name { font-weight: 700; font-size: 15px; margin-bottom: 4px; }
.lotse-state { font-weight: 600; }
.lotse-open, .lotse-appointment { color: #1b5e20; }
.lotse-closed, .lotse-appointment_only, .lotse-unknown { color: #4a4a4a; }
.lotse-temporarily_closed { color: #b71c1c; }
.lotse-today { color: #333; }
.lotse-popup-label { margin-top: 6px; font-weight: 600; }
.lotse-offers { margin: 2px 0 6px; padding-inline-start: 18px; }
.lotse-more { list-style: none; color: #555; }
.lotse-link { font-weight: 600; }
.lotse-legend { background: rgba(255,255,255,.92); padding: 6px 8px; border-radius: 4px; font-size: 13px;
  line-height: 1.5; box-shadow: 0 1px 4px rgba(0,0,0,.3); max-width: 240px; }
.lotse-legend-title { font-weight: 700; }
.lotse-swatch { display: inline-block; width: 11px; height: 11px; border-radius: 50%; margin-inline-end: 6px;
  border: 1px solid rgba(0,0,0,.4); vertical-align: -1px; }
</style>"""


class _Verbatim(Element):  # type: ignore[misc]
    """Text that goes into the page as it is: never rendered as a template again."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class _OnceRendered(MacroElement):  # type: ignore[misc]
    """A folium element whose macros are rendered once and used verbatim.

    folium's `MacroElement.render` compiles each macro's output as a new Jinja
    template and renders it again: slow for a large data array, and it would
    evaluate `{{ ... }}` in any text. This render adds the output as it is.
    """

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        figure = self.get_root()
        assert isinstance(figure, Figure), "render the map, not one of its elements"
        for name, url in getattr(self, "default_js", []):
            figure.header.add_child(JavascriptLink(url), name=name)
        for name, url in getattr(self, "default_css", []):
            figure.header.add_child(CssLink(url), name=name)
        module = self._template.module
        for part in ("header", "html", "script"):
            macro = getattr(module, part, None)
            if macro is not None:
                getattr(figure, part).add_child(_Verbatim(str(macro(self, kwargs))), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class LotseMap(folium.Map):
    """folium's Map without its CDN links: Leaflet comes from the portal itself.

    jQuery, Bootstrap, Font Awesome and awesome-markers are left out: the map
    uses none of them.
    """

    default_js = LEAFLET_JS
    default_css = LEAFLET_CSS


class OfficeCluster(_OnceRendered, FastMarkerCluster):  # type: ignore[misc]
    """FastMarkerCluster with Leaflet.markercluster served by the portal, and its data serialised once."""

    default_js = CLUSTER_JS
    default_css = CLUSTER_CSS

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = (function () {
                {{ this.callback }}
                var data = {{ this.data_json }};
                var cluster = L.markerClusterGroup({{ this.options|tojavascript }});
                cluster.addLayers(data.map(callback));
                cluster.addTo({{ this._parent.get_name() }});
                return cluster;
            })();
        {% endmacro %}"""
    )

    def __init__(self, rows: list[list[Any]], callback: str, **options: Any):
        super().__init__([], callback=callback, **options)  # type: ignore[no-untyped-call]
        self.data_json = _js(rows)


class Style(_OnceRendered):
    """The map's own styles: markers, popups, legend, and the Arabic-script font."""

    _template = Template("{% macro header(this, kwargs) %}" + _STYLE + "{% endmacro %}")


class Legend(_OnceRendered):
    """The categories' colours, as a Leaflet control built with textContent."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map, spec) {
            var legend = L.control({position: "bottomleft"});
            legend.onAdd = function () {
                var box = L.DomUtil.create("div", "lotse-legend");
                box.lang = spec.lang; box.dir = spec.dir;
                var title = document.createElement("div");
                title.className = "lotse-legend-title";
                title.textContent = spec.title;
                box.appendChild(title);
                spec.items.forEach(function (item) {
                    var row = document.createElement("div");
                    var swatch = document.createElement("span");
                    swatch.className = "lotse-swatch";
                    swatch.style.backgroundColor = item[1];
                    row.appendChild(swatch);
                    row.appendChild(document.createTextNode(item[0]));
                    box.appendChild(row);
                });
                return box;
            };
            legend.addTo(map);
        })({{ this._parent.get_name() }}, {{ this.spec }});
        {% endmacro %}
        """
    )

    def __init__(self, spec: str):
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "Legend"
        self.spec = spec


# Builds one marker per data row; popups and tooltips are made only when opened.
_CALLBACK = """(function (T) {
    var S = T.strings;
    var base = (function () {
        try { return window.parent.location.href; } catch (e) { return document.referrer || window.location.href; }
    })();
    var Pin = L.DivIcon.extend({
        createIcon: function (old) {
            var div = L.DivIcon.prototype.createIcon.call(this, old);
            div.style.backgroundColor = this.options.color;
            return div;
        }
    });
    var icons = T.colors.map(function (c) {
        return new Pin({className: "lotse-pin", color: c, html: "", iconSize: [18, 18], popupAnchor: [0, -6]});
    });
    function el(tag, cls, text) {
        var e = document.createElement(tag);
        if (cls) { e.className = cls; }
        if (text !== undefined) { e.textContent = text; }
        return e;
    }
    function box(cls) {
        var e = el("div", cls);
        e.lang = T.lang; e.dir = T.dir;
        return e;
    }
    function href(id) {
        return new URL(T.href.replace("{id}", encodeURIComponent(id)), base).href;
    }
    // The map is in a sandboxed frame that may not navigate the portal page itself,
    // so the link is followed by an anchor in the portal page (same origin).
    function follow(ev) {
        try {
            var doc = window.parent.document;
            var a = doc.createElement("a");
            a.href = this.href;
            doc.body.appendChild(a);
            a.click();
            a.remove();
            ev.preventDefault();
        } catch (e) { /* the link opens in a new tab instead */ }
    }
    function popup(row) {
        var p = box("lotse-popup");
        p.appendChild(el("div", "lotse-popup-name", S[row[2]]));
        p.appendChild(el("div", "lotse-state lotse-" + T.states[row[4]], S[row[5]]));
        if (row[6] >= 0) { p.appendChild(el("div", "lotse-today", S[row[6]])); }
        var offers = row[8];
        if (offers.length) {
            p.appendChild(el("div", "lotse-popup-label", T.labels.offers));
            var list = el("ul", "lotse-offers");
            offers.forEach(function (i) { list.appendChild(el("li", "", S[i])); });
            if (row[7] >= 0) { list.appendChild(el("li", "lotse-more", S[row[7]])); }
            p.appendChild(list);
        }
        var a = el("a", "lotse-link", T.labels.page);
        a.href = href(row[9]);
        a.target = "_blank";
        a.rel = "noopener";
        a.addEventListener("click", follow);
        p.appendChild(a);
        return p;
    }
    return function (row) {
        var marker = L.marker([row[0], row[1]], {icon: icons[row[3]], keyboard: true, riseOnHover: true});
        marker.bindTooltip(function () { var b = box("lotse-tip"); b.textContent = S[row[2]]; return b; },
                           {direction: "top", offset: [0, -10]});
        marker.bindPopup(function () { return popup(row); }, {maxWidth: 320, minWidth: 200});
        marker.on("popupopen", function () { marker.closeTooltip(); });  // the popup says it all
        marker.on("add", function () {
            var e = marker.getElement();
            if (e) { e.setAttribute("aria-label", S[row[2]]); e.setAttribute("data-office", row[9]); }
        });
        return marker;
    };
})(%s)"""



class _Strings:
    """A table of texts, each stored once; rows refer to texts by index."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self._index: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        index = self._index.get(text)
        if index is None:
            index = self._index[text] = len(self.items)
            self.items.append(text)
        return index


def _today_text(slots: tuple[Slot, ...], t: Translator) -> str:
    if not slots:
        return t("Today: closed")
    return t("Today: {hours}", hours=t.join([
        f"{t.time(s.start)}–{t.time(s.end)}" + ("" if s.kind == SlotKind.open else f" ({hours.kind_label(s.kind, t)})")
        for s in slots
    ]))


@dataclass(frozen=True)
class _TimeMemo(Translator):
    """A translator that formats each clock time once: thousands of statuses share a few dozen times."""

    def time(self, value: dt.time) -> str:
        return _time(self.lang, value)


@functools.lru_cache(maxsize=4096)
def _time(lang: str, value: dt.time) -> str:
    return Translator(lang).time(value)


def marker_data(directory: Directory, pins: Iterable[Pin], t: Translator, now: dt.datetime) -> dict[str, Any]:
    """What the browser gets: one row per office, and the texts the rows point at.

    A row is [lat, lon, name, colour, state, status, today, more, [offers], id]:
    texts are indexes into `strings` (-1: none), colour and state index `colors`
    and `states`. Many offices share a status or today's hours, so each
    sentence is made once per distinct value.
    """
    site, lang = directory.site, t.lang
    t = _TimeMemo(lang)
    chain = [lang, *site.fallback, site.default_language]
    today = now.astimezone(ZoneInfo(site.timezone)).date()
    strings, colors = _Strings(), _Strings()
    described: dict[Status, int] = {}
    days: dict[str, int] = {}  # today's hours, by twin (see `_Facts`)
    facts = _facts(directory)
    rows: list[list[Any]] = []

    def text(value: dict[str, str]) -> str:
        for code in chain:
            if value.get(code):
                return value[code]
        return resolve(value, lang, site.fallback, site.default_language).text

    for pin in pins:
        office, status = pin.office, pin.status
        titles = [text(offer.title) for offer in pin.offers]
        rest = len(titles) - OFFERS_IN_POPUP
        if status not in described:
            described[status] = strings(hours.describe(status, t, now))
        hours_today = -1
        if office.hours is not None and status.state not in (State.temporarily_closed, State.unknown):
            twin_id = facts.twin[office.id]
            if twin_id not in days:
                twin = directory.office(twin_id) or office
                days[twin_id] = strings(_today_text(hours.day(twin.hours, today, twin.address.state).slots, t))
            hours_today = days[twin_id]
        rows.append([
            round(office.location.lat, 5),
            round(office.location.lon, 5),
            strings(door_name(office.name, lang, site.fallback, site.default_language)),
            colors(pin.category.color if pin.category else NO_CATEGORY_COLOR),
            STATES.index(status.state.value),
            described[status],
            hours_today,
            strings(t("and {n} more", n=t.number(rest))) if rest > 0 else -1,
            [strings(title) for title in titles[:OFFERS_IN_POPUP]],
            office.id,
        ])
    return {"rows": rows, "strings": strings.items, "colors": colors.items}


def legend_items(directory: Directory, pins: Iterable[Pin], lang: str) -> list[tuple[str, str]]:
    """(name, colour) of the categories on the map, in content order."""
    shown = {pin.category.id for pin in pins if pin.category}
    site = directory.site
    return [(resolve(c.name, lang, site.fallback, site.default_language).text, c.color)
            for c in directory.categories if c.id in shown]


def bounds(pins: Sequence[Pin]) -> list[list[float]] | None:
    """South-west and north-east corners around the offices, or None without offices."""
    if not pins:
        return None
    lats = [p.office.location.lat for p in pins]
    lons = [p.office.location.lon for p in pins]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def build(directory: Directory, pins: Sequence[Pin], t: Translator, now: dt.datetime) -> folium.Map:
    """The folium map of `pins` in the translator's language, fitted to the offices."""
    settings = directory.site.map
    tiles = settings.tiles
    box = bounds(pins)
    center = [settings.center.lat, settings.center.lon]
    if box is not None:
        center = [(box[0][0] + box[1][0]) / 2, (box[0][1] + box[1][1]) / 2]
    m = LotseMap(location=center, zoom_start=settings.zoom, tiles=None)
    m.options.update(min_zoom=MIN_ZOOM, max_zoom=MAX_TILE_ZOOM)  # without tiles Leaflet knows no zoom range
    if tiles.url != "none":
        folium.TileLayer(tiles=tile_url(tiles.url), attr=attribution(tiles.attribution, tiles.url),
                         max_zoom=MAX_TILE_ZOOM).add_to(m)
    m.add_child(Style())  # type: ignore[no-untyped-call]

    data = marker_data(directory, pins, t, now)
    table = {
        "strings": data["strings"],
        "colors": data["colors"],
        "states": STATES,
        "lang": t.lang,
        "dir": "rtl" if t.rtl else "ltr",
        "href": office_href("{id}", t.lang).replace(quote("{id}", safe=""), "{id}"),
        "labels": {"offers": t("Offers here"), "page": t("Open office page")},
    }
    OfficeCluster(
        data["rows"],
        callback=_CALLBACK % _js(table),
        name="offices",
        show_coverage_on_hover=False,
        max_cluster_radius=50,
        chunked_loading=True,
    ).add_to(m)
    items = legend_items(directory, pins, t.lang)
    if items:
        m.add_child(Legend(_js({"title": t("Categories"), "items": items, "lang": t.lang,
                                "dir": "rtl" if t.rtl else "ltr"})))
    if box is not None:
        fit = FitBounds(box, padding=(30, 30), max_zoom=MAX_ZOOM)
        fit.options["animate"] = False  # the first view is simply there; no zoom animation on load
        m.add_child(fit)
    return m


def render(m: folium.Map) -> str:
    """The map as a standalone HTML document (what tests and the benchmark inspect)."""
    return str(m.get_root().render())
