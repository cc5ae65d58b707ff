"""Languages: gettext catalogs per visitor, translated content with fallback, locale formats.

One server process serves every visitor in threads, so nothing here installs
a global `_`: each session asks `translator(lang)` for its own catalog, cached
per language. `resolve` is the one function that picks a translated text with
its fallback chain, and says when it fell back. All names of languages, weekdays,
dates, times and lists come from Babel's locale data.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from babel import Locale, UnknownLocaleError, dates, lists, numbers
from babel.core import negotiate_locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LOCALES = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"


@functools.lru_cache(maxsize=64)
def locale(lang: str) -> Locale:
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale("en")


@functools.lru_cache(maxsize=64)
def _catalog(lang: str, locales: Path = LOCALES) -> NullTranslations:
    """The gettext catalog of `lang`, read from its .po file (no compile step needed)."""
    po = locales / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.is_file():
        return NullTranslations()
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


@functools.lru_cache(maxsize=4096)
def _short_time(lang: str, value: dt.time) -> str:
    """A time of day as the language writes it ("09:00", "٩:٠٠ ص"): Babel takes about 15 µs for one, and
    an hours table, a search result page or a handout repeats the same few times hundreds of times."""
    return dates.format_time(value, format="short", locale=locale(lang))


@dataclass(frozen=True)
class Translator:
    """Everything a page needs to speak one language."""

    lang: str

    def __call__(self, message: str, **params: Any) -> str:
        text = _catalog(self.lang).gettext(message)
        return text.format(**self._isolated(params)) if params else text

    def plural(self, singular: str, plural: str, n: int, **params: Any) -> str:
        text = _catalog(self.lang).ngettext(singular, plural, n)
        return text.format(n=self.number(n), **self._isolated(params))

    def _isolated(self, params: dict[str, Any]) -> dict[str, Any]:
        """In right-to-left text, each inserted value is bidi-isolated, so a Latin
        office name, a time or a phone number keeps its own direction."""
        if not self.rtl:
            return params
        return {k: isolate(str(v)) for k, v in params.items()}

    @property
    def locale(self) -> Locale:
        return locale(self.lang)

    @property
    def rtl(self) -> bool:
        return is_rtl(self.lang)

    def number(self, value: float | int) -> str:
        return numbers.format_decimal(value, locale=self.locale)

    def money(self, amount: Any, currency: str = "EUR") -> str:
        return numbers.format_currency(amount, currency, locale=self.locale)

    def weekday(self, index: int, width: str = "wide") -> str:
        """Name of weekday `index` (Monday is 0)."""
        return str(self.locale.days["format"][width][index])

    def time(self, value: dt.time) -> str:
        return _short_time(self.lang, value)

    def date(self, value: dt.date, format: str = "medium") -> str:
        return dates.format_date(value, format=format, locale=self.locale)

    def datetime(self, value: dt.datetime, format: str = "medium") -> str:
        return dates.format_datetime(value, format=format, locale=self.locale)

    def join(self, items: Sequence[str], style: Literal["standard", "or", "unit"] = "standard") -> str:
        return lists.format_list(list(items), style=style, locale=self.locale) if items else ""

    def language_name(self, code: str) -> str:
        """Name of language `code` in this translator's language."""
        name = locale(code).get_display_name(self.locale) or code
        return name


FSI, PDI = "\u2068", "\u2069"


def isolate(text: str) -> str:
    """Wrap `text` in Unicode first-strong isolation (FSI … PDI): bidi isolation, not override."""
    return f"{FSI}{text}{PDI}" if text else text


def translator(lang: str) -> Translator:
    return Translator(lang)


def is_rtl(lang: str) -> bool:
    return locale(lang).character_order == "right-to-left"


def native_name(code: str) -> str:
    """A language's name in itself, as a language selector shows it: "العربية", "Українська"."""
    name = locale(code).get_display_name(locale(code)) or code
    return name[:1].upper() + name[1:]


def negotiate(accept_language: str | None, available: Sequence[str], default: str) -> str:
    """The best of `available` for a browser's Accept-Language header."""
    if not accept_language:
        return default
    preferred = []
    for part in accept_language.split(","):
        tag, _, q = part.strip().partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            weight = 0.0
        if tag and tag != "*":
            preferred.append((weight, tag.strip().replace("-", "_")))
    preferred.sort(key=lambda p: -p[0])
    found = negotiate_locale([t for _, t in preferred], list(available), sep="_")
    if found is None:  # "de-AT" should still find "de"
        found = negotiate_locale([t.split("_")[0] for _, t in preferred], list(available), sep="_")
    return found or default


def choose(requested: str | None, accept_language: str | None, available: Sequence[str], default: str) -> str:
    """The visitor's language: the URL's `lang` if offered, else the browser's, else the default."""
    if requested and requested in available:
        return requested
    return negotiate(accept_language, available, default)


@dataclass(frozen=True)
class Resolved:
    """A translated text as shown: the text, its language, and whether it is a fallback."""

    text: str
    lang: str
    wanted: str

    @property
    def fallback(self) -> bool:
        return self.lang != self.wanted


def chain(lang: str, fallback: Iterable[str], default: str) -> list[str]:
    """The languages tried for `lang`, in order, without repeats."""
    order: list[str] = []
    for code in (lang, *fallback, default):
        if code not in order:
            order.append(code)
    return order


def resolve(text: Mapping[str, str] | None, lang: str, fallback: Iterable[str] = ("en", "de"), default: str = "de") -> Resolved:
    """The text in `lang`, else in the first language of the fallback chain that has it."""
    if not text:
        return Resolved("", lang, lang)
    for code in chain(lang, fallback, default):
        value = text.get(code)
        if value:
            return Resolved(value, code, lang)
    code, value = next(iter(text.items()))
    return Resolved(value, code, lang)
