"""Hostile content and a hostile services.yaml: refused at their line, never a traceback, and the
live portal keeps its last good version (the probe's findings 1, 4, 7 and 9)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SERVICES, write_content

from lotse import cli, content
from lotse.problems import Severity
from lotse.source import Document, parse
from lotse.store import ContentStore

TODAY = __import__("datetime").date(2026, 11, 24)


def with_include(pattern: str) -> str:
    return SERVICES + f"include:\n  - {pattern}\n"


# Each bad form of `include:` and the rule it breaks; line 41 is the entry after the shared SERVICES.
BAD_INCLUDES = [
    ("/etc/passwd", "is an absolute path"),
    ("~/content.yaml", "is an absolute path"),  # a home folder
    ("content/pages", "does not name YAML files"),  # a folder
    ('"**"', "does not name YAML files"),
    ('""', "is empty"),
    ('"."', "does not name YAML files"),
    ("../secret.yaml", "leaves the content folder (..)"),
    ("content/../../secret.yaml", "leaves the content folder (..)"),
    ("content/pages/*.md", "does not name YAML files"),  # not YAML
    ('"content/a**.yaml"', "is not a valid pattern"),
    ('"*.yaml"', "names only services.yaml itself"),  # would read nothing, silently
]


@pytest.mark.parametrize(("pattern", "reason"), BAD_INCLUDES)
def test_bad_include_is_an_error_at_its_line(tmp_path: Path, pattern: str, reason: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    root = write_content(tmp_path / "site", with_include(pattern))
    (tmp_path / "secret.yaml").write_text("offers: []\n", encoding="utf-8")
    assert cli.main(["check", "--errors-only", str(root)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("services.yaml:41:5: error: include ")
    assert reason in out[0]
    assert out[-1].endswith("1 error, 0 warnings")


def test_check_prints_no_traceback_for_a_bad_include(tmp_path: Path) -> None:
    root = write_content(tmp_path / "site", with_include("/etc/passwd"))
    done = subprocess.run([sys.executable, "-m", "lotse", "check", str(root)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stdout.startswith("services.yaml:41:5: error: include '/etc/passwd' is an absolute path")


def touch_later(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


@pytest.mark.parametrize("pattern", [pattern for pattern, _ in BAD_INCLUDES])
def test_live_portal_keeps_last_good_version_when_a_bad_include_arrives(content_dir: Path, pattern: str) -> None:
    store = ContentStore(content_dir, interval=0)
    first = store.current()
    assert first.good is not None and first.serving_latest
    services = content_dir / "services.yaml"
    services.write_text(with_include(pattern), encoding="utf-8")
    touch_later(services)
    second = store.current()
    assert second.good is first.good  # visitors keep the last good content
    assert not second.serving_latest
    assert [str(p) for p in second.latest.errors][0].startswith("services.yaml:41:5: error: include ")


def test_a_loader_failure_rejects_the_version_and_logs_it(content_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    store = ContentStore(content_dir, interval=0)
    good = store.current().good
    assert good is not None

    def broken(self: object) -> None:
        raise RuntimeError("a bug nobody foresaw")

    monkeypatch.setattr(content._Loader, "run", broken)
    touch_later(content_dir / "services.yaml")
    with caplog.at_level(logging.ERROR):
        snap = store.current()
    assert snap.good is good
    assert [p.message for p in snap.latest.errors] == [
        "the content could not be read (RuntimeError: a bug nobody foresaw); the portal keeps the last good "
        "version. Undo the last change, or send this message to the portal's operators"]
    assert any(r.exc_info and "a bug nobody foresaw" in str(r.exc_info[1]) for r in caplog.records)


# --- contacts and names (findings 4 and 7) -----------------------------------------------------------

def office_with(field: str) -> str:
    return SERVICES.replace("    location: {lat: 50.93, lon: 11.59}\n", f"    location: {{lat: 50.93, lon: 11.59}}\n{field}\n")


def problems(root: Path) -> list[str]:
    return [str(p) for p in content.load(root, today=TODAY).problems if p.severity == Severity.error]


@pytest.mark.parametrize(("field", "expected"), [
    ('    email: "a@b.c)[x](https://evil.example)"',
     "services.yaml:24:5: error: email: not an email address: 'a@b.c)[x](https://evil.example)' "
     "(the character ')' is not allowed in an email address); expected e.g. name@example.org"),
    ('    email: "a@b.de\\n"',
     "services.yaml:24:5: error: email: not an email address: 'a@b.de\\n' "
     "(the character '\\n' is not allowed in an email address); expected e.g. name@example.org"),
    ('    website: "https://jena.de/\\n"',
     "services.yaml:24:5: error: website: the link 'https://jena.de/\\n' contains '\\n', which is not allowed "
     "in a link (write a space as %20)"),
    ('    website: "https://jena.de/a b"',
     "services.yaml:24:5: error: website: the link 'https://jena.de/a b' contains ' ', which is not allowed "
     "in a link (write a space as %20)"),
])
def test_contacts_that_break_links_are_refused(tmp_path: Path, field: str, expected: str) -> None:
    assert problems(write_content(tmp_path, office_with(field))) == [expected]


def test_contacts_are_normalised(tmp_path: Path) -> None:
    root = write_content(tmp_path, office_with('    phone: "03641  49 0\\n"\n    email: Buero@Jena.DE\n'
                                               '    website: HTTPS://WWW.Jena.de/Amt'))
    office = content.load_or_raise(root, today=TODAY).office("office")
    assert office is not None
    assert (office.phone, office.email, office.website) == ("03641 49 0", "Buero@jena.de", "https://www.jena.de/Amt")


def test_time_with_a_trailing_newline_is_refused(tmp_path: Path) -> None:
    root = write_content(tmp_path, SERVICES.replace('tue: [{from: 09:00, to: "12:00"', 'tue: [{from: 09:00, to: "12:00\\n"'))
    assert problems(root) == [
        "services.yaml:26:29: error: hours.weekly.tue.to: time must be HH:MM, e.g. 09:00 or 16:30, not '12:00\\n'"]


def test_a_bad_include_is_listed_before_what_it_causes(tmp_path: Path) -> None:
    """The offers of a file left out by a bad include point to offices nobody read: those errors follow from
    the include, so the editor reads the include first."""
    services = SERVICES + "include:\n  - /etc/passwd\n  - content/directory/more.yaml\n"
    more = "offers:\n  - id: extra\n    offices: [elsewhere]\n    category: recognition\n" \
           "    title: {de: Mehr}\n    summary: {de: Mehr.}\n    provenance: {source: test, last_verified: 2026-11-01}\n"
    found = problems(write_content(tmp_path, services, **{"content/directory/more.yaml": more}))
    assert len(found) == 2
    assert found[0].startswith("services.yaml:") and "is an absolute path" in found[0]
    assert found[1].startswith("content/directory/more.yaml:") and "elsewhere" in found[1]


BIDI = "\u202e"


@pytest.mark.parametrize(("old", "new", "where"), [
    ("name: {de: Büro, en: Office}", f"name: {{de: Büro, en: 'Office {BIDI}eciffo live'}}", "21:22: error: name.en:"),
    ("street: Markt 1", f"street: 'Markt {BIDI}1'", "22:15: error: address.street:"),
    ("city: Jena, state", f"city: 'Je{BIDI}na', state", "22:54: error: address.city:"),
    ("name: {de: Stadt Jena, en: City of Jena}", "name: {de: 'Stadt \u2067Jena\u2069'}", "16:12: error: name.de:"),
    ("title: {de: Beratung, en: Counselling}", f"title: {{de: Beratung, en: 'Counsel{BIDI}ling'}}",
     "34:27: error: title.en:"),
    ("target: 03641 49 0", f"target: '03641 {BIDI}49 0'", "38:9: error: routes.phone.target:"),
])
def test_direction_controls_are_refused_in_names_titles_addresses_and_contacts(tmp_path: Path, old: str, new: str,
                                                                         where: str) -> None:
    assert old in SERVICES
    found = problems(write_content(tmp_path, SERVICES.replace(old, new)))
    assert len(found) == 1
    assert found[0].startswith(f"services.yaml:{where}")
    assert "invisible direction control U+" in found[0] and "delete it" in found[0]


# --- limits (finding 9) ------------------------------------------------------------------------------

def test_deep_nesting_is_reported_at_its_line() -> None:
    raw = b"site: x\noffers:\n  - id: a\n    notes: " + b"[" * 5000 + b"]" * 5000 + b"\n"
    doc = parse(raw, Document("deep.yaml"))
    assert [str(p) for p in doc.problems] == [
        "deep.yaml:4:73: error: file too large to read: nested deeper than 64 levels"]


def test_editor_page_says_what_to_fix_while_visitors_keep_the_last_good_version(tmp_path: Path) -> None:
    from apptest import run, wait_for_reload

    root = write_content(tmp_path / "site")
    assert not run(root, lang="en").exception  # the good version is live
    services = root / "services.yaml"
    services.write_text(with_include("/etc/passwd"), encoding="utf-8")
    touch_later(services)
    time.sleep(1.1)  # the live store looks at the files at most once a second
    wait_for_reload(root)  # the live store checks in the background
    at = run(root, page="editor", lang="en")
    assert not at.exception
    assert "has errors and was not published" in at.error[0].value
    messages = list(at.dataframe[0].value["Message"])
    assert messages == ["include '/etc/passwd' is an absolute path; name files relative to services.yaml, "
                        "e.g. content/directory/*.yaml"]
    visitor = run(root, lang="en", offer="counselling")
    assert not visitor.exception and visitor.title[0].value == "Counselling"
