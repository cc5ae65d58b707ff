"""What the editor page lists besides errors: stale entries, offers without routes, offices without
hours, facts not yet confirmed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import SERVICES, write_content

from lotse import content, review
from lotse.model import Directory
from lotse.review import Entry

OFFICE = "    provenance: {source: test, last_verified: 2026-11-01}\noffers:\n"
MORE = """\
  - id: annex
    organisation: city
    name: {de: Nebenstelle, en: Annex}
    address: {street: Markt 2, postal_code: "07743", city: Jena, state: TH}
    location: {lat: 50.93, lon: 11.59}
    hours: {weekly: {}, exceptions: []}
    provenance: {source: test, last_verified: 2025-11-30, unverified: [phone, hours]}
  - id: kiosk
    organisation: city
    name: {de: Kiosk}
    address: {street: Markt 3, postal_code: "07743", city: Jena, state: TH}
    location: {lat: 50.93, lon: 11.59}
    hours: {exceptions: [{from: 2026-12-24, closed: true}]}
    provenance: {source: test, last_verified: 2025-12-01}
offers:
  - id: drop-in
    offices: [annex]
    category: recognition
    title: {de: Offene Sprechstunde, en: Drop-in}
    summary: {de: Einfach kommen., en: Just come.}
    provenance: {source: test, last_verified: 2024-02-29, unverified: [routes]}
"""
TODAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory) -> Directory:
    services = (SERVICES.replace("last_verified: 2026-11-01}\noffices:", "last_verified: 2025-06-01}\noffices:")
                .replace(OFFICE, OFFICE.replace("offers:\n", MORE)))
    root = write_content(tmp_path_factory.mktemp("review") / "site", services)
    result = content.load(root, today=TODAY)
    assert result.directory is not None, [str(p) for p in result.errors]
    return result.directory


def test_stale_lists_what_was_not_verified_for_a_year_oldest_first(directory: Directory) -> None:
    assert review.stale(directory, TODAY) == [
        Entry("offer", "drop-in", "Offene Sprechstunde", "2024-02-29 (1006 days)"),
        Entry("organisation", "city", "Stadt Jena", "2025-06-01 (548 days)"),
        Entry("office", "annex", "Nebenstelle", "2025-11-30 (366 days)"),
    ]  # the kiosk, verified 365 days ago, is just in time


def test_stale_follows_the_sites_limit(directory: Directory) -> None:
    site = directory.site.model_copy(update={"stale_after_days": 600})
    strict = directory.model_copy(update={"site": site})
    assert [e.id for e in review.stale(strict, TODAY)] == ["drop-in"]
    assert review.stale(directory, dt.date(2025, 2, 27)) == []  # 364 days after the oldest


def test_gaps_without_routes_and_without_hours(directory: Directory) -> None:
    assert review.without_routes(directory) == [Entry("offer", "drop-in", "Offene Sprechstunde")]
    assert review.without_hours(directory) == [Entry("office", "annex", "Nebenstelle")]


def test_unconfirmed_facts_are_listed_by_name(directory: Directory) -> None:
    assert review.unverified(directory) == [
        Entry("office", "annex", "Nebenstelle", "phone, hours"),
        Entry("offer", "drop-in", "Offene Sprechstunde", "routes"),
    ]


def test_names_are_in_the_default_language(tmp_path: Path) -> None:
    root = write_content(tmp_path, SERVICES.replace("default_language: de", "default_language: en")
                         .replace("last_verified: 2026-11-01}\noffers:", "last_verified: 2020-01-01}\noffers:"),
                         **{f"content/pages/{page}.en.md": "# page\n" for page in ("welcome", "about", "privacy", "imprint")})
    directory = content.load_or_raise(root, today=TODAY)
    assert [(e.id, e.name) for e in review.stale(directory, TODAY)] == [("office", "Office")]
