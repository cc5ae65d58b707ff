"""The content model: what editors write in YAML, as frozen, typed objects.

Language-neutral facts (addresses, coordinates, hours, routes) live apart from
translated text, which is always a map of language code to text (`Text`). The
model checks the shape and meaning of each item on its own (times are HH:MM,
slots do not overlap, URLs use an allowed scheme); checks that need the whole
directory (ids, references, the default language) live in `lotse.content`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

Id = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        max_length=80,
        description="Lower-case letters, digits and hyphens, e.g. jena-migration-office.",
    ),
]
LangCode = Annotated[
    str,
    Field(pattern=r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$", description="Language code, e.g. de, ar, fa, uk."),
]
Text = Annotated[
    dict[LangCode, Annotated[str, Field(min_length=1)]],
    Field(description="Translated text: a map of language code to text. The default language is required."),
]
TextList = Annotated[
    dict[LangCode, list[Annotated[str, Field(min_length=1)]]],
    Field(description="Translated list of words: a map of language code to a list of words."),
]

# Every pattern is used with `fullmatch`: `$` would also accept a trailing newline.
_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d|24:00")
_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_{|}~-]{1,64}")
_EMAIL_DOMAIN = re.compile(r"(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63}")
_PHONE = re.compile(r"\+?[0-9][0-9 ()/-]{4,30}")
_HOST = re.compile(r"(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)*[^\W_](?:[\w-]{0,61}[^\W_])?")
_URL_FORBIDDEN = re.compile(r"[\s<>\"'`\\^{|}\x00-\x1f\x7f]")

# Invisible characters that reorder what follows them (Trojan Source, CVE-2021-42574): in a name or
# street they make "ecifFO live" read as something else. Marks like U+200F stay allowed.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def no_bidi_controls(value: str) -> str:
    """Refuse the bidi embedding, override and isolate characters (U+202A–U+202E, U+2066–U+2069)."""
    found = BIDI_CONTROLS.search(value)
    if found:
        import unicodedata

        char = found.group()
        raise ValueError(
            f"contains the invisible direction control U+{ord(char):04X} ({unicodedata.name(char)}), which can "
            "reverse the order of what visitors read; delete it (retype the text if you cannot see it)"
        )
    return value


def _time(value: Any) -> dt.time:
    if isinstance(value, dt.time):
        return value
    if not isinstance(value, str) or not _TIME.fullmatch(value):
        raise ValueError(f"time must be HH:MM, e.g. 09:00 or 16:30, not {value!r}")
    if value == "24:00":
        return dt.time.max.replace(microsecond=0)
    hour, minute = value.split(":")
    return dt.time(int(hour), int(minute))


def _refuse(what: str, value: str, example: str, allowed: str | None = None) -> ValueError:
    return ValueError(f"not {what}: {value[:60]!r}" + (f" ({allowed})" if allowed else "") + f"; expected e.g. {example}")


def _email(value: str) -> str:
    """An email address, with its domain in lower case; refused if it has anything a link could break on."""
    no_bidi_controls(value)
    local, at, domain = value.rpartition("@")
    if not at or not _EMAIL_LOCAL.fullmatch(local) or not _EMAIL_DOMAIN.fullmatch(domain) or ".." in value:
        bad = next((c for c in value if not (c.isalnum() or c in ".!#$%&'*+/=?^_{|}~-@")), None)
        allowed = f"the character {bad!r} is not allowed in an email address" if bad else None
        raise _refuse("an email address", value, "name@example.org", allowed)
    return f"{local}@{domain.lower()}"


def _url(value: str) -> str:
    """A https://, http://, tel: or mailto: link; scheme and host in lower case."""
    no_bidi_controls(value)
    scheme, colon, rest = value.partition(":")
    scheme = scheme.lower()
    if colon and scheme == "tel":
        return "tel:" + _phone(rest)
    if colon and scheme == "mailto":
        return "mailto:" + _email(rest)
    if scheme not in ("http", "https") or not rest.startswith("//"):
        raise ValueError(f"link must start with https://, http://, tel: or mailto:, not {value[:60]!r}")
    bad = _URL_FORBIDDEN.search(value)
    if bad:
        raise ValueError(f"the link {value[:60]!r} contains {bad.group()!r}, which is not allowed in a link "
                         "(write a space as %20)")
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
        parts.port  # noqa: B018  (raises on a bad port)
    except ValueError:
        host = ""
    if not _HOST.fullmatch(host) or parts.username or parts.password:
        raise _refuse("a link with a valid host name", value, "https://www.example.org/path")
    netloc = parts.netloc.lower()
    return parts._replace(scheme=scheme, netloc=netloc).geturl()


