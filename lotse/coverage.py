"""Translation coverage: how much of the content exists in each language, per section.

Counts every translated text (titles, summaries, descriptions, documents,
notes, guide steps, page texts) and how many of them have a text in each
language. Used by `python -m lotse coverage` and the editor page.
"""

from __future__ import annotations

from dataclasses import dataclass

from lotse.content import LoadResult, _is_keywords, _walk
from lotse.model import SECTIONS, Directory


@dataclass(frozen=True)
class Coverage:
    languages: tuple[str, ...]
    sections: tuple[str, ...]
    present: dict[tuple[str, str], int]
    total: dict[str, int]

    def percent(self, section: str, lang: str) -> float:
        total = self.total.get(section, 0)
        return 100.0 if total == 0 else 100.0 * self.present.get((section, lang), 0) / total

    def overall(self, lang: str) -> float:
        total = sum(self.total.values())
        if total == 0:
            return 100.0
        return 100.0 * sum(self.present.get((s, lang), 0) for s in self.sections) / total

    def rows(self) -> list[dict[str, object]]:
        """One row per language: the percentage per section and overall."""
        return [
            {"language": lang, **{s: round(self.percent(s, lang), 1) for s in self.sections},
             "overall": round(self.overall(lang), 1)}
            for lang in self.languages
        ]


def coverage(directory: Directory, pages: dict[str, dict[str, str]] | None = None) -> Coverage:
    languages = tuple(directory.site.languages)
    sections = (*SECTIONS, "pages")
    present: dict[tuple[str, str], int] = {}
    total: dict[str, int] = {}
    for section in SECTIONS:
        for item in getattr(directory, section):
            for _, value in _walk(item, ()):
                if isinstance(value, list) or _is_keywords(value):
                    continue
                total[section] = total.get(section, 0) + 1
                for lang in languages:
                    if value.get(lang):
                        present[(section, lang)] = present.get((section, lang), 0) + 1
    for texts in (pages or {}).values():
        total["pages"] = total.get("pages", 0) + 1
        for lang in languages:
            if texts.get(lang, "").strip():
                present[("pages", lang)] = present.get(("pages", lang), 0) + 1
    return Coverage(languages, sections, present, total)


def coverage_of(result: LoadResult) -> Coverage | None:
    if result.directory is None:
        return None
    return coverage(result.directory, result.pages.texts)


def table(cov: Coverage) -> str:
    """A plain-text table: languages down, sections across, percentages."""
    headers = ["language", *cov.sections, "overall"]
    rows = [[str(r[h]) if h == "language" else f"{r[h]:.0f}%" for h in headers] for r in cov.rows()]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))) for r in rows]
    return "\n".join(lines)
