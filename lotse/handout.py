"""The printable handout a front-desk member gives a visitor, in the visitor's language.

A self-contained HTML page (the portal's own font, a print stylesheet, the
right text direction) with the offer, where to go, the hours, how to get an
appointment and what to bring, the German original of names and addresses to
show at the door, and a QR code that opens the same offer on the visitor's
phone. Every text from content is HTML-escaped here.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from html import escape
from types import SimpleNamespace

import segno

from lotse import hours, light
from lotse.i18n import Translator, isolate, resolve
from lotse.model import Directory, Offer, Office
from lotse.names import door_name, source_line
from lotse.routes import actions

FONT_URL = "/app/static/fonts"


def deep_link(directory: Directory, lang: str, **target: str) -> str:
    """The public link to an offer, office or guide in `lang`: its light page, e.g. https://…/info/ar/offer/ID.

    Links that travel (QR codes, shared links) open the small server-rendered page, which a
    cheap phone on a slow network shows in about a second; it links on to the full portal.
    """
    base = directory.site.public_url.rstrip("/")
    [(kind, id)] = target.items()
    return base + light.path(lang, kind, id)


def qr_svg(url: str) -> str:
    """The QR code of `url` as inline SVG markup."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=4, border=4, xmldecl=False, svgns=True,
                                     nl=False, title=url)
    return buffer.getvalue().decode("ascii")


def qr_png(url: str, scale: int = 8) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


@dataclass(frozen=True)
class Handout:
    offer: Offer
    office: Office | None
    lang: str
    url: str
    html: str


_CSS = """
@font-face { font-family: "Noto Sans Arabic"; font-weight: 400; src: url("%(font)s/NotoSansArabic-Regular.ttf"); }
@font-face { font-family: "Noto Sans Arabic"; font-weight: 700; src: url("%(font)s/NotoSansArabic-Bold.ttf"); }
body { font-family: "Source Sans Pro", "Noto Sans Arabic", "DejaVu Sans", sans-serif; color: #111;
  margin: 1.2rem; line-height: 1.45; font-size: 15px; }
h1 { font-size: 1.5rem; margin: 0 0 .3rem; }
h2 { font-size: 1.05rem; margin: 1rem 0 .3rem; border-bottom: 1px solid #999; }
.de { font-size: .9rem; color: #333; border: 1px dashed #888; padding: .4rem .6rem; margin-top: .6rem; }
.de p { margin: .1rem 0; }
table { border-collapse: collapse; } td { padding: .1rem .6rem .1rem 0; vertical-align: top; }
[dir=rtl] td { padding: .1rem 0 .1rem .6rem; }
.qr { float: inline-end; margin-inline-start: 1rem; text-align: center; font-size: .75rem; max-width: 11rem; }
.toolbar { margin-bottom: 1rem; }
.toolbar button { font-size: 1rem; padding: .4rem 1rem; }
@media print { .toolbar { display: none; } body { margin: 0; } @page { margin: 15mm; } }
"""


def build(directory: Directory, offer: Offer, t: Translator, now: dt.datetime, printable: bool = False) -> Handout:
    """The handout of `offer` in the translator's language; `printable` adds a print button."""
    site = directory.site
    # Labels first: gettext extraction does not look inside f-strings.
    label = SimpleNamespace(
        scan=escape(t("Scan to open this offer on your phone")),
        where=escape(t("Where")),
        phone=escape(t("Phone")),
        hours=escape(t("Office hours")),
        routes=escape(t("How to get an appointment")),
        documents=escape(t("Documents to bring")),
        cost=escape(t("Cost")),
        german=escape(t("For the office (German original):")),
        print=escape(t("Print")),
        checked=escape(source_line(offer.provenance, t)),
    )

    def text(value: dict[str, str] | None) -> str:
        return escape(resolve(value, t.lang, site.fallback, site.default_language).text) if value else ""

    def german(value: dict[str, str] | None) -> str:
        return escape(value.get(site.default_language, "")) if value else ""

    office = directory.office(offer.offices[0]) if offer.offices else None
    url = deep_link(directory, t.lang, offer=offer.id)
    iso = isolate if t.rtl else (lambda s: s)
    parts: list[str] = []
    parts.append(f'<div class="qr">{qr_svg(url)}<div>{label.scan}</div></div>')
    parts.append(f"<h1>{text(offer.title)}</h1>")
    parts.append(f"<p>{text(offer.summary)}</p>")
    if office is not None:
        a = office.address
        address = escape(f"{a.street}, {a.postal_code} {a.city}")
        parts.append(f"<h2>{label.where}</h2><p><strong>{escape(door_name(office.name, t.lang, site.fallback, site.default_language))}</strong><br>{iso(address)}</p>")
        if office.phone:
            parts.append(f"<p>{label.phone}: {iso(escape(office.phone))}</p>")
        status = hours.describe(hours.status(office, now, site.timezone), t, now)
        rows = hours.weekly_rows(office.hours, t)
        if rows:
            table = "".join(f"<tr><td>{escape(day)}</td><td>{iso(escape(span))}</td></tr>" for day, span in rows)
            parts.append(f"<h2>{label.hours}</h2><table>{table}</table><p>{escape(status)}</p>")
    acts = actions(offer, directory, t)
    if acts:
        items = []
        for act in acts:
            target = "" if act.kind == "referral" else f": {iso(escape(act.target))}"
            extra = f" — {escape(act.note)}" if act.note else ""
            items.append(f"<li><strong>{escape(act.label)}</strong>{target}{extra}</li>")
        parts.append(f"<h2>{label.routes}</h2><ol>{''.join(items)}</ol>")
    if offer.documents:
        docs = "".join(f"<li>{text(d)}</li>" for d in offer.documents)
        parts.append(f"<h2>{label.documents}</h2><ul>{docs}</ul>")
    cost = t("Free of charge") if offer.cost.free else t.money(offer.cost.amount or 0)
    parts.append(f"<h2>{label.cost}</h2><p>{escape(cost)}</p>")
    if office is not None:
        a = office.address
        parts.append(
            f'<div class="de" lang="{escape(site.default_language)}" dir="ltr">'
            f"<p><em>{label.german}</em></p>"
            f"<p><strong>{german(offer.title)}</strong></p><p>{german(office.name)}</p>"
            f"<p>{escape(a.street)}, {escape(a.postal_code)} {escape(a.city)}</p></div>"
        )
    parts.append(f'<p style="font-size:.75rem;color:#555">{label.checked}</p>')
    direction = "rtl" if t.rtl else "ltr"
    toolbar = (f'<div class="toolbar"><button type="button" onclick="window.print()">{label.print}</button></div>'
               if printable else "")
    html = (
        f'<!doctype html><html lang="{escape(t.lang)}" dir="{direction}"><head><meta charset="utf-8">'
        f"<title>{text(offer.title)}</title><style>{_CSS % {'font': FONT_URL}}</style></head>"
        f"<body>{toolbar}{''.join(parts)}</body></html>"
    )
    return Handout(offer, office, t.lang, url, html)
