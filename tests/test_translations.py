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
    assert text.startswith("# a comment editors wrote\n") and not text.endswith("\n\n")
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


def test_export_covers_every_list_item_and_the_documents_to_bring() -> None:
    """Translators get every offer of a file (not only the last one) and the documents to bring."""
    root = Path(__file__).resolve().parent.parent
    keys = {row["key"] for row in translations.export(root, "ar")}
    osnabrueck = {k for k in keys if k.startswith("content/directory/osnabrueck.yaml#offers/")}
    assert {k.split("#")[1] for k in osnabrueck if k.endswith("/title")} >= {"offers/0/title", "offers/1/title"}
    assert any("/documents/0" in k for k in osnabrueck)


def test_export_skips_the_termbase_but_not_the_files_after_it(tmp_path: Path) -> None:
    shipped = Path(__file__).resolve().parent.parent / "content" / "termbase.yaml"
    root = write_content(tmp_path, **{"content/termbase.yaml": shipped.read_text(encoding="utf-8"),
                                      "content/zentrum.yaml": BLOCK})
    keys = {row["key"] for row in translations.export(root, "ar")}
    assert "content/zentrum.yaml#organisations/0/name" in keys
    assert not any(k.startswith("content/termbase.yaml") for k in keys)


LAST_IN_FILE = """\
organisations:
  - id: county
    name: {de: Kreis}
    description: {de: Kurz}
    provenance: {source: test, last_verified: 2026-11-01}
  - id: town
    description:
      en: A long description.
      de: >-
        Eine lange Beschreibung
    provenance: {source: test, last_verified: 2026-11-01}
    name:
      de: Dorf"""  # no newline at the end of the file


def test_import_places_each_text_under_its_own_key_up_to_the_last_line(tmp_path: Path) -> None:
    """German only, a block scalar last, a text on the file's last line without a newline, a text left out."""
    services = (write_content(tmp_path).joinpath("services.yaml").read_text(encoding="utf-8")
                .replace("languages: [de, en]", "languages: [de, en, ar]") + "include:\n  - content/more.yaml\n")
    root = write_content(tmp_path, services)
    (root / "content" / "more.yaml").write_text(LAST_IN_FILE, encoding="utf-8")
    wanted = {"content/more.yaml#organisations/0/description": "ع قصير",
              "content/more.yaml#organisations/1/description": "ع وصف",
              "content/more.yaml#organisations/1/name": "ع قرية",
              "services.yaml#offers/0/summary": "ع نقدم المشورة"}  # organisations/0/name is left out
    assert translations.apply(root, "ar", wanted) == 4
    text = (root / "content" / "more.yaml").read_text(encoding="utf-8")
    assert '    name: {de: Kreis}\n    description: {de: Kurz, ar: "ع قصير"}\n' in text
    assert '        Eine lange Beschreibung\n      ar: "ع وصف"\n    provenance:' in text
    assert text.endswith('    name:\n      de: Dorf\n      ar: "ع قرية"\n')
    directory = content.load_or_raise(root)
    assert [o.name.get("ar") for o in directory.organisations if o.id in ("county", "town")] == [None, "ع قرية"]
    offer = directory.offer("counselling")
    assert offer is not None and offer.summary is not None and offer.summary["ar"] == "ع نقدم المشورة"
    assert offer.title.get("ar") is None


def test_import_refuses_a_broken_file_naming_where(tmp_path: Path) -> None:
    root = write_content(tmp_path, **{"content/broken.yaml": "organisations:\n  - id: x\n    name: {de: [\n"})
    before = (root / "content" / "broken.yaml").read_text(encoding="utf-8")
    with pytest.raises(ValueError, match=r"^content/broken\.yaml:\d+(:\d+)?: .*fix the file before importing"):
        translations.apply(root, "ar", {"content/broken.yaml#organisations/0/name": "x"})
    assert (root / "content" / "broken.yaml").read_text(encoding="utf-8") == before
