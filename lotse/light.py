"""Light pages: small server-rendered HTML for every phone, search engine and link preview.

The start page, search results, and every offer, office, guide and topic, in every
site language, as one HTML document each: no JavaScript, system fonts (the
portal's Arabic-script font only on right-to-left pages), a print stylesheet,
`hreflang` alternates and a canonical link. What a page says comes from
`lotse.views`, the same view data the interactive pages lay out; the Jinja2
templates in `templates/` only display it, with autoescape on, and Markdown from
editors goes through `markdown_html`, the one safe renderer (no raw HTML, no remote
images, only http(s)/mailto/tel links).

URL scheme (all relative to `site.public_url`):
    /info/{lang}/                 start: topics, guides, a search box
    /info/{lang}/search?q=…       search results (a plain GET form)
    /info/{lang}/offer/{id}       /info/{lang}/office/{id}
    /info/{lang}/guide/{id}       /info/{lang}/topic/{id}
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup

from lotse import i18n, markup, search, views
from lotse.i18n import Translator, translator
from lotse.model import Directory, Offer, Office

PREFIX = "/info"
KINDS = ("offer", "office", "guide", "topic")
QUERY_LIMIT = 200  # characters of a search text that are searched and shown
SEARCH_PAGE = 20   # results on one light search page: about 5 kB compressed on a phone


def path(lang: str, kind: str = "", id: str = "", **query: str) -> str:
    """The path of a light page: /info/ar/offer/ID, /info/de/search?q=…"""
    out = f"{PREFIX}/{lang}/" + (f"{kind}/{id}" if id else kind)
    kept = {k: v for k, v in query.items() if v}
    return out + (f"?{urlencode(kept)}" if kept else "")


def portal_href(lang: str, page: str = "", **query: str) -> str:
    """The same place in the interactive portal (map, filters, front desk)."""
    return f"/{page}?{urlencode({**{k: v for k, v in query.items() if v}, 'lang': lang})}"


def _safe_link(url: str) -> bool:
    return url.lower().startswith(("https://", "http://", "mailto:", "tel:", "/", "#"))


@functools.cache
def _markdown_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.validateLink = _safe_link  # type: ignore[method-assign]
    return md


@functools.lru_cache(maxsize=4096)  # content texts are immutable; the same ones are asked for again and again
def markdown_html(text: str) -> str:
    """Editors' Markdown as safe HTML: the portal's safe Markdown (`markup.safe`: images become their
    description, no tracking pixels), rendered with raw HTML shown as text and only safe link schemes."""
    return _markdown_parser().render(markup.safe(text)) if text else ""


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["markdown"] = lambda text: Markup(markdown_html(text))
    env.globals.update(path=path, portal_href=portal_href, styles={k: Markup(v) for k, v in styles().items()})
    return env


TEMPLATES = Path(__file__).parent / "templates"


@functools.cache
def styles() -> dict[str, str]:
    """The light pages' stylesheets, inlined: on a 150 ms network every extra request costs a round trip."""
    return {name: (TEMPLATES / f"{name}.css").read_text(encoding="utf-8") for name in ("light", "rtl")}


def style_hashes() -> list[str]:
    """CSP sources that allow exactly the inlined stylesheets and nothing else."""
    return [f"'sha256-{base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()}'" for css in styles().values()]


@dataclass(frozen=True)
class Page:
    """A rendered light page: its status and HTML."""

    status: int
    html: str


SITEMAP_PAGES = 2000   # pages a sitemap file lists, each in every language (ten: 20,000 addresses, about 20 MB)


