"""What editors should look at besides errors: stale facts and gaps in the content.

Lists entries whose `last_verified` is older than the site's limit (12 months
by default), offers with no appointment route, offices with no hours, and
facts marked unverified. The editor page shows these as tables.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass

from lotse.i18n import resolve
from lotse.model import Directory, Offer, Office, Organisation


@dataclass(frozen=True)
class Entry:
    kind: str      # organisation, office, offer
    id: str
    name: str      # in the default language
    detail: str = ""


def _name(directory: Directory, item: Organisation | Office | Offer) -> str:
    site = directory.site
    text = item.title if isinstance(item, Offer) else item.name
    return resolve(text, site.default_language, site.fallback, site.default_language).text


@dataclass(frozen=True)
class _Fact:
    """What the review lists need of one entry: worked out once per content version, so a whole
    country's directory is read once and not on every visit of the editor page."""

    kind: str
    id: str
    name: str
    last_verified: dt.date
    unverified: tuple[str, ...]
    no_routes: bool = False
    no_hours: bool = False


_FACTS: list[tuple[Directory, tuple[_Fact, ...]]] = []
_FACTS_LOCK = threading.Lock()


def _facts(directory: Directory) -> tuple[_Fact, ...]:
    with _FACTS_LOCK:
        for known, facts in _FACTS:
            if known is directory:
                return facts
        out = [_Fact("organisation", o.id, _name(directory, o), o.provenance.last_verified, ())
               for o in directory.organisations]
        out += [_Fact("office", o.id, _name(directory, o), o.provenance.last_verified,
                      tuple(o.provenance.unverified),
                      no_hours=o.hours is None or not (o.hours.weekly or o.hours.exceptions))
                for o in directory.offices]
        out += [_Fact("offer", o.id, _name(directory, o), o.provenance.last_verified,
                      tuple(o.provenance.unverified), no_routes=not o.routes)
                for o in directory.offers]
        facts = tuple(out)
        _FACTS.insert(0, (directory, facts))
        del _FACTS[4:]  # a few content versions at most are served at once
        return facts


def stale(directory: Directory, today: dt.date) -> list[Entry]:
    """Entries not verified for longer than `site.stale_after_days`, oldest first."""
    limit = directory.site.stale_after_days
    out = []
    for f in _facts(directory):
        age = (today - f.last_verified).days
        if age > limit:
            out.append(Entry(f.kind, f.id, f.name, f"{f.last_verified.isoformat()} ({age} days)"))
    return sorted(out, key=lambda e: e.detail)


def without_routes(directory: Directory) -> list[Entry]:
    return [Entry(f.kind, f.id, f.name) for f in _facts(directory) if f.no_routes]


def without_hours(directory: Directory) -> list[Entry]:
    return [Entry(f.kind, f.id, f.name) for f in _facts(directory) if f.no_hours]


def unverified(directory: Directory) -> list[Entry]:
    return [Entry(f.kind, f.id, f.name, ", ".join(f.unverified)) for f in _facts(directory)
            if f.kind != "organisation" and f.unverified]
