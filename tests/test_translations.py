"""Translators' round trip: export texts, import translations into the YAML, layout kept."""

import json
from pathlib import Path

import pytest
from conftest import write_content

from lotse import cli, content, translations

BLOCK = """\
# a comment editors wrote
organisations:
  - id: county
    name:
      de: Stadt
      en: City
    description:
      de: >-
        Eine lange Beschreibung,
        über zwei Zeilen.
      en: A long description.
    provenance: {source: test, last_verified: 2026-11-01}
"""


def test_export_lists_every_text_with_german_and_english(content_dir: Path) -> None:
    rows = translations.export(content_dir, "ar")
    by_key = {r["key"]: r for r in rows}
    assert by_key["services.yaml#offers/0/title"] == {"key": "services.yaml#offers/0/title", "de": "Beratung",
                                                     "en": "Counselling", "ar": None}
    assert "services.yaml#site/name" in by_key


def test_import_adds_translations_and_keeps_layout(tmp_path: Path) -> None:
    services = (write_content(tmp_path).joinpath("services.yaml").read_text(encoding="utf-8")
                .replace("languages: [de, en]", "languages: [de, en, ar]") + "include:\n  - content/more.yaml\n")
    root = write_content(tmp_path, services, **{"content/more.yaml": BLOCK})
    wanted = {row["key"]: f"ع {row['de']}" for row in translations.export(root, "ar") if isinstance(row["de"], str)}
    added = translations.apply(root, "ar", wanted)
    assert added == len(wanted)
    text = (root / "content" / "more.yaml").read_text(encoding="utf-8")
    assert text.startswith("# a comment editors wrote\n")
    assert '      en: City\n      ar: "ع Stadt"\n' in text
    assert '      en: A long description.\n      ar: "ع Eine lange Beschreibung, über zwei Zeilen."\n' in text
    assert "title: {de: Beratung, en: Counselling, ar: \"ع Beratung\"}" in (root / "services.yaml").read_text()
    directory = content.load_or_raise(root)
    offer = directory.offer("counselling")
    assert offer is not None and offer.title["ar"] == "ع Beratung"
    assert translations.apply(root, "ar", wanted) == 0  # existing texts are never overwritten


def test_export_missing_lists_only_the_texts_a_language_lacks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    services = (write_content(tmp_path).joinpath("services.yaml").read_text(encoding="utf-8")
                .replace("summary: {de: Wir beraten., en: We advise.}", "summary: {de: Wir beraten.}"))
    root = write_content(tmp_path, services)
    out = tmp_path / "missing.json"
    assert cli.main(["translations", "export", "--lang", "en", "--missing", "--root", str(root), str(out)]) == 0
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert rows == [{"key": "services.yaml#offers/0/summary", "de": "Wir beraten.", "en": None}]
    assert capsys.readouterr().out == f"1 texts written to {out}\n"
    assert cli.main(["translations", "export", "--lang", "en", "--root", str(root), str(out)]) == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 7  # without --missing: every text