def _phone(value: Any) -> str:
    """A phone number as dialled, its spaces tidied."""
    no_bidi_controls(str(value))
    text = " ".join(str(value).split())
    if not _PHONE.fullmatch(text):
        raise ValueError(
            f"not a phone number: {str(value)[:60]!r} (digits, spaces, +, /, - and parentheses, "
            "e.g. 0381 444 311 60)"
        )
    return text


def _plain(value: str) -> str:
    return no_bidi_controls(value)


Time = Annotated[dt.time, BeforeValidator(_time),
                 Field(json_schema_extra={"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$"})]
Url = Annotated[str, AfterValidator(_url), Field(description="A https://, http://, tel: or mailto: link.")]
Email = Annotated[str, AfterValidator(_email)]
Plain = Annotated[str, AfterValidator(_plain)]
Name = Annotated[  # a text read as a name or heading: no direction controls, reported at the language's line
    dict[LangCode, Annotated[str, Field(min_length=1), AfterValidator(_plain)]],
    Field(description="Translated text: a map of language code to text. The default language is required."),
]
Phone = Annotated[str, BeforeValidator(_phone), Field(description="Phone number as dialled, e.g. 0381 444 311 60.")]


class Model(BaseModel):
    """Base of every content object: frozen, and unknown keys are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=False)


class FederalState(StrEnum):
    BW = "BW"
    BY = "BY"
    BE = "BE"
    BB = "BB"
    HB = "HB"
    HH = "HH"
    HE = "HE"
    MV = "MV"
    NI = "NI"
    NW = "NW"
    RP = "RP"
    SL = "SL"
    SN = "SN"
    ST = "ST"
    SH = "SH"
    TH = "TH"


class Weekday(StrEnum):
    mon = "mon"
    tue = "tue"
    wed = "wed"
    thu = "thu"
    fri = "fri"
    sat = "sat"
    sun = "sun"

    @property
    def number(self) -> int:
        """Monday is 0, as in `datetime.date.weekday()`."""
        return WEEKDAYS.index(self)


WEEKDAYS: tuple[Weekday, ...] = tuple(Weekday)  # indexed by `datetime.date.weekday()`


class SlotKind(StrEnum):
    open = "open"
    walk_in = "walk_in"
    appointment = "appointment"


class Slot(Model):
    """One time span on a weekday: open to all, walk-in, or by appointment only."""

    start: Time = Field(alias="from")
    end: Time = Field(alias="to")
    kind: SlotKind = SlotKind.open

    @model_validator(mode="after")
    def _ends_after_start(self) -> Slot:
        if self.end <= self.start:
            raise ValueError(
                f"slot ends at {self.end:%H:%M}, before it starts at {self.start:%H:%M}"
            )
        return self


def _no_overlap(slots: list[Slot]) -> list[Slot]:
    ordered = sorted(slots, key=lambda s: s.start)
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after.start < before.end:
            raise ValueError(
                f"slots overlap: {before.start:%H:%M}-{before.end:%H:%M} and "
                f"{after.start:%H:%M}-{after.end:%H:%M}"
            )
    return ordered


DaySlots = Annotated[list[Slot], AfterValidator(_no_overlap)]


class HoursException(Model):
    """Dated exception to the weekly hours: a closure, or special hours, from one date to another."""

    start: dt.date = Field(alias="from")
    end: dt.date | None = Field(default=None, alias="to", description="Last day; defaults to the first day.")
    closed: bool = False
    slots: DaySlots = Field(default_factory=list)
    note: Text | None = None

    @model_validator(mode="after")
    def _check(self) -> HoursException:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"exception ends on {self.end}, before it starts on {self.start}")
        if self.closed and self.slots:
            raise ValueError("a closed exception cannot have slots; remove `slots` or `closed`")
        if not self.closed and not self.slots:
            raise ValueError("an exception is either `closed: true` or has `slots`")
        return self

    @property
    def last(self) -> dt.date:
        return self.end or self.start


class Hours(Model):
    """Office hours: weekly slots per weekday (several a day) and dated exceptions."""

    weekly: dict[Weekday, DaySlots] = Field(default_factory=dict)
    exceptions: list[HoursException] = Field(default_factory=list)
    note: Text | None = None


class Wheelchair(StrEnum):
    yes = "yes"
    limited = "limited"
    no = "no"
    unknown = "unknown"


class Address(Model):
    street: Plain = Field(min_length=1)
    postal_code: str = Field(pattern=r"^\d{5}$")
    city: Plain = Field(min_length=1)
    state: FederalState


class Coordinates(Model):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class Publication(Model):
    """The publication facts come from, as a visitor could look it up: title, publisher, date."""

    title: str = Field(min_length=1)
    publisher: str = Field(min_length=1)
    date: dt.date | None = Field(default=None, description="Publication date, when the publication gives one.")
    url: Url | None = None


class Provenance(Model):
    """Where the facts come from, when they were last checked, and which are not verified."""

    source: Publication | Annotated[str, Field(min_length=1)] = Field(
        description="Where the facts come from: a publication (title, publisher, date) or a URL.")
    last_verified: dt.date
    verified: bool = Field(default=False, description="True when an office has confirmed the facts.")
    unverified: list[
        Literal["address", "location", "phone", "email", "website", "hours", "documents", "routes", "languages",
                "wheelchair", "cost"]
    ] = Field(
        default_factory=list,
        description="Field names whose value is a best guess, labelled as unverified in the portal.",
    )


class Category(Model):
    id: Id
    name: Name
    description: Text | None = None
    keywords: TextList = Field(default_factory=dict)
    icon: str = Field(default="info", pattern=r"^[a-z0-9_]+$", description="Material icon name, e.g. school.")
    color: str = Field(default="#1f6f8b", pattern=r"^#[0-9a-fA-F]{6}$")


class TargetGroup(Model):
    id: Id
    name: Name
    keywords: TextList = Field(default_factory=dict)


class Organisation(Model):
    id: Id
    name: Name
    description: Text | None = None
    website: Url | None = None
    provenance: Provenance


class Office(Model):
    id: Id
    organisation: Id
    name: Name
    address: Address
    location: Coordinates
    phone: Phone | None = None
    email: Email | None = None
    website: Url | None = None
    languages: list[LangCode] = Field(default_factory=list, description="Languages spoken at the office.")
    wheelchair: Wheelchair = Wheelchair.unknown
    temporarily_closed: bool = False
    closed_note: Text | None = None
    hours: Hours | None = None
    provenance: Provenance


class RouteBase(Model):
    hours: Hours | None = None
    languages: list[LangCode] = Field(default_factory=list)
    note: Text | None = None


class PhoneRoute(RouteBase):
    type: Literal["phone"]
    target: Phone


class WalkInRoute(RouteBase):
    type: Literal["walk_in"]
    target: Id | None = Field(default=None, description="Office id; defaults to the offer's first office.")


class OnlineRoute(RouteBase):
    type: Literal["online"]
    target: Url


class EmailRoute(RouteBase):
    type: Literal["email"]
    target: Email


class ReferralRoute(RouteBase):
    type: Literal["referral"]
    target: Id = Field(description="Id of the office that refers visitors to this offer.")


Route = Annotated[
    PhoneRoute | WalkInRoute | OnlineRoute | EmailRoute | ReferralRoute,
    Field(discriminator="type"),
]


class Cost(Model):
    """Free of charge, or an amount in euro."""

    free: bool = True
    amount: Decimal | None = Field(default=None, ge=0)
    note: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        if value == "free":
            return {"free": True}
        return value

    @model_validator(mode="after")
    def _check(self) -> Cost:
        if self.free and self.amount:
            raise ValueError("a free offer has no amount; remove `amount` or set `free: false`")
        if not self.free and self.amount is None:
            raise ValueError("an offer that is not free needs an `amount` in euro")
        return self


class Offer(Model):
    id: Id
    offices: list[Id] = Field(min_length=1)
    category: Id
    categories: list[Id] = Field(default_factory=list, description="Further categories.")
    target_groups: list[Id] = Field(default_factory=list)
    title: Name
    summary: Text
    description: Text | None = None
    cost: Cost = Field(default_factory=Cost)
    eligibility: Text | None = None
    documents: list[Text] = Field(default_factory=list, description="Documents to bring.")
    keywords: TextList = Field(default_factory=dict)
    routes: list[Route] = Field(default_factory=list, description="How to get an appointment, best first.")
    provenance: Provenance

    @property
    def all_categories(self) -> tuple[str, ...]:
        return (self.category, *[c for c in self.categories if c != self.category])


class GuideStep(Model):
    title: Name
    text: Text
    offers: list[Id] = Field(default_factory=list)
    offices: list[Id] = Field(default_factory=list)


class Guide(Model):
    id: Id
    title: Name
    summary: Text
    categories: list[Id] = Field(default_factory=list)
    keywords: TextList = Field(default_factory=dict)
    steps: list[GuideStep] = Field(min_length=1)


class Tiles(Model):
    url: str = Field(description="Tile URL template, or `none` for an offline kiosk without tiles.")
    attribution: str = ""

    @field_validator("url")
    @classmethod
    def _tile_url(cls, value: str) -> str:
        if value != "none" and not value.startswith("https://"):
            raise ValueError("tile URL must start with https:// or be `none`")
        return value


class Region(Model):
    """Bounding box that every office's coordinates must lie in."""

    south: float = Field(ge=-90, le=90)
    west: float = Field(ge=-180, le=180)
    north: float = Field(ge=-90, le=90)
    east: float = Field(ge=-180, le=180)

    def contains(self, point: Coordinates) -> bool:
        return self.south <= point.lat <= self.north and self.west <= point.lon <= self.east


