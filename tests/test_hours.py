"""Office hours as a visitor meets them: open now or when next, holidays, exceptions, daylight saving.

The Jena office of the shipped content has appointment hours on Tuesday and
Thursday, 9 to 12; the other offices here are that office with one fact changed.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from conftest import ROOT

from lotse import content, hours
from lotse.hours import State
from lotse.i18n import translator
from lotse.model import Hours, Office

BERLIN = ZoneInfo("Europe/Berlin")
UTC = dt.UTC
en = translator("en")


@pytest.fixture(scope="module")
def jena() -> Office:
    directory = content.load_or_raise(ROOT, today=dt.date(2026, 11, 24))
    return next(o for o in directory.offices if o.address.city == "Jena")


def at(year: int, month: int, day: int, hour: int, minute: int = 0, zone: dt.tzinfo = BERLIN) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=zone)


def with_hours(office: Office, **hours_data: object) -> Office:
    return office.model_copy(update={"hours": Hours.model_validate(hours_data)})


def test_weekly_table_shows_tuesday_and_thursday_nine_to_twelve(jena: Office) -> None:
    rows = dict(hours.weekly_rows(jena.hours, en))
    assert rows == {
        "Monday": "closed",
        "Tuesday": "9:00\u202fAM–12:00\u202fPM (by appointment)",
        "Wednesday": "closed",
        "Thursday": "9:00\u202fAM–12:00\u202fPM (by appointment)",
        "Friday": "closed",
        "Saturday": "closed",
        "Sunday": "closed",
    }


@pytest.mark.parametrize(
    ("now", "state", "sentence"),
    [
        # Tuesday morning: appointment hours are on.
        (at(2026, 11, 24, 10), State.appointment, "Appointment hours now, until 12:00\u202fPM"),
        # Tuesday 11:59 is still inside, 12:00 is not.
        (at(2026, 11, 24, 11, 59), State.appointment, "Appointment hours now, until 12:00\u202fPM"),
        (at(2026, 11, 24, 12), State.appointment_only,
         "By appointment only; next appointment hours Thursday at 9:00\u202fAM"),
        # Monday: closed, and the visitor learns when the next appointment hours are.
        (at(2026, 11, 23, 10), State.appointment_only,
         "By appointment only; next appointment hours tomorrow at 9:00\u202fAM"),
        # Christmas Day 2026 is a Friday and a public holiday in Thuringia.
        (at(2026, 12, 25, 10), State.appointment_only,
         "Closed today: Erster Weihnachtstag · By appointment only; next appointment hours Tuesday at 9:00\u202fAM"),
        # Christmas Day 2025 was a Thursday: the holiday wins over the weekly hours.
        (at(2025, 12, 25, 10), State.appointment_only,
         "Closed today: Erster Weihnachtstag · By appointment only; next appointment hours Tuesday at 9:00\u202fAM"),
    ],
)
def test_status_sentence(jena: Office, now: dt.datetime, state: State, sentence: str) -> None:
    status = hours.status(jena, now)
    assert status.state == state
    assert hours.describe(status, en, now) == sentence


@pytest.mark.parametrize(
    ("day", "open_"),
    [
        (dt.date(2026, 11, 24), True),    # Tuesday
        (dt.date(2026, 11, 26), True),    # Thursday
        (dt.date(2026, 11, 23), False),   # Monday
        (dt.date(2026, 11, 25), False),   # Wednesday
        (dt.date(2026, 12, 25), False),   # Christmas Day (a Friday)
        (dt.date(2025, 12, 25), False),   # Christmas Day on a Thursday
        (dt.date(2026, 5, 14), False),    # Ascension Day, a Thursday
        (dt.date(2026, 5, 21), True),     # the Thursday after
        (dt.date(2028, 10, 31), False),   # Reformation Day, a Tuesday: a holiday in Thuringia
    ],
)
def test_open_on_day(jena: Office, day: dt.date, open_: bool) -> None:
    assert hours.open_on(jena, day) is open_


def test_holidays_are_those_of_the_offices_state(jena: Office) -> None:
    stuttgart = jena.model_copy(update={"address": jena.address.model_copy(update={"state": "BW"})})
    reformation_day = dt.date(2028, 10, 31)  # a holiday in Thuringia, not in Baden-Württemberg
    assert not hours.open_on(jena, reformation_day)
    assert hours.open_on(stuttgart, reformation_day)


@pytest.mark.parametrize(
    ("now", "state", "local_hour"),
    [
        # Spring forward on Sunday 2026-03-29: 09:30 local is 08:30 UTC before, 07:30 UTC after.
        (at(2026, 3, 24, 8, 30, UTC), State.appointment, 9),      # Tuesday before: CET, 09:30
        (at(2026, 3, 24, 7, 30, UTC), State.appointment_only, 8),  # 08:30 CET: not yet
        (at(2026, 3, 31, 7, 30, UTC), State.appointment, 9),      # Tuesday after: CEST, 09:30
        (at(2026, 3, 31, 10, 0, UTC), State.appointment_only, 12),  # 12:00 CEST: over
        # Fall back on Sunday 2026-10-25.
        (at(2026, 10, 20, 6, 30, UTC), State.appointment_only, 8),  # Tuesday before: 08:30 CEST
        (at(2026, 10, 20, 7, 30, UTC), State.appointment, 9),
        (at(2026, 10, 27, 7, 30, UTC), State.appointment_only, 8),  # Tuesday after: 08:30 CET
        (at(2026, 10, 27, 8, 30, UTC), State.appointment, 9),
    ],
)
def test_daylight_saving_change(jena: Office, now: dt.datetime, state: State, local_hour: int) -> None:
    assert now.astimezone(BERLIN).hour == local_hour
    assert hours.status(jena, now).state == state


@pytest.mark.parametrize(
    ("now", "next_start"),
    [
        # Saturday before spring forward: next appointment hours Tuesday 09:00 summer time.
        (at(2026, 3, 28, 12), dt.datetime(2026, 3, 31, 9, tzinfo=BERLIN)),
        # Saturday before fall back: Tuesday 09:00 winter time.
        (at(2026, 10, 24, 12), dt.datetime(2026, 10, 27, 9, tzinfo=BERLIN)),
    ],
)
def test_next_opening_across_daylight_saving_change(jena: Office, now: dt.datetime, next_start: dt.datetime) -> None:
    status = hours.status(jena, now)
    assert status.next_start == next_start
    assert status.next_start is not None and status.next_start.astimezone(UTC) == next_start.astimezone(UTC)
    assert hours.describe(status, en, now) == "By appointment only; next appointment hours Tuesday at 9:00\u202fAM"


def test_temporarily_closed_wins_over_everything(jena: Office) -> None:
    closed = jena.model_copy(update={"temporarily_closed": True})
    now = at(2026, 11, 24, 10)  # inside the Tuesday appointment hours
    assert hours.status(closed, now).state == State.temporarily_closed
    assert hours.describe(hours.status(closed, now), en, now) == "Temporarily closed"
    assert not hours.is_open(closed, now)
    assert not hours.open_on(closed, dt.date(2026, 11, 24))


WEEKLY = {"tue": [{"from": "09:00", "to": "12:00", "kind": "appointment"}],
          "thu": [{"from": "09:00", "to": "12:00", "kind": "appointment"}]}


@pytest.mark.parametrize(
    ("exceptions", "day", "open_"),
    [
        # Closed on one Tuesday (a training day): the weekly hours do not apply.
        ([{"from": "2026-11-24", "closed": True}], dt.date(2026, 11, 24), False),
        # A closure over several days covers its last day, and not the day after.
        ([{"from": "2026-12-21", "to": "2026-12-31", "closed": True}], dt.date(2026, 12, 31), False),
        ([{"from": "2026-12-21", "to": "2026-12-31", "closed": True}], dt.date(2027, 1, 5), True),
        # Extra hours on a Monday.
        ([{"from": "2026-11-23", "slots": [{"from": "14:00", "to": "16:00"}]}], dt.date(2026, 11, 23), True),
        # Special hours on a public holiday: the editors know better than the calendar.
        ([{"from": "2028-10-31", "slots": [{"from": "10:00", "to": "12:00"}]}], dt.date(2028, 10, 31), True),
    ],
)
def test_dated_exceptions_win_over_weekly_hours_and_holidays(
    jena: Office, exceptions: list[dict[str, object]], day: dt.date, open_: bool
) -> None:
    office = with_hours(jena, weekly=WEEKLY, exceptions=exceptions)
    assert hours.open_on(office, day) is open_


def test_exception_hours_are_what_open_now_means(jena: Office) -> None:
    office = with_hours(jena, weekly=WEEKLY, exceptions=[{"from": "2026-11-23", "slots": [{"from": "14:00", "to": "16:00"}]}])
    monday = at(2026, 11, 23, 15)
    assert hours.status(office, monday).state == State.open
    assert hours.describe(hours.status(office, monday), en, monday) == "Open now, until 4:00\u202fPM"
    assert hours.is_open(office, monday)
    assert not hours.is_open(office, at(2026, 11, 23, 16))


def test_no_hours_asks_visitors_to_call_first(jena: Office) -> None:
    office = jena.model_copy(update={"hours": None})
    now = at(2026, 11, 24, 10)
    assert hours.status(office, now).state == State.unknown
    assert hours.describe(hours.status(office, now), en, now) == "No office hours known; please call or write first"


def test_week_shows_each_day_as_it_really_is(jena: Office) -> None:
    office = with_hours(jena, weekly=WEEKLY, exceptions=[{"from": "2026-12-22", "closed": True,
                                                          "note": {"de": "Fortbildung"}}])
    days = hours.week(office, dt.date(2026, 12, 21))
    assert [d.date for d in days] == [dt.date(2026, 12, 21 + i) for i in range(7)]
    assert [d.closed for d in days] == [True, True, True, False, True, True, True]
    assert days[0].slots == () and days[0].holiday is None and days[0].exception is None
    assert days[1].exception is not None and days[1].exception.note == {"de": "Fortbildung"}  # closed for training
    assert len(days[3].slots) == 1 and days[3].holiday is None  # Thursday 24th: the weekly hours, not a holiday
    assert [d.holiday for d in days[4:6]] == ["Erster Weihnachtstag", "Zweiter Weihnachtstag"]
    later = hours.week(office, dt.date(2027, 1, 4))
    assert [(d.date.isoformat(), len(d.slots)) for d in later if not d.closed] == [("2027-01-05", 1), ("2027-01-07", 1)]
    no_hours = hours.week(jena.model_copy(update={"hours": None}), dt.date(2027, 1, 4))
    assert (no_hours[1].date, no_hours[1].slots) == (dt.date(2027, 1, 5), ())


@pytest.mark.parametrize(
    ("kind", "label"), [("open", "open"), ("walk_in", "walk-in"), ("appointment", "by appointment")])
def test_weekly_table_names_the_kind_of_each_slot(jena: Office, kind: str, label: str) -> None:
    office = with_hours(jena, weekly={"wed": [{"from": "08:00", "to": "10:30", "kind": kind}]})
    assert hours.weekly_rows(office.hours, en)[2] == ("Wednesday", f"8:00\u202fAM–10:30\u202fAM ({label})")
    assert hours.weekly_rows(None, en) == []


@pytest.mark.parametrize(
    ("now", "sentence"),
    [
        # Monday 07:00: the walk-in hours start later today.
        (at(2026, 11, 23, 7), "Closed now; opens today at 9:00\u202fAM"),
        # Sunday 00:30 in Berlin is still Saturday in UTC: "today" is Berlin's today.
        (at(2026, 11, 22, 0, 30), "Closed now; opens tomorrow at 9:00\u202fAM"),
        (at(2026, 11, 23, 0, 30), "Closed now; opens today at 9:00\u202fAM"),
        (at(2026, 11, 23, 9, 30), "Walk-in now, until 12:00\u202fPM"),
    ],
)
def test_sentence_says_today_and_tomorrow_in_the_sites_time_zone(jena: Office, now: dt.datetime,
                                                                sentence: str) -> None:
    office = with_hours(jena, weekly={day: [{"from": "09:00", "to": "12:00", "kind": "walk_in"}]
                                      for day in ("mon", "tue", "wed", "thu", "fri")})
    assert hours.describe(hours.status(office, now), en, now) == sentence


def test_open_now_is_judged_in_the_sites_time_zone(jena: Office) -> None:
    office = with_hours(jena, weekly=WEEKLY)
    tuesday = at(2026, 11, 24, 9, 30)  # Berlin: inside the Tuesday hours; Tokyo: 17:30, closed
    assert hours.is_open(office, tuesday, "Europe/Berlin")
    assert not hours.is_open(office, tuesday, "Asia/Tokyo")


@pytest.mark.parametrize(("kind", "sentence"), [("appointment", "By appointment only"), ("open", "Closed now")])
def test_no_opening_in_the_next_three_weeks(jena: Office, kind: str, sentence: str) -> None:
    office = with_hours(jena, weekly={"tue": [{"from": "09:00", "to": "12:00", "kind": kind}]},
                        exceptions=[{"from": "2026-11-23", "to": "2026-12-31", "closed": True}])
    now = at(2026, 11, 24, 10)
    assert hours.status(office, now).next_start is None
    assert hours.describe(hours.status(office, now), en, now) == sentence
