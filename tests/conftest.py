"""Shared fixtures: a small valid content folder that tests can break on purpose."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def _state_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Compiled content versions of this test run go to a folder of its own, not the project's `.lotse/`
    (every test's content folder is a new root). Set before any store or server starts, so servers inherit it."""
    old = os.environ.get("LOTSE_STATE")
    os.environ["LOTSE_STATE"] = str(tmp_path_factory.mktemp("lotse-state"))
    yield
    if old is None:
        os.environ.pop("LOTSE_STATE", None)
    else:
        os.environ["LOTSE_STATE"] = old

SERVICES = """\
site:
  name: {de: Testportal, en: Test portal}
  default_language: de
  languages: [de, en]
  region: {south: 47.2, west: 5.8, north: 55.1, east: 15.1}
  map:
    center: {lat: 51.2, lon: 10.4}
categories:
  - id: recognition
    name: {de: Anerkennung, en: Recognition}
target_groups:
  - id: women
    name: {de: Frauen, en: Women}
organisations:
  - id: city
    name: {de: Stadt Jena, en: City of Jena}
    provenance: {source: test, last_verified: 2026-11-01}
offices:
  - id: office
    organisation: city
    name: {de: Büro, en: Office}
    address: {street: Markt 1, postal_code: "07743", city: Jena, state: TH}
    location: {lat: 50.93, lon: 11.59}
    hours:
      weekly:
        tue: [{from: 09:00, to: "12:00", kind: appointment}]
        thu: [{from: 09:00, to: "12:00", kind: appointment}]
    provenance: {source: test, last_verified: 2026-11-01}
offers:
  - id: counselling
    offices: [office]
    category: recognition
    target_groups: [women]
    title: {de: Beratung, en: Counselling}
    summary: {de: Wir beraten., en: We advise.}
    routes:
      - type: phone
        target: 03641 49 0
    provenance: {source: test, last_verified: 2026-11-01}
"""


def write_content(root: Path, services: str = SERVICES, **files: str) -> Path:
    """Write a content folder: services.yaml plus any `files` (relative path → text)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "services.yaml").write_text(textwrap.dedent(services), encoding="utf-8")
    for page in ("welcome", "about", "privacy", "imprint"):
        files.setdefault(f"content/pages/{page}.de.md", f"# {page}\n")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    return write_content(tmp_path / "site")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[Any]:
    """Keep each phase's report on the test item, so a fixture can see whether the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def msgstr(lang: str, msgid: str, index: int = 0) -> str:
    """The translation of `msgid` as the catalog file has it (read here, not through lotse.i18n),
    so a test states what a visitor reads without copying texts the translators may improve."""
    from babel.messages.pofile import read_po

    with (ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        message = read_po(fh, locale=lang).get(msgid)
    assert message is not None and message.string, f"{lang}: no translation of {msgid!r}"
    text = message.string
    return str(text[index] if isinstance(text, tuple) else text)
