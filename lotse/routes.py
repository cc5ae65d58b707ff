"""Appointment routes as actions a visitor can take: call, write, book, walk in, ask.

Turns an offer's ordered routes into `Action`s with a label in the visitor's
language, a link where there is one (tel:, mailto:, https:), and the hours and
languages of the route. Pages, handouts and the front desk all use this.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lotse.hours import weekly_rows
from lotse.i18n import Translator, resolve
from lotse.model import (
    Directory,
    EmailRoute,
    Offer,
    OnlineRoute,
    PhoneRoute,
    ReferralRoute,
    WalkInRoute,
)
from lotse.names import door_name


@dataclass(frozen=True)
class Action:
    kind: str            # phone, email, online, walk_in, referral
    label: str           # what to do, in the visitor's language
    target: str          # the number, address, link text or office name as written
    href: str | None     # tel:, mailto:, https: link, or None
    office_id: str | None = None
    hours: tuple[tuple[str, str], ...] = ()
    languages: str = ""
    note: str = ""


def international(number: str) -> str:
    """A German number as written, in international form: 0381 444 311 60 → +49 381 444 311 60."""
    text = number.strip()
    if text.startswith("00"):
        return "+" + text[2:]
    if text.startswith("0"):
        return "+49 " + text[1:]
    return text


def tel_href(number: str) -> str:
    """A tel: link for a German number as written: 0381 444 311 60 → tel:+4938144431160."""
    return "tel:" + re.sub(r"[^0-9+]", "", international(number))


def mailto_href(address: str) -> str:
    """A mailto: link for a validated email address."""
    return f"mailto:{address}"


def actions(offer: Offer, directory: Directory, t: Translator) -> list[Action]:
    """How to get an appointment for `offer`, one action per route, in the editor's order."""
    return list(each_action(offer, directory, t))


def each_action(offer: Offer, directory: Directory, t: Translator, brief: bool = False) -> Iterator[Action]:
    """The actions one by one, so a card that shows only the first does not format every route. `brief`:
    what a card's one line needs (kind, label, target), without hours, languages and notes."""
    site = directory.site
    for route in offer.routes:
        langs = t.join([t.language_name(code) for code in route.languages]) if not brief else ""
        note = resolve(route.note, t.lang, site.fallback, site.default_language).text if route.note and not brief else ""
        hours = tuple(weekly_rows(route.hours, t)) if route.hours and not brief else ()
        if isinstance(route, PhoneRoute):
            yield Action("phone", t("Call for an appointment"), route.target, tel_href(route.target),
                         hours=hours, languages=langs, note=note)
        elif isinstance(route, EmailRoute):
            yield Action("email", t("Write an email"), route.target, mailto_href(route.target),
                         hours=hours, languages=langs, note=note)
        elif isinstance(route, OnlineRoute):
            yield Action("online", t("Book online"), route.target, route.target,
                         hours=hours, languages=langs, note=note)
        elif isinstance(route, WalkInRoute):
            office = directory.office(route.target or offer.offices[0])
            name = door_name(office.name, t.lang, site.fallback, site.default_language) if office else ""
            if not brief and not hours and office is not None and office.hours is not None:
                hours = tuple(weekly_rows(office.hours, t))
            yield Action("walk_in", t("Come by without an appointment"), name, None,
                         office_id=office.id if office else None, hours=hours, languages=langs, note=note)
        elif isinstance(route, ReferralRoute):
            office = directory.office(route.target)
            name = door_name(office.name, t.lang, site.fallback, site.default_language) if office else route.target
            yield Action("referral", t("Ask at {office} to refer you", office=name), name, None,
                         office_id=route.target, hours=hours, languages=langs, note=note)
