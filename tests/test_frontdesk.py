"""Front desk: the handout in the visitor's language, its QR code, and the page itself."""

import datetime as dt
import io
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import zxingcpp
from apptest import run
from conftest import SERVICES, write_content
from PIL import Image

from lotse import content, handout
from lotse.i18n import translator

NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def decode(png: bytes) -> str:
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert len(results) == 1
    return str(results[0].text)


def test_qr_code_decodes_to_the_offer_in_the_visitors_language(content_dir: Path) -> None:
    directory = content.load_or_raise(content_dir)
    url = handout.deep_link(directory, "ar", offer="counselling")
    assert url == "http://localhost:8501/info/ar/offer/counselling"
    assert decode(handout.qr_png(url)) == url


def test_arabic_handout_runs_right_to_left_with_german_original(content_dir: Path) -> None:
    directory = content.load_or_raise(content_dir)
    offer = directory.offer("counselling")
    assert offer is not None
    sheet = handout.build(directory, offer, translator("ar"), NOW)
    assert sheet.html.startswith('<!doctype html><html lang="ar" dir="rtl">')
    assert 'lang="de" dir="ltr"' in sheet.html  # the German original to show at the door
    assert "Büro" in sheet.html and "Markt 1, 07743 Jena" in sheet.html
    assert "<svg" in sheet.html and sheet.url.endswith("/info/ar/offer/counselling")


def test_handout_escapes_hostile_content(tmp_path: Path) -> None:
    hostile = "<img src=x onerror=alert(1)>"
    root = write_content(tmp_path, SERVICES.replace("summary: {de: Wir beraten., en: We advise.}",
                                                    f"summary: {{de: '{hostile}', en: '{hostile}'}}"))
    directory = content.load_or_raise(root)
    offer = directory.offer("counselling")
    assert offer is not None
    sheet = handout.build(directory, offer, translator("en"), NOW)
    assert hostile not in sheet.html
    assert "&lt;img src=x onerror=alert(1)&gt;" in sheet.html


def test_front_desk_page_shows_both_languages_and_the_handout(content_dir: Path) -> None:
    at = run(content_dir, page="frontdesk", lang="de", q="Beratung", visitor="en", handout="counselling")
    assert not at.exception
    html = " ".join(str(el.proto.body) for el in at.get("html"))
    assert 'lang="en" dir="ltr"' in html and "Counselling" in html
    assert any("Beratung" in str(m.value) for m in at.markdown)
    assert any("/info/en/offer/counselling" in str(c.value) for c in at.caption)


FULL = SERVICES.replace("    routes:\n      - type: phone\n        target: 03641 49 0\n", """\
    documents:
      - {de: Pass, en: Passport}
      - {de: Zeugnisse, en: Certificates}
    cost: {free: false, amount: 12.5}
    routes:
      - type: phone
        target: 03641 49 0
        note: {de: Nur vormittags., en: Mornings only.}
      - type: referral
        target: office
""").replace("    address: {street: Markt 1", "    phone: 03641 49 1\n    address: {street: Markt 1")


def test_handout_has_what_the_visitor_needs_at_the_office(tmp_path: Path) -> None:
    directory = content.load_or_raise(write_content(tmp_path, FULL))
    offer = directory.offer("counselling")
    assert offer is not None
    sheet = handout.build(directory, offer, translator("en"), NOW, printable=True)
    html = sheet.html
    assert sheet.lang == "en" and sheet.office is not None and sheet.office.id == "office" and sheet.offer is offer
    assert html.startswith('<!doctype html><html lang="en" dir="ltr"><head><meta charset="utf-8"><title>Counselling</title>')
    for fragment in (
        '<div class="toolbar"><button type="button" onclick="window.print()">Print</button></div>',
        "<div>Scan to open this offer on your phone</div>",
        "<h1>Counselling</h1><p>We advise.</p>",
        "<h2>Where</h2><p><strong>Office (Büro)</strong><br>Markt 1, 07743 Jena</p><p>Phone: 03641 49 1</p>",
        "<h2>Office hours</h2><table><tr><td>Monday</td><td>closed</td></tr>"
        "<tr><td>Tuesday</td><td>9:00\u202fAM–12:00\u202fPM (by appointment)</td></tr>",
        "</table><p>Appointment hours now, until 12:00\u202fPM</p>",
        "<h2>How to get an appointment</h2><ol><li><strong>Call for an appointment</strong>: 03641 49 0"
        " — Mornings only.</li><li><strong>Ask at Office (Büro) to refer you</strong></li></ol>",
        "<h2>Documents to bring</h2><ul><li>Passport</li><li>Certificates</li></ul>",
        "<h2>Cost</h2><p>€12.50</p>",
        '<div class="de" lang="de" dir="ltr"><p><em>For the office (German original):</em></p>'
        "<p><strong>Beratung</strong></p><p>Büro</p><p>Markt 1, 07743 Jena</p></div>",
        "Source: test, checked on Nov 1, 2026</p></body></html>",
        'src: url("/app/static/fonts/NotoSansArabic-Regular.ttf")',
    ):
        assert fragment in html, fragment
    wednesday = NOW + dt.timedelta(days=1)
    plain = handout.build(directory, offer, translator("en"), wednesday)
    assert "<body><div class=\"qr\">" in plain.html  # no print button
    assert "</table><p>By appointment only; next appointment hours tomorrow at 9:00\u202fAM</p>" in plain.html


