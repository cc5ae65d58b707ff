"""Front desk: the handout in the visitor's language, its QR code, and the page itself."""

import datetime as dt
import io
from pathlib import Path
from zoneinfo import ZoneInfo

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
