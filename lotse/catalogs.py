"""The gettext catalogs of the user interface: extract, update, and check them.

English msgids live in the code (`t("...")`, `t.plural("...", "...", n)`);
`locales/messages.pot` is the template and `locales/<lang>/LC_MESSAGES/messages.po`
the catalogs. `check` fails when the template is out of date, or a catalog has
an empty or fuzzy entry, or its placeholders differ from the msgid's.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from lotse.i18n import DOMAIN, LOCALES

ROOT = LOCALES.parent
KEYWORDS: dict[str, Any] = {"t": None, "plural": (1, 2)}
SOURCES = ("app.py", "lotse", "portal", "pages")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Finding:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def extract(root: Path = ROOT) -> Catalog:
    """A fresh template catalog from the code."""
    catalog = Catalog(project="Lotse", copyright_holder="Lotse contributors", fuzzy=False)
    method_map = [("**.py", "python")]
    for name in SOURCES:
        path = root / name
        if path.is_file():
            found = list(extract_from_dir(root, method_map=[(name, "python")], keywords=KEYWORDS))
        else:
            found = list(extract_from_dir(path, method_map=method_map, keywords=KEYWORDS))
        if path.is_dir():  # the light pages' Jinja2 templates call t(…) and plural(…) too
            found = [*found, *extract_from_dir(path, method_map=[("**/templates/*.html", "jinja2")],
                                               keywords=KEYWORDS, options_map={"**/templates/*.html": {}})]
        for filename, lineno, message, comments, context in found:
            rel = filename if path.is_file() else f"{name}/{filename}"
            catalog.add(message, locations=[(rel, lineno)], auto_comments=comments, context=context,
                        flags=("python-brace-format",) if isinstance(message, str) and "{" in message else ())
    return catalog


def _ids(catalog: Catalog) -> set[str]:
    """Message ids; a plural entry is named by its singular."""
    return {m.id if isinstance(m.id, str) else str(m.id[0]) for m in catalog if m.id}


def template_path(locales: Path = LOCALES) -> Path:
    return locales / f"{DOMAIN}.pot"


def catalog_path(lang: str, locales: Path = LOCALES) -> Path:
    return locales / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=lang)


def write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_by_file=True, omit_header=False)
    path.write_bytes(buffer.getvalue())


def update(languages: list[str], root: Path = ROOT) -> list[Path]:
    """Re-extract the template and merge it into every language's catalog (new entries empty)."""
    locales = root / "locales"
    template = extract(root)
    write(template, template_path(locales))
    written = [template_path(locales)]
    for lang in languages:
        if lang == "en":
            continue
        path = catalog_path(lang, locales)
        catalog = read(path, lang) if path.is_file() else Catalog(locale=lang, project="Lotse")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        write(catalog, path)
        written.append(path)
    return written


def check(languages: list[str], root: Path = ROOT) -> list[Finding]:
    """Every reason the catalogs are not ready to ship; empty when they are."""
    locales = root / "locales"
    findings: list[Finding] = []
    template_file = template_path(locales)
    fresh = extract(root)
    if not template_file.is_file():
        return [Finding(str(template_file), "missing; run python -m lotse messages --update")]
    committed = read(template_file)
    if _ids(committed) != _ids(fresh):
        added = len(_ids(fresh) - _ids(committed))
        removed = len(_ids(committed) - _ids(fresh))
        findings.append(Finding(str(template_file.relative_to(root)),
                                f"out of date ({added} new, {removed} removed messages); "
                                "run python -m lotse messages --update"))
    for lang in languages:
        if lang == "en":
            continue
        path = catalog_path(lang, locales)
        where = str(path.relative_to(root))
        if not path.is_file():
            findings.append(Finding(where, "missing catalog"))
            continue
        catalog = read(path, lang)
        ids = _ids(catalog)
        for msgid in sorted(map(str, _ids(fresh) - ids)):
            findings.append(Finding(where, f"no entry for {msgid!r}"))
        for message in catalog:
            if not message.id:
                continue
            label = message.id if isinstance(message.id, str) else message.id[0]
            strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
            if message.fuzzy:
                findings.append(Finding(f"{where}:{message.lineno}", f"fuzzy entry {label!r}"))
            if not all(strings):
                findings.append(Finding(f"{where}:{message.lineno}", f"empty translation of {label!r}"))
                continue
            wanted = set(_PLACEHOLDER.findall(label))
            for text in strings:
                got = set(_PLACEHOLDER.findall(str(text)))
                if got != wanted and not (isinstance(message.id, tuple) and got <= wanted | {"n"}):
                    findings.append(Finding(f"{where}:{message.lineno}",
                                            f"placeholders {sorted(got)} differ from {sorted(wanted)} in {label!r}"))
    return findings