class MapSettings(Model):
    center: Coordinates
    zoom: int = Field(default=6, ge=1, le=19)
    tiles: Tiles = Tiles(
        url="https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        attribution='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    )


class Site(Model):
    name: Name
    default_language: LangCode = "de"
    languages: list[LangCode] = Field(min_length=1)
    fallback: list[LangCode] = Field(
        default_factory=lambda: ["en", "de"],
        description="Languages tried, in order, when a text is missing in the visitor's language.",
    )
    timezone: str = "Europe/Berlin"
    region: Region
    map: MapSettings
    public_url: Url = "http://localhost:8501"
    stale_after_days: int = Field(default=365, ge=1)


def _some(words: list[str]) -> list[str]:
    if not words:
        raise ValueError("name at least one word the content uses, e.g. [Bürgergeld]")
    return words


class Synonym(Model):
    """Words visitors type for what the content calls otherwise: old names, everyday words, other spellings."""

    typed: dict[str, list[Annotated[str, Field(min_length=1)]]] = Field(
        description="What visitors type, per language code: words or short phrases, e.g. {de: [Hartz IV]}.")
    means: Annotated[list[Annotated[str, Field(min_length=1)]], AfterValidator(_some)] = Field(
        description="What the content calls it, e.g. [Bürgergeld]; search looks for these too.")


class SynonymsFile(Model):
    """`content/synonyms.yaml`: what visitors type, and what search should look for instead."""

    synonyms: list[Any] = Field(default_factory=list)


class Directory(Model):
    """The whole validated content: what every page reads."""

    site: Site
    categories: tuple[Category, ...] = ()
    target_groups: tuple[TargetGroup, ...] = ()
    organisations: tuple[Organisation, ...] = ()
    offices: tuple[Office, ...] = ()
    offers: tuple[Offer, ...] = ()
    guides: tuple[Guide, ...] = ()
    synonyms: tuple[Synonym, ...] = ()

    looked_up: ClassVar[tuple[str, ...]] = (
        "categories", "target_groups", "organisations", "offices", "offers", "guides")

    @cached_property
    def _by_id(self) -> dict[str, dict[str, Any]]:
        return {name: {item.id: item for item in getattr(self, name)} for name in self.looked_up}

    def ids(self, section: str) -> Sequence[str]:
        """The ids of a section ("offices", "offers", …) in content order."""
        return tuple(item.id for item in getattr(self, section))

    def category(self, id: str) -> Category | None:
        return self._by_id["categories"].get(id)

    def target_group(self, id: str) -> TargetGroup | None:
        return self._by_id["target_groups"].get(id)

    def organisation(self, id: str) -> Organisation | None:
        return self._by_id["organisations"].get(id)

    def office(self, id: str) -> Office | None:
        return self._by_id["offices"].get(id)

    def offer(self, id: str) -> Offer | None:
        return self._by_id["offers"].get(id)

    def guide(self, id: str) -> Guide | None:
        return self._by_id["guides"].get(id)

    @cached_property
    def _offers_by_office(self) -> dict[str, tuple[Offer, ...]]:
        by_office: dict[str, list[Offer]] = {}
        for offer in self.offers:
            for office_id in dict.fromkeys(offer.offices):
                by_office.setdefault(office_id, []).append(offer)
        return {k: tuple(v) for k, v in by_office.items()}

    @cached_property
    def _offers_by_category(self) -> dict[str, tuple[Offer, ...]]:
        default = self.site.default_language
        by_category: dict[str, list[Offer]] = {}
        for offer in sorted(self.offers, key=lambda o: (o.title.get(default, "").casefold(), o.id)):
            for category_id in offer.all_categories:
                by_category.setdefault(category_id, []).append(offer)
        return {k: tuple(v) for k, v in by_category.items()}

    def offers_in(self, category_id: str) -> Sequence[Offer]:
        """A topic's offers, by their German title (the name on the door); looked up, not scanned."""
        return self._offers_by_category.get(category_id, ())

    def offers_at(self, office_id: str) -> list[Offer]:
        """The offers given at an office, in content order (looked up, not scanned: an office page at 5,000 offers)."""
        return list(self._offers_by_office.get(office_id, ()))

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Directory:
        """A copy with `update` applied; its lookup tables are made anew (they would describe the original)."""
        copy = super().model_copy(update=update, deep=deep)
        for name in ("_by_id", "_offers_by_office", "_offers_by_category"):
            copy.__dict__.pop(name, None)
        return copy

    def warm(self) -> None:
        """Build the lookup tables now, so a published version is complete before it is frozen (lotse.store)."""
        _ = self._by_id, self._offers_by_office, self._offers_by_category


class ServicesFile(Model):
    """The top-level `services.yaml`: site settings, the directory, and files to include."""

    site: Site
    include: list[str] = Field(default_factory=list, description="Further YAML files, relative to this one.")
    categories: list[Any] = Field(default_factory=list)
    target_groups: list[Any] = Field(default_factory=list)
    organisations: list[Any] = Field(default_factory=list)
    offices: list[Any] = Field(default_factory=list)
    offers: list[Any] = Field(default_factory=list)
    guides: list[Any] = Field(default_factory=list)


class IncludedFile(Model):
    """A further YAML file named by `include`: more items for the directory."""

    categories: list[Any] = Field(default_factory=list)
    target_groups: list[Any] = Field(default_factory=list)
    organisations: list[Any] = Field(default_factory=list)
    offices: list[Any] = Field(default_factory=list)
    offers: list[Any] = Field(default_factory=list)
    guides: list[Any] = Field(default_factory=list)


SECTIONS: dict[str, type[Model]] = {
    "categories": Category,
    "target_groups": TargetGroup,
    "organisations": Organisation,
    "offices": Office,
    "offers": Offer,
    "guides": Guide,
}
