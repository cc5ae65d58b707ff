"""What editors should look at besides errors: stale facts and gaps in the content.

Lists entries whose `last_verified` is older than the site's limit (12 months
by default), offers with no appointment route, offices with no hours, and
facts marked unverified. The editor page shows these as tables.
"""

from __future__ import annotations

import datetime as dt
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


def stale(directory: Directory, today: dt.date) -> list[Entry]:
    """Entries not verified for longer than `site.stale_after_days`, oldest first."""
    limit = directory.site.stale_after_days
    out = []
    groups: tuple[tuple[str, tuple[Organisation | Office | Offer, ...]], ...] = (
        ("organisation", directory.organisations), ("office", directory.offices), ("offer", directory.offers))
    for kind, items in groups:
        for item in items:
            name = _name(directory, item)
            age = (today - item.provenance.last_verified).days
            if age > limit:
                out.append(Entry(kind, item.id, name, f"{item.provenance.last_verified.isoformat()} ({age} days)"))
    return sorted(out, key=lambda e: e.detail)


def without_routes(directory: Directory) -> list[Entry]:
    return [Entry("offer", o.id, _name(directory, o)) for o in directory.offers if not o.routes]


def without_hours(directory: Directory) -> list[Entry]:
    return [Entry("office", o.id, _name(directory, o))
            for o in directory.offices if o.hours is None or not (o.hours.weekly or o.hours.exceptions)]


def unverified(directory: Directory) -> list[Entry]:
    out = []
    groups: tuple[tuple[str, tuple[Office | Offer, ...]], ...] = (
        ("office", directory.offices), ("offer", directory.offers))
    for kind, items in groups:
        for item in items:
            if item.provenance.unverified:
                name = _name(directory, item)
                out.append(Entry(kind, item.id, name, ", ".join(item.provenance.unverified)))
    return out