class Renderer:
    """Renders the light pages of one content version."""

    def __init__(self, directory: Directory, index: search.Index | None, public_url: str | None = None):
        self.directory = directory
        self.index = index
        self.public_url = (public_url or directory.site.public_url).rstrip("/")

    def languages(self) -> list[str]:
        return list(self.directory.site.languages)

    def _base(self, t: Translator, kind: str, id: str, title: str, query: Mapping[str, str] | None = None,
              indexable: bool = True) -> dict[str, Any]:
        site = self.directory.site
        alternates = [(code, i18n.native_name(code), path(code, kind, id, **(query or {})))
                      for code in site.languages]
        return {
            "t": t, "plural": t.plural, "lang": t.lang, "dir": "rtl" if t.rtl else "ltr", "title": title,
            "site_name": views.Texts(self.directory, t)(site.name),
            "canonical": self.public_url + path(t.lang, kind, id, **(query or {})),
            "alternates": alternates, "public_url": self.public_url,
            "default_language": site.default_language, "indexable": indexable,
            "iso": i18n.isolate if t.rtl else (lambda s: s),
        }

    def render(self, template: str, **context: Any) -> str:
        return environment().get_template(template).render(**context)

    def not_found(self, lang: str) -> Page:
        t = translator(lang)
        ctx = self._base(t, "", "", t("Sorry, we could not find this page. It may have been removed. Try searching instead."),
                         indexable=False)
        return Page(404, self.render("not_found.html", **ctx))

    def start(self, lang: str, now: dt.datetime) -> Page:
        t, d = translator(lang), self.directory
        texts = views.Texts(d, t)
        topics = [(c.id, texts(c.name)) for c in d.categories]
        guides = [views.guide_card(d, g, t) for g in d.guides]
        ctx = self._base(t, "", "", t("Find help"))
        return Page(200, self.render("start.html", topics=topics, guides=guides, query="", **ctx))

    def search(self, lang: str, query: str, now: dt.datetime, category: str = "", page: int = 1) -> Page:
        """Search results, `SEARCH_PAGE` a page; when nothing is found, the German words to try and, set apart,
        the region's first orientation and counselling (what the portal's start page offers too)."""
        t, d = translator(lang), self.directory
        query = query.strip()
        cut = len(query) > QUERY_LIMIT
        query = query[:QUERY_LIMIT]
        filters = search.Filters(category=category if d.category(category) else None)
        page = max(1, page)
        found = self.index.search(query, lang, filters, now=now, limit=page * SEARCH_PAGE) \
            if self.index is not None and query else None
        total = found.total if found else 0
        pages = max(1, -(-total // SEARCH_PAGE))
        page = min(page, pages)  # a page past the end (an old link): the last one, whose hits are all in `found`
        cards: list[tuple[str, Any]] = []
        for hit in found.hits[(page - 1) * SEARCH_PAGE:] if found else []:
            item = hit.item
            if isinstance(item, Offer):
                cards.append(("offer", views.offer_card(d, item, t, now)))
            elif isinstance(item, Office):
                cards.append(("office", views.office_card(d, item, t, now, hit.categories)))
            else:
                cards.append(("guide", views.guide_card(d, item, t)))
        words: tuple[str, ...] = ()
        helping: list[Any] = []
        if query and not total and self.index is not None:
            fallback = self.index.fallback(lang, filters)
            words = fallback.words
            helping = [views.offer_card(d, offer, t, now) for offer in fallback.offers]
        kept = {"q": query, "category": filters.category or ""}
        ctx = self._base(t, "search", "", t("Search") + (f": {query}" if query else ""),
                         {**kept, "page": str(page) if page > 1 else ""}, indexable=False)
        return Page(200, self.render("search.html", query=query, cut=cut, cards=cards, total=total, page=page,
                                     pages=pages, kept=kept, words=words, helping=helping, **ctx))

    def item(self, lang: str, kind: str, id: str, now: dt.datetime, page: int = 1) -> Page:
        t, d = translator(lang), self.directory
        if kind == "offer" and (offer := d.offer(id)) is not None:
            view = views.offer_view(d, offer, t, now)
            return Page(200, self.render("offer.html", offer=view, **self._base(t, kind, id, view.title.text)))
        if kind == "office" and (office := d.office(id)) is not None:
            oview = views.office_view(d, office, t, now)
            return Page(200, self.render("office.html", office=oview, **self._base(t, kind, id, oview.name)))
        if kind == "guide" and (guide := d.guide(id)) is not None:
            gview = views.guide_view(d, guide, t)
            return Page(200, self.render("guide.html", guide=gview, **self._base(t, kind, id, gview.title.text)))
        if kind == "topic" and (cview := views.category_view(d, id, t, now, page)) is not None:
            query = {"page": str(cview.page)} if cview.page > 1 else None
            return Page(200, self.render("topic.html", topic=cview, **self._base(t, kind, id, cview.name, query)))
        return self.not_found(lang)

    def _targets(self) -> list[tuple[str, str]]:
        d = self.directory
        return [("", "")] + [("topic", c.id) for c in d.categories] + [("offer", i) for i in d.ids("offers")] + \
            [("office", i) for i in d.ids("offices")] + [("guide", g.id) for g in d.guides]

    def urls(self, targets: list[tuple[str, str]] | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
        """Every light page in every language: (absolute URL, [(hreflang, alternate URL), …])."""
        d = self.directory
        out: list[tuple[str, list[tuple[str, str]]]] = []
        for kind, id in self._targets() if targets is None else targets:
            alternates = [(code, self.public_url + path(code, kind, id)) for code in d.site.languages]
            out.extend((url, alternates) for _, url in alternates)
        return out

    def sitemap_parts(self) -> int:
        """How many sitemap files the pages need (1: `/sitemap.xml` lists them all)."""
        return max(1, -(-len(self._targets()) // SITEMAP_PAGES))

    def sitemap(self, part: int | None = None) -> str | None:
        """The sitemap: all pages in one file, or, for a large directory, an index of `/sitemap-N.xml` files
        (search engines read at most 50,000 addresses and 50 MB a file); None for a part that does not exist."""
        default = self.public_url + path(self.directory.site.default_language)
        parts = self.sitemap_parts()
        if part is None and parts > 1:
            return self.render("sitemap-index.xml", parts=[f"{self.public_url}/sitemap-{n}.xml"
                                                           for n in range(1, parts + 1)])
        if part is not None and not 1 <= part <= parts:
            return None
        targets = self._targets()
        if part is not None:
            targets = targets[(part - 1) * SITEMAP_PAGES:part * SITEMAP_PAGES]
        return self.render("sitemap.xml", urls=self.urls(targets), default=default)
