"""How names and sources are shown to visitors: the German name for the door, the publication behind a fact.

A visitor who reads an office's name in Arabic or Turkish still has to find the
German sign on the door, so every translated name of an office or organisation
is followed by its German original, taken from the content's default-language
text rather than typed by translators: `door_name` is the one function that
builds "translated name (German name)", and every screen, popup and handout
uses it. `source_line` says where a fact comes from and when it was checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from lotse.i18n import Translator, is_rtl, isolate, resolve
from lotse.model import Provenance, Publication


def door_name(name: Mapping[str, str] | None, lang: str, fallback: Iterable[str] = ("en", "de"),
              default: str = "de") -> str:
    """The name in `lang` followed by its German original: "Джобцентр Дрездена (Jobcenter Dresden)".

    Nothing is added when the two are the same or the translated name already
    contains the German one ("Diakonieverband Reutlingen (Protestant …)"). On a
    right-to-left page the German name is bidi-isolated, so its Latin words keep
    their order inside the Arabic or Persian sentence.
    """
    shown = resolve(name, lang, fallback, default).text
    german = (name or {}).get(default, "").strip()
    if not german or german.casefold() in shown.casefold():
        return shown
    return f"{shown} ({isolate(german) if is_rtl(lang) else german})"


def publication(source: str | Publication, t: Translator) -> str:
    """A source as visitors read it: „title“, publisher, date (the date in the visitor's language)."""
    if isinstance(source, str):
        return source
    parts = [f"„{source.title}“" if source.title else "", source.publisher,
             t.date(source.date, format="long") if source.date else ""]
    comma = "، " if t.rtl else ", "  # Arabic and Persian write the Arabic comma
    return comma.join(part for part in parts if part)


def source_line(provenance: Provenance, t: Translator) -> str:
    """ "Source: …, checked on …" in the visitor's language."""
    return t("Source: {source}, checked on {date}", source=publication(provenance.source, t),
             date=t.date(provenance.last_verified))
