"""What a page says, as plain data: one source for the interactive pages and the light pages.

Each `*_view` function takes the directory, an item, the visitor's translator and
the time, and returns frozen data: texts in the visitor's language with their
fallback, the hours and whether the office is open now, the appointment routes as
actions, documents, cost, the German name for the door and the "not yet
confirmed" facts. Nothing here is HTML or Markdown; the Streamlit pages
(`portal/view.py`) and the server-rendered light pages (`lotse/light.py` with its
Jinja2 templates) only lay it out, and each escapes for its own medium.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from lotse import hours, names
from lotse.i18n import Resolved, Translator, resolve
from lotse.model import Directory, Guide, Offer, Office, Provenance, Wheelchair
from lotse.routes import Action, actions, each_action, mailto_href, tel_href


@dataclass(frozen=True)
class Place:
    """An office named on another page: where to go."""

    id: str
    name: str            # with the German name for the door: "Dresden İş Ajansı (Agentur für Arbeit Dresden)"
    address: str


@dataclass(frozen=True)
class Contact:
    kind: str            # phone, email, website
    label: str
    text: str
    href: str


@dataclass(frozen=True)
class Checked:
    """Where the facts come from and what is not yet confirmed, as the visitor reads it."""

    line: str            # "Source: …, checked on …"
    unconfirmed: str     # "Not yet confirmed by the office: …", or ""


@dataclass(frozen=True)
class OfferCard:
    id: str
    title: str
    category: str
    cities: str
    status: str
    summary: str
    route: str           # the first way to get an appointment, as one line


@dataclass(frozen=True)
class OfficeCard:
    id: str
    name: str            # with the German name for the door
    topics: str          # what it helps with, as the search found it (up to two topics), or ""
    city: str
    status: str
    contact: Contact | None   # the first way to reach it


@dataclass(frozen=True)
class OfferView:
    id: str
    title: Resolved
    summary: str
    description: str     # Markdown from editors, or ""
    fallback: str        # the sentence saying a text is shown in another language, or ""
    category: str
    groups: str
    routes: tuple[Action, ...]
    cost: str
    cost_note: str
    eligibility: str
    documents: tuple[str, ...]
    places: tuple[Place, ...]
    checked: Checked
    city: str            # the first office's city, for "show on the map"


@dataclass(frozen=True)
class OfficeView:
    id: str
    name: str            # with the German name for the door
    status: str
    open_now: bool
    address: str
    city: str
    contacts: tuple[Contact, ...]
    languages: str
    access: str
    hours: tuple[tuple[str, str], ...]
    hours_note: str
    offers: tuple[OfferCard, ...]
    checked: Checked


@dataclass(frozen=True)
class Link:
    kind: str            # offer, office
    id: str
    label: str


@dataclass(frozen=True)
class Step:
    number: str
    title: str
    text: str            # Markdown
    links: tuple[Link, ...]


@dataclass(frozen=True)
class GuideCard:
    id: str
    title: str
    topics: str
    steps: str
    summary: str


@dataclass(frozen=True)
class GuideView:
    id: str
    title: Resolved
    summary: str
    fallback: str
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class CategoryView:
    id: str
    name: str
    description: str
    offers: tuple[OfferCard, ...]
    guides: tuple[GuideCard, ...] = field(default_factory=tuple)
    total: int = 0
    page: int = 1
    pages: int = 1


TOPIC_PAGE = 20  # offers on one page of a topic, as many as a search page shows: about 5 kB compressed on a phone


class Texts:
    """The visitor's language, its fallback chain and the translator, for one page."""

    def __init__(self, directory: Directory, t: Translator):
        self.site = directory.site
        self.t = t

    def resolved(self, value: Mapping[str, str] | None) -> Resolved:
        return resolve(value, self.t.lang, self.site.fallback, self.site.default_language)

    def __call__(self, value: Mapping[str, str] | None) -> str:
        return self.resolved(value).text if value else ""

    def door_name(self, value: Mapping[str, str] | None) -> str:
        """An office's or organisation's name with its German original (see `names.door_name`)."""
        return names.door_name(value, self.t.lang, self.site.fallback, self.site.default_language) if value else ""


