"""The shipped content says what the five source texts say."""

import datetime as dt

import pytest
from conftest import ROOT

from lotse import content, hours
from lotse.model import Directory, PhoneRoute, SlotKind, Weekday


@pytest.fixture(scope="module")
def directory() -> Directory:
    return content.load_or_raise(ROOT, today=dt.date(2026, 11, 24))


def test_shipped_content_has_no_errors() -> None:
    result = content.load(ROOT, today=dt.date(2026, 11, 24))
    assert [str(p) for p in result.errors] == []


def test_five_source_organisations_have_offices(directory: Directory) -> None:
    cities = {o.address.city for o in directory.offices}
    assert {"Osnabrück", "Dresden", "Rostock", "Jena", "Münsingen"} <= cities


def test_rostock_contact_is_the_one_from_the_text(directory: Directory) -> None:
    office = next(o for o in directory.offices if o.address.city == "Rostock")
    assert office.address.street.startswith("Budapester Str")
    assert office.address.street.endswith("16") and office.address.postal_code == "18057"
    assert office.phone == "0381 444 311 60"
    assert "phone" not in office.provenance.unverified and "address" not in office.provenance.unverified


def test_jena_appointments_tuesday_and_thursday_nine_to_twelve(directory: Directory) -> None:
    office = next(o for o in directory.offices if o.address.city == "Jena")
    assert office.hours is not None
    weekly = {day: [(s.start, s.end, s.kind) for s in slots] for day, slots in office.hours.weekly.items() if slots}
    slot = (dt.time(9), dt.time(12), SlotKind.appointment)
    assert weekly == {Weekday.tue: [slot], Weekday.thu: [slot]}
    first_route = directory.offers_at(office.id)[0].routes[0]
    assert isinstance(first_route, PhoneRoute)  # appointments are arranged by phone


def test_guesses_are_marked_unverified(directory: Directory) -> None:
    for office in directory.offices:
        if office.address.city != "Rostock":
            assert "address" in office.provenance.unverified, office.id
        assert not office.provenance.verified


def test_categories_cover_the_seed_offers(directory: Directory) -> None:
    used = {c for o in directory.offers for c in o.all_categories}
    assert {"first-orientation", "recognition", "women", "language", "work"} <= used


def test_jena_closed_on_christmas_and_mondays(directory: Directory) -> None:
    office = next(o for o in directory.offices if o.address.city == "Jena")
    assert not hours.open_on(office, dt.date(2026, 12, 25))  # a Friday, and a holiday
    assert not hours.open_on(office, dt.date(2026, 11, 23))  # a Monday
    assert hours.open_on(office, dt.date(2026, 11, 24))      # a Tuesday