@pytest.mark.parametrize(("public_url", "link"), [
    ("https://lotse.example.org/", "https://lotse.example.org/info/uk/offer/counselling"),
    ("https://example.org/BOX", "https://example.org/BOX/info/uk/offer/counselling"),
    ("https://example.org/lotse//", "https://example.org/lotse/info/uk/offer/counselling"),
])
def test_deep_link_starts_with_the_sites_public_address(tmp_path: Path, public_url: str, link: str) -> None:
    root = write_content(tmp_path, SERVICES.replace("  default_language: de\n",
                                                    f"  default_language: de\n  public_url: {public_url}\n"))
    assert handout.deep_link(content.load_or_raise(root), "uk", offer="counselling") == link


def test_handout_of_a_free_offer_says_so(content_dir: Path) -> None:
    directory = content.load_or_raise(content_dir)
    offer = directory.offer("counselling")
    assert offer is not None
    assert "<h2>Cost</h2><p>Free of charge</p>" in handout.build(directory, offer, translator("en"), NOW).html


def test_arabic_handout_keeps_latin_facts_in_their_own_direction(tmp_path: Path) -> None:
    root = write_content(tmp_path, FULL.replace("languages: [de, en]", "languages: [de, en, ar]")
                         .replace("title: {de: Beratung, en: Counselling}", "title: {de: Beratung, en: Counselling, ar: استشارة}"))
    directory = content.load_or_raise(root)
    offer = directory.offer("counselling")
    assert offer is not None
    html = handout.build(directory, offer, translator("ar"), NOW).html
    assert "<h1>استشارة</h1><p>We advise.</p>" in html  # the visitor's language, else the fallback
    assert "<p><strong>Beratung</strong></p>" in html  # the German original for the door
    assert "<br>\u2068Markt 1, 07743 Jena\u2069</p>" in html
    assert ": \u206803641 49 1\u2069</p>" in html  # the office's phone
    assert "</td><td>\u2068" in html  # each slot of the hours table
    assert "</strong>: \u206803641 49 0\u2069 — " in html  # the route's number


def read_svg_qr(svg: str) -> str:
    """Decode an inline SVG QR code as segno writes it: one path of horizontal runs (M, m, h), one unit a module."""
    import re

    from PIL import ImageDraw

    size = int(re.search(r'width="(\d+)"', svg).group(1)) // 4  # type: ignore[union-attr]
    path = re.search(r' d="([^"]+)"', svg).group(1)  # type: ignore[union-attr]
    image = Image.new("L", (size * 8, size * 8), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            draw.rectangle([x * 8, (y - 0.5) * 8, (x + float(a)) * 8 - 1, (y + 0.5) * 8 - 1], fill=0)
            x += float(a)
    results = zxingcpp.read_barcodes(image)
    assert len(results) == 1
    return str(results[0].text)


def test_printed_qr_code_is_a_plain_inline_svg_of_the_link(content_dir: Path) -> None:
    directory = content.load_or_raise(content_dir)
    offer = directory.offer("counselling")
    assert offer is not None
    sheet = handout.build(directory, offer, translator("ar"), NOW)
    svg = sheet.html[sheet.html.index("<svg"):sheet.html.index("</svg>") + 6]
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" width="164" height="164" class="segno">'
                          "<title>http://localhost:8501/info/ar/offer/counselling</title>")
    assert "\n" not in svg and "<?xml" not in sheet.html
    assert read_svg_qr(svg) == "http://localhost:8501/info/ar/offer/counselling"
    assert decode(handout.qr_png(sheet.url, scale=3)) == sheet.url
    assert Image.open(io.BytesIO(handout.qr_png(sheet.url, scale=3))).size == (123, 123)  # 33 modules + 2 × 4 border