def fallback_note(texts: Texts, *values: Mapping[str, str] | None) -> str:
    """The sentence saying a text is shown in another language than the visitor's, or ""."""
    t = texts.t
    for value in values:
        r = texts.resolved(value)
        if r.fallback and r.text:
            return t("Not available in {wanted}, shown in {shown}.", wanted=t.language_name(t.lang),
                     shown=t.language_name(r.lang))
    return ""


def unconfirmed(t: Translator, fields: Sequence[str]) -> str:
    """The "not yet confirmed" sentence for a provenance's unverified fields, or ""."""
    if not fields:
        return ""
    names = {"address": t("address"), "location": t("map position"), "phone": t("phone number"),
             "email": t("email address"), "website": t("website"), "hours": t("office hours"),
             "documents": t("documents to bring"), "routes": t("how to get an appointment"),
             "languages": t("languages spoken"), "wheelchair": t("accessibility"), "cost": t("cost")}
    listed = t.join([names.get(f, f) for f in fields])
    return t("Not yet confirmed by the office: {fields}. Please check before you go.", fields=listed)


def checked(t: Translator, prov: Provenance) -> Checked:
    return Checked(names.source_line(prov, t), unconfirmed(t, prov.unverified))


def address_line(office: Office) -> str:
    a = office.address
    return f"{a.street}, {a.postal_code} {a.city}"


def contacts(t: Translator, office: Office) -> tuple[Contact, ...]:
    """How to reach an office, best first: phone, email, website."""
    out = []
    if office.phone:
        out.append(Contact("phone", t("Phone"), office.phone, tel_href(office.phone)))
    if office.email:
        out.append(Contact("email", t("Email"), office.email, mailto_href(office.email)))
    if office.website:
        out.append(Contact("website", t("Website"), office.website, office.website))
    return tuple(out)


def access_label(t: Translator, wheelchair: Wheelchair) -> str:
    return {Wheelchair.yes: t("Wheelchair accessible"), Wheelchair.limited: t("Partly wheelchair accessible"),
            Wheelchair.no: t("Not wheelchair accessible"), Wheelchair.unknown: t("Wheelchair access unknown")}[wheelchair]


def status_line(directory: Directory, office: Office, t: Translator, now: dt.datetime) -> str:
    return hours.describe(hours.status(office, now, directory.site.timezone), t, now)


def route_line(action: Action) -> str:
    """An action as one line of text: "Call for an appointment: 0381 …"."""
    return action.label if action.kind == "referral" else f"{action.label}: {action.target}"


def place(office: Office, texts: Texts) -> Place:
    return Place(office.id, texts.door_name(office.name), address_line(office))


def offer_card(directory: Directory, offer: Offer, t: Translator, now: dt.datetime,
               status: str | None = None) -> OfferCard:
    """`status`: the first office's status when the caller knows it already (an office's own page)."""
    texts = Texts(directory, t)
    category = directory.category(offer.category)
    offices = [o for o in (directory.office(i) for i in offer.offices) if o]
    first = next(each_action(offer, directory, t, brief=True), None)
    if status is None:
        status = status_line(directory, offices[0], t, now) if offices else ""
    return OfferCard(
        id=offer.id, title=texts(offer.title), category=texts(category.name) if category else "",
        cities=t.join(sorted({o.address.city for o in offices})), status=status,
        summary=texts(offer.summary), route=route_line(first) if first else "",
    )


def office_card(directory: Directory, office: Office, t: Translator, now: dt.datetime,
                categories: Sequence[str] = ()) -> OfficeCard:
    """An office as a search result: name, what it helps with (`categories`, up to two), city, open now,
    and the first way to reach it."""
    texts = Texts(directory, t)
    topics = [texts(c.name) for c in (directory.category(i) for i in categories[:2]) if c]
    return OfficeCard(office.id, texts.door_name(office.name), " · ".join(topics), office.address.city,
                      status_line(directory, office, t, now), next(iter(contacts(t, office)), None))


