"""What every page asks the session context: a text and a door name in the visitor's language."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import SERVICES, write_content

import portal
from lotse import content, i18n


def test_a_text_missing_in_every_fallback_language_is_shown_in_the_default_language(tmp_path: Path) -> None:
    """fallback: [en] leaves German out of the chain; the site's default language still comes before
    whatever language an editor happened to write first."""
    services = (SERVICES.replace("languages: [de, en]", "languages: [de, en, ar, fr]\n  fallback: [en]")
                .replace("title: {de: Beratung, en: Counselling}", "title: {fr: Conseil, de: Beratung}")
                .replace("name: {de: Büro, en: Office}", "name: {fr: Bureau, de: Büro}"))
    directory = content.load_or_raise(write_content(tmp_path, services))
    offer, office = directory.offer("counselling"), directory.office("office")
    assert offer is not None and office is not None
    ctx = portal.Context(None, directory, None, "ar", i18n.translator("ar"), dt.datetime(2026, 11, 24))  # type: ignore[arg-type]
    assert ctx.text(offer.title) == "Beratung"
    assert ctx.door_name(office.name) == "Büro"
