"""Office hours: is an office open now, until when, and when does it open next.

Pure functions of the content and `now` (an aware datetime), in the site's
time zone (Europe/Berlin), so daylight-saving changes are handled by zoneinfo
and tests can pass any moment. Public holidays of the office's federal state
come from the `holidays` package; editors' dated exceptions win over both
holidays and the weekly hours.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

import holidays

from lotse.i18n import Translator
from lotse.model import WEEKDAYS, FederalState, Hours, HoursException, Office, Slot, SlotKind, Weekday

LOOKAHEAD_DAYS = 21


class State(StrEnum):
    open = "open"                            # open to all now (or walk-in)
    appointment = "appointment"              # within appointment hours now
    closed = "closed"                        # closed now; see `next`
    appointment_only = "appointment_only"    # never open without an appointment
    temporarily_closed = "temporarily_closed"
    unknown = "unknown"                      # no hours in the content


@dataclass(frozen=True)
class Day:
    """What one calendar day looks like at an office."""

    date: dt.date
    slots: tuple[Slot, ...]
    holiday: str | None = None
    exception: HoursException | None = None

    @property
    def closed(self) -> bool:
        return not self.slots


@dataclass(frozen=True)
class Status:
    state: State
    until: dt.datetime | None = None        # end of the current slot
    kind: SlotKind | None = None            # kind of the current slot
    next_start: dt.datetime | None = None   # next slot when closed
    next_kind: SlotKind | None = None
    holiday: str | None = None              # today's holiday, if that is why it is closed


@functools.lru_cache(maxsize=128)
def _holidays(state: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("DE", subdiv=state, years=year, language="de")


def holiday(day: dt.date, state: FederalState | str) -> str | None:
    """Name (German) of the public holiday on `day` in `state`, or None."""
    name = _holidays(str(state), day.year).get(day)
    return str(name) if name else None


def _exception(hours: Hours, day: dt.date) -> HoursException | None:
    for exc in hours.exceptions:
        if exc.start <= day <= exc.last:
            return exc
    return None


def day(hours: Hours | None, date: dt.date, state: FederalState | str) -> Day:
    """The slots of one day: exceptions first, then public holidays, then the weekly hours."""
    if hours is None:
        return Day(date, ())
    exc = _exception(hours, date)
    if exc is not None:
        return Day(date, tuple(exc.slots), exception=exc)
    name = holiday(date, state)
    if name:
        return Day(date, (), holiday=name)
    return Day(date, tuple(hours.weekly.get(WEEKDAYS[date.weekday()], ())))


def _at(date: dt.date, time: dt.time, tz: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(date, time, tzinfo=tz)


def status(office: Office, now: dt.datetime, tz: str = "Europe/Berlin") -> Status:
    """Whether `office` is open at `now`, until when, or when it opens next."""
    if office.temporarily_closed:
        return Status(State.temporarily_closed)
    hours = office.hours
    if hours is None or not (hours.weekly or hours.exceptions):
        return Status(State.unknown)
    zone = ZoneInfo(tz)
    local = now.astimezone(zone)
    today = day(hours, local.date(), office.address.state)
    for slot in today.slots:
        start, end = _at(local.date(), slot.start, zone), _at(local.date(), slot.end, zone)
        if start <= local < end:
            state = State.appointment if slot.kind == SlotKind.appointment else State.open
            return Status(state, until=end, kind=slot.kind)
    next_start, next_kind = next_opening(hours, office.address.state, local, zone)
    only_appointments = bool(hours.weekly) and all(
        s.kind == SlotKind.appointment for slots in hours.weekly.values() for s in slots
    )
    state = State.appointment_only if only_appointments else State.closed
    return Status(state, next_start=next_start, next_kind=next_kind, holiday=today.holiday)


def next_opening(
    hours: Hours, state: FederalState | str, after: dt.datetime, zone: ZoneInfo
) -> tuple[dt.datetime | None, SlotKind | None]:
    """The next slot start after `after`, within the next three weeks."""
    for offset in range(LOOKAHEAD_DAYS):
        date = after.date() + dt.timedelta(days=offset)
        for slot in day(hours, date, state).slots:
            start = _at(date, slot.start, zone)
            if start > after:
                return start, slot.kind
    return None, None


def open_on(office: Office, date: dt.date) -> bool:
    """Whether the office has any slot on `date` (holidays and exceptions applied)."""
    if office.temporarily_closed:
        return False
    return not day(office.hours, date, office.address.state).closed


def timetable_key(office: Office) -> Hashable:
    """All that decides whether an office is open at some moment: offices with the same key always agree,
    so their status is worked out once (thousands of offices share a few hundred timetables)."""
    h = office.hours
    timetable = None if h is None else (
        tuple((day.value, _slots_key(slots)) for day, slots in h.weekly.items()),
        tuple((e.start, e.end, e.closed, _slots_key(e.slots)) for e in h.exceptions),
    )
    return office.address.state, office.temporarily_closed, timetable


def _slots_key(slots: Iterable[Slot]) -> tuple[tuple[dt.time, dt.time, str], ...]:
    return tuple((s.start, s.end, s.kind.value) for s in slots)


def is_open(office: Office, now: dt.datetime, tz: str = "Europe/Berlin") -> bool:
    """Open at `now`, with or without appointment."""
    return status(office, now, tz).state in (State.open, State.appointment)


def week(office: Office, start: dt.date) -> list[Day]:
    """Seven days from `start`, as they really are (holidays and exceptions applied)."""
    return [day(office.hours, start + dt.timedelta(days=i), office.address.state) for i in range(7)]


def describe(st: Status, t: Translator, now: dt.datetime) -> str:
    """One sentence for a status, in the translator's language."""
    def when(moment: dt.datetime) -> str:
        local_now = now.astimezone(moment.tzinfo)
        if moment.date() == local_now.date():
            return t("today at {time}", time=t.time(moment.time()))
        if moment.date() == local_now.date() + dt.timedelta(days=1):
            return t("tomorrow at {time}", time=t.time(moment.time()))
        return t("{weekday} at {time}", weekday=t.weekday(moment.weekday()), time=t.time(moment.time()))

    if st.state == State.temporarily_closed:
        return t("Temporarily closed")
    if st.state == State.unknown:
        return t("No office hours known; please call or write first")
    if st.state == State.open:
        if st.kind == SlotKind.walk_in:
            return t("Walk-in now, until {time}", time=t.time(st.until.timetz()) if st.until else "")
        return t("Open now, until {time}", time=t.time(st.until.timetz()) if st.until else "")
    if st.state == State.appointment:
        return t("Appointment hours now, until {time}", time=t.time(st.until.timetz()) if st.until else "")
    prefix = t("Closed today: {holiday}", holiday=st.holiday) + " · " if st.holiday else ""
    if st.state == State.appointment_only:
        if st.next_start:
            return prefix + t("By appointment only; next appointment hours {when}", when=when(st.next_start))
        return prefix + t("By appointment only")
    if st.next_start:
        return prefix + t("Closed now; opens {when}", when=when(st.next_start))
    return prefix + t("Closed now")


def kind_label(kind: SlotKind, t: Translator) -> str:
    return {
        SlotKind.open: t("open"),
        SlotKind.walk_in: t("walk-in"),
        SlotKind.appointment: t("by appointment"),
    }[kind]


def weekly_rows(hours: Hours | None, t: Translator) -> list[tuple[str, str]]:
    """The weekly hours as (weekday name, slots) rows, Monday first, closed days included."""
    if hours is None:
        return []
    rows = []
    for index, weekday in enumerate(Weekday):
        slots = hours.weekly.get(weekday, [])
        text = t.join(
            [f"{t.time(s.start)}–{t.time(s.end)} ({kind_label(s.kind, t)})" for s in slots]
        ) if slots else t("closed")
        rows.append((t.weekday(index), text))
    return rows