def offer_view(directory: Directory, offer: Offer, t: Translator, now: dt.datetime) -> OfferView:
    texts = Texts(directory, t)
    category = directory.category(offer.category)
    groups = [texts(g.name) for g in (directory.target_group(i) for i in offer.target_groups) if g]
    offices = [o for o in (directory.office(i) for i in offer.offices) if o]
    return OfferView(
        id=offer.id, title=texts.resolved(offer.title), summary=texts(offer.summary),
        description=texts(offer.description), fallback=fallback_note(texts, offer.title, offer.summary,
                                                                     offer.description),
        category=texts(category.name) if category else "", groups=t.join(groups),
        routes=tuple(actions(offer, directory, t)),
        cost=t("Free of charge") if offer.cost.free else t.money(offer.cost.amount or 0),
        cost_note=texts(offer.cost.note), eligibility=texts(offer.eligibility),
        documents=tuple(texts(d) for d in offer.documents),
        places=tuple(place(o, texts) for o in offices),
        checked=checked(t, offer.provenance), city=offices[0].address.city if offices else "",
    )


def office_view(directory: Directory, office: Office, t: Translator, now: dt.datetime) -> OfficeView:
    texts = Texts(directory, t)
    state = hours.status(office, now, directory.site.timezone)
    status = hours.describe(state, t, now)
    return OfficeView(
        id=office.id, name=texts.door_name(office.name),
        status=status, open_now=hours.is_open(office, now, directory.site.timezone),
        address=address_line(office), city=office.address.city, contacts=contacts(t, office),
        languages=t.join([t.language_name(c) for c in office.languages]), access=access_label(t, office.wheelchair),
        hours=tuple(hours.weekly_rows(office.hours, t)),
        hours_note=texts(office.hours.note) if office.hours else "",
        offers=tuple(offer_card(directory, o, t, now, status if o.offices[0] == office.id else None)
                     for o in directory.offers_at(office.id)),
        checked=checked(t, office.provenance),
    )


def guide_card(directory: Directory, guide: Guide, t: Translator) -> GuideCard:
    texts = Texts(directory, t)
    topics = [texts(c.name) for c in (directory.category(i) for i in guide.categories[:2]) if c]
    return GuideCard(guide.id, texts(guide.title), " · ".join(topics),
                     t.plural("{n} step", "{n} steps", len(guide.steps)), texts(guide.summary))


def guide_view(directory: Directory, guide: Guide, t: Translator) -> GuideView:
    texts = Texts(directory, t)
    steps = []
    for number, step in enumerate(guide.steps, start=1):
        links = [Link("offer", o.id, texts(o.title)) for o in (directory.offer(i) for i in step.offers) if o]
        links += [Link("office", o.id, texts.door_name(o.name)) for o in (directory.office(i) for i in step.offices) if o]
        steps.append(Step(t.number(number), texts(step.title), texts(step.text), tuple(links)))
    return GuideView(guide.id, texts.resolved(guide.title), texts(guide.summary),
                     fallback_note(texts, guide.title, guide.summary), tuple(steps))


def category_view(directory: Directory, category_id: str, t: Translator, now: dt.datetime,
                  page: int = 1) -> CategoryView | None:
    """A topic with its guides and one page of its offers (`TOPIC_PAGE` a page, by German title)."""
    category = directory.category(category_id)
    if category is None:
        return None
    texts = Texts(directory, t)
    offers = directory.offers_in(category_id)
    pages = max(1, -(-len(offers) // TOPIC_PAGE))
    page = min(max(1, page), pages)
    shown = offers[(page - 1) * TOPIC_PAGE:page * TOPIC_PAGE]
    guides = [g for g in directory.guides if category_id in g.categories] if page == 1 else []
    return CategoryView(category.id, texts(category.name), texts(category.description),
                        tuple(offer_card(directory, o, t, now) for o in shown),
                        tuple(guide_card(directory, g, t) for g in guides), len(offers), page, pages)
