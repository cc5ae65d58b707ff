"""Content translation round trips: export texts for translators, import their work.

`export` lists every translated text of the content files (Text and keyword
maps) with a stable key `file#path`, its German and English text, and what a
language already has. `apply` writes translations back into the YAML files as
new `lang: "..."` entries next to the existing ones, keeping the editors'
layout and comments; existing texts are never overwritten.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lotse import source, termbase
from lotse.content import SERVICES

TEXT_KEYS = {
    "name", "title", "summary", "description", "eligibility", "note", "text", "keywords", "closed_note",
}


def content_yaml(root: Path) -> list[Path]:
    files = [root / SERVICES, *sorted((root / "content").rglob("*.yaml"))]
    return [f for f in files if f.is_file()]


def _is_text(loc: source.Loc, value: Any) -> bool:
    if not isinstance(value, dict) or not value or "de" not in value:
        return False
    last = next((p for p in reversed(loc) if isinstance(p, str)), "")
    in_documents = "documents" in loc and isinstance(loc[-1], int)
    return (last in TEXT_KEYS or in_documents) and all(isinstance(v, (str, list)) for v in value.values())


def _walk(value: Any, loc: source.Loc = ()) -> list[tuple[source.Loc, dict[str, Any]]]:
    found: list[tuple[source.Loc, dict[str, Any]]] = []
    if _is_text(loc, value):
        return [(loc, value)]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _walk(item, (*loc, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _walk(item, (*loc, i))
    return found


def _key(name: str, loc: source.Loc) -> str:
    return name + "#" + "/".join(str(p) for p in loc)


def export(root: Path, lang: str) -> list[dict[str, Any]]:
    """Every text of the content with its key, German and English, and `lang` if present.

    A row also lists the approved `terms` of the termbase that its German or
    English text touches, with the variants to avoid in `lang`.
    """
    terms, _ = termbase.load(root)
    rows = []
    for path in content_yaml(root):
        if path == root / termbase.TERMBASE:
            continue
        doc = source.read(path, str(path.relative_to(root)))
        for loc, text in _walk(doc.data):
            row = {"key": _key(doc.name, loc), "de": text.get("de"), "en": text.get("en"), lang: text.get(lang)}
            needed = termbase.relevant(terms, row, lang) if terms is not None else []
            if needed:
                row["terms"] = needed
            rows.append(row)
    return rows


@dataclass(frozen=True)
class _Insert:
    line: int      # 1-based line
    column: int    # 1-based column; 0 means "insert a whole new line before `line`"
    text: str


def _scalar(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def apply(root: Path, lang: str, translations: dict[str, Any]) -> int:
    """Insert `translations` (key → text or list of words) for `lang`; returns how many were added."""
    added = 0
    for path in content_yaml(root):
        raw = path.read_text(encoding="utf-8")
        doc = source.parse(raw.encode("utf-8"), source.Document(str(path.relative_to(root))))
        if doc.problems:
            raise ValueError(f"{doc.problems[0]}: fix the file before importing translations")
        inserts: list[_Insert] = []
        for loc, text in _walk(doc.data):
            value = translations.get(_key(doc.name, loc))
            if not value or lang in text:
                continue
            added += 1
            if loc in doc.flow:
                line, column = doc.ends[loc]
                inserts.append(_Insert(line, column - 1, f", {lang}: {_scalar(value)}"))
                continue
            keys = [(*loc, k) for k in text]
            indent = doc.positions[keys[0]][1] - 1
            end_line, end_column = max(doc.ends[k] for k in keys)
            # A block scalar ends at column 1 of the next line; a plain one inside its own line.
            before = end_line if end_column == 1 else end_line + 1
            inserts.append(_Insert(before, 0, " " * indent + f"{lang}: {_scalar(value)}\n"))
        if not inserts:
            continue
        lines = raw.splitlines(keepends=True)
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        for ins in sorted(inserts, key=lambda i: (i.line, i.column), reverse=True):
            if ins.column == 0:
                lines.insert(min(ins.line - 1, len(lines)), ins.text)
            else:
                current = lines[ins.line - 1]
                lines[ins.line - 1] = current[: ins.column - 1] + ins.text + current[ins.column - 1:]
        path.write_text("".join(lines), encoding="utf-8")
    return added
