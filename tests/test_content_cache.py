"""Loading with a per-file cache and with worker processes gives exactly what a plain load gives,
and reads again exactly the files whose result could have changed."""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
from collections import Counter
from pathlib import Path

import pytest
from conftest import SERVICES, write_content

from lotse import content, filecache
from lotse.cli import main

TODAY = dt.date(2026, 11, 24)
SITE, REST = SERVICES.split("organisations:\n", 1)
ORGANISATIONS, REST = REST.split("offices:\n", 1)
OFFICES, OFFERS = REST.split("offers:\n", 1)
SERVICES_WITH_INCLUDES = SITE + "organisations:\n" + ORGANISATIONS + "include:\n  - content/directory/*.yaml\n"
SECOND_OFFICE = OFFICES.replace("id: office", "id: office-2").replace("Markt 1", "Markt 2")
GUIDE = """\
id: first-steps
title: {de: Erste Schritte, en: First steps}
summary: {de: Was zuerst zu tun ist., en: What to do first.}
steps:
  - title: {de: Beratung, en: Counselling}
    text: {de: Gehen Sie zur Beratung., en: Go to the counselling.}
    offers: [counselling]
"""


def site(root: Path, **changes: str) -> Path:
    """A content folder with the directory spread over included files and a guide file."""
    files = {
        "content/directory/offices.yaml": "offices:\n" + OFFICES,
        "content/directory/offices-more.yaml": "offices:\n" + SECOND_OFFICE,
        "content/directory/offers.yaml": "offers:\n" + OFFERS,
        "content/guides/first-steps.yaml": GUIDE,
    }
    files.update(changes)
    return write_content(root, SERVICES_WITH_INCLUDES, **files)


def broken_site(root: Path) -> Path:
    """Problems of every layer, in several files: syntax, shape, references, texts, dates, images."""
    return site(
        root,
        **{
            "content/directory/offices.yaml": "offices:\n" + OFFICES.replace("lat: 50.93, lon: 11.59", "lat: 11.59, lon: 50.93")
            .replace("organisation: city", "organisation: cty").replace("name: {de: Büro, en: Office}", "name: {en: Office}"),
            "content/directory/offices-more.yaml": "offices:\n" + SECOND_OFFICE.replace("2026-11-01", "2020-01-01")
            .replace("id: office-2", "id: office"),
            "content/directory/offers.yaml": "offers:\n" + OFFERS.replace("category: recognition", "category: recogniton")
            .replace("title: {de: Beratung, en: Counselling}", "title: {de: Beratung}\n    description: {de: '![x](https://t.example/p.png)'}"),
            "content/directory/syntax.yaml": "offers:\n  - id: [unclosed\n",
            "content/directory/shape.yaml": "- just\n- a list\n",
            "content/guides/first-steps.yaml": GUIDE.replace("offers: [counselling]", "offers: [counseling]"),
        },
    )


def snapshot(result: content.LoadResult) -> tuple[list[str], object, object, tuple[str, ...]]:
    return [str(p) for p in result.problems], result.directory, result.pages, result.files


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How often each file was parsed and validated (in this process: the loads below use one worker)."""
    counter: Counter[str] = Counter()
    original = content.read_file

    def counting(path: Path, name: str, *args: object, **kwargs: object) -> content.FileResult:
        counter[name] += 1
        return original(path, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(content, "read_file", counting)
    return counter


def remembered(cache: Path) -> dict[str, object]:
    path = cache / filecache.DIGESTS
    return json.loads(path.read_text()) if path.exists() else {}


def load(root: Path, cache: Path | None = None, today: dt.date = TODAY, workers: int = 1) -> content.LoadResult:
    return content.load(root, today=today, cache=cache, workers=workers)


@pytest.mark.parametrize("make", [site, broken_site])
def test_cached_and_parallel_loads_give_what_a_plain_load_gives(tmp_path: Path, make: object) -> None:
    root = make(tmp_path / "site")  # type: ignore[operator]
    cache = tmp_path / "cache"
    plain = snapshot(load(root))
    assert snapshot(load(root, cache)) == plain  # filling the cache
    assert snapshot(load(root, cache)) == plain  # read from it
    assert snapshot(load(root, workers=2)) == plain
    assert snapshot(load(root, tmp_path / "cache-2", workers=2)) == plain  # workers writing the cache
    assert snapshot(load(root, tmp_path / "cache-2", workers=2)) == plain


def test_parallel_load_reports_each_problem_at_its_file_and_line(tmp_path: Path) -> None:
    problems = snapshot(load(broken_site(tmp_path / "site"), workers=2))[0]
    assert problems == [
        "content/directory/offers.yaml:4:5: error: unknown category 'recogniton' (did you mean 'recognition'?)",
        "content/directory/offices.yaml:2:5: error: duplicate id 'office' "
        "(first defined at content/directory/offices-more.yaml:2)",
        "content/directory/offices.yaml:3:5: error: unknown organisation 'cty' (did you mean 'city'?)",
        "content/directory/offices.yaml:4:5: error: name: text in the default language 'de' is required",
        "content/directory/offices.yaml:6:5: error: coordinates 11.59, 50.93 lie outside the region "
        "(47.2..55.1 N, 5.8..15.1 E); are latitude and longitude swapped?",
        "content/directory/shape.yaml:1:1: error: the file must be a mapping of keys, such as `offices:`",
        "content/directory/syntax.yaml:3:1: error: YAML syntax: did not find expected ',' or ']' "
        "(while parsing a flow sequence)",
        "content/guides/first-steps.yaml:7:14: error: unknown offer 'counseling' (did you mean 'counselling'?)",
        "content/directory/offers.yaml:2:5: warning: missing translations (en: title, description)",
        "content/directory/offers.yaml:7:19: warning: image 'https://t.example/p.png' is not shown: the portal "
        "shows no images from content, so that no visitor's browser contacts another server; "
        "its alt text 'x' is shown instead",
        "content/directory/offices-more.yaml:11:32: warning: last verified 2519 days ago (2020-01-01); "
        "please check the facts",
    ]


def test_editing_one_file_reads_only_that_file(tmp_path: Path, reads: Counter[str]) -> None:
    root, cache = site(tmp_path / "site"), tmp_path / "cache"
    load(root, cache)
    assert set(reads) == {"content/directory/offices.yaml", "content/directory/offices-more.yaml",
                          "content/directory/offers.yaml", "content/guides/first-steps.yaml"}
    reads.clear()
    assert load(root, cache).ok
    assert reads == Counter()
    offers = root / "content/directory/offers.yaml"
    offers.write_text(offers.read_text().replace("category: recognition", "category: nope"))
    result = load(root, cache)
    assert reads == Counter({"content/directory/offers.yaml": 1})
    assert [str(p) for p in result.problems] == ["content/directory/offers.yaml:4:5: error: unknown category 'nope'"]


def test_a_reference_into_a_changed_file_is_checked_again_without_reading_its_file(tmp_path: Path,
                                                                                  reads: Counter[str]) -> None:
    root, cache = site(tmp_path / "site"), tmp_path / "cache"
    load(root, cache)
    reads.clear()
    (root / "content/directory/offices.yaml").write_text("offices: []\n")
    problems = [str(p) for p in load(root, cache).problems]
    assert reads == Counter({"content/directory/offices.yaml": 1})
    assert problems == ["content/directory/offers.yaml:3:15: error: unknown office 'office' (did you mean 'office-2'?)"]


def test_site_settings_the_items_depend_on_invalidate_every_file(tmp_path: Path, reads: Counter[str]) -> None:
    root, cache = site(tmp_path / "site"), tmp_path / "cache"
    load(root, cache)
    reads.clear()
    services = root / "services.yaml"
    services.write_text(services.read_text().replace("{de: Anerkennung, en: Recognition}", "{de: Anerkennung}"))
    assert [str(p) for p in load(root, cache).problems] == [
        "services.yaml:9:5: warning: missing translations (en: name)"]
    assert reads == Counter(), "a change to an item of services.yaml is not a change of the site settings"
    services.write_text(services.read_text().replace("south: 47.2", "south: 51.0"))
    problems = [str(p) for p in load(root, cache).problems]
    assert len(reads) == 4 and set(reads.values()) == {1}
    assert problems == [str(p) for p in load(root).problems]
    assert "content/directory/offices.yaml:6:5: error: coordinates 50.93, 11.59 lie outside the region " \
           "(51.0..55.1 N, 5.8..15.1 E); are latitude and longitude swapped?" in problems
    reads.clear()
    services.write_text(services.read_text().replace("languages: [de, en]", "languages: [de, en, fr]"))
    problems = [str(p) for p in load(root, cache).problems]
    assert len(reads) == 4
    assert "content/directory/offers.yaml:2:5: warning: missing translations (fr: title, summary)" in problems
    assert problems == [str(p) for p in load(root).problems]


def test_the_date_is_applied_to_cached_items(tmp_path: Path, reads: Counter[str]) -> None:
    root, cache = site(tmp_path / "site"), tmp_path / "cache"
    assert load(root, cache, today=TODAY).problems == []
    reads.clear()
    later = load(root, cache, today=dt.date(2028, 1, 1))
    assert reads == Counter()
    assert snapshot(later) == snapshot(load(root, today=dt.date(2028, 1, 1)))
    assert "content/directory/offices.yaml:11:32: warning: last verified 426 days ago (2026-11-01); " \
           "please check the facts" in [str(p) for p in later.problems]
    earlier = load(root, cache, today=dt.date(2026, 10, 1))
    assert "content/directory/offers.yaml:11:32: error: last_verified 2026-11-01 lies in the future; " \
           "use the date you checked" in [str(p) for p in earlier.problems]


def test_a_changed_termbase_is_applied_to_every_file(tmp_path: Path, reads: Counter[str]) -> None:
    terms = "terms:\n  - id: counselling\n    approved: {de: Beratung, en: counselling}\n    avoid: {en: [advice]}\n"
    root, cache = site(tmp_path / "site", **{"content/termbase.yaml": terms}), tmp_path / "cache"
    offers = root / "content/directory/offers.yaml"
    offers.write_text(offers.read_text().replace("We advise.", "We give advice."))
    first = [str(p) for p in load(root, cache).problems]
    assert first == ["content/directory/offers.yaml:7:33: warning: avoid 'advice' (counselling); use 'counselling'"]
    reads.clear()
    (root / "content/termbase.yaml").write_text(terms.replace("[advice]", "[advice, counselling]"))
    problems = [str(p) for p in load(root, cache).problems]
    assert len(reads) == 4
    assert problems == [str(p) for p in load(root).problems]
    assert len(problems) > len(first)


def test_a_corrupt_or_foreign_cache_entry_is_ignored_and_rebuilt(tmp_path: Path, reads: Counter[str]) -> None:
    root, cache = site(tmp_path / "site"), tmp_path / "cache"
    expected = snapshot(load(root, cache))
    entries = sorted(cache.glob("*.pickle"))
    assert len(entries) == 4
    entries[0].write_bytes(entries[0].read_bytes()[:100])  # torn
    entries[1].write_bytes(b"not a pickle at all")
    header = entries[2].read_bytes().split(b"\n", 2)
    entries[2].write_bytes(b"\n".join([*header[:2], pickle.dumps({"a": "dict"})]))  # whole, but not a result
    entries[3].write_bytes(entries[1].read_bytes().replace(b"not", b"n0t"))
    reads.clear()
    assert snapshot(load(root, cache)) == expected
    assert len(reads) == 4
    reads.clear()
    assert snapshot(load(root, cache)) == expected  # rebuilt
    assert reads == Counter()


def test_an_unusable_cache_folder_only_costs_time(tmp_path: Path) -> None:
    root = site(tmp_path / "site")
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    assert snapshot(load(root, not_a_folder)) == snapshot(load(root))


def test_a_new_loader_version_does_not_use_old_entries(tmp_path: Path, reads: Counter[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    root, cache = site(tmp_path / "site"), tmp_path / "cache"
    load(root, cache)
    reads.clear()
    monkeypatch.setattr(filecache, "code_version", lambda: "another version of the loader")
    load(root, cache)
    assert len(reads) == 4


def test_an_unchanged_file_is_not_even_hashed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, cache = site(tmp_path / "site"), tmp_path / "cache"
    load(root, cache)
    assert remembered(cache) == {}, "just written: not settled yet"
    monkeypatch.setattr(filecache, "_SETTLED_NS", 0)
    load(root, cache)
    assert len(remembered(cache)) == 4
    monkeypatch.setattr(filecache, "content_digest", lambda raw: pytest.fail("hashed again"))
    assert load(root, cache).ok


def test_a_file_rewritten_with_its_old_size_and_time_is_read_again(tmp_path: Path, reads: Counter[str],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    root, cache = site(tmp_path / "site"), tmp_path / "cache"
    offers = root / "content/directory/offers.yaml"
    old = 1_700_000_000
    for path in root.rglob("*.yaml"):
        os.utime(path, (old, old))
    monkeypatch.setattr(filecache, "_SETTLED_NS", 0)  # remember the hashes at once
    load(root, cache)
    assert len(remembered(cache)) == 4
    reads.clear()
    offers.write_text(offers.read_text().replace("recognition", "recognitiox"))
    os.utime(offers, (old, old))  # same size, same modification time: only the change time tells
    problems = [str(p) for p in load(root, cache).problems]
    assert reads == Counter({"content/directory/offers.yaml": 1})
    assert problems == ["content/directory/offers.yaml:4:5: error: unknown category 'recognitiox' "
                        "(did you mean 'recognition'?)"]


def test_unused_entries_are_pruned(tmp_path: Path) -> None:
    root, cache = site(tmp_path / "site"), tmp_path / "cache"
    load(root, cache)
    stale = cache / "0123.pickle"
    stale.write_bytes(b"old")
    os.utime(stale, (1_700_000_000, 1_700_000_000))
    load(root, cache)
    assert not stale.exists()
    assert len(list(cache.glob("*.pickle"))) == 4


def test_check_command_takes_a_cache_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, cache = broken_site(tmp_path / "site"), tmp_path / "cache"
    assert main(["check", str(root)]) == 1
    plain = capsys.readouterr().out
    assert main(["check", str(root), "--cache", str(cache)]) == 1
    assert capsys.readouterr().out == plain
    assert len(list(cache.glob("*.pickle"))) == 6
    assert main(["check", str(root), "--cache", str(cache)]) == 1
    assert capsys.readouterr().out == plain


def test_an_edited_file_read_by_a_worker_beside_the_cache_gives_the_same(tmp_path: Path) -> None:
    root, cache = broken_site(tmp_path / "site"), tmp_path / "cache"
    load(root, cache, workers=2)
    offers = root / "content/directory/offers.yaml"
    offers.write_text(offers.read_text().replace("target: 03641 49 0", "target: call us"))
    assert snapshot(load(root, cache, workers=2)) == snapshot(load(root))
    assert "content/directory/offers.yaml:11:9: error: routes.phone.target: not a phone number: 'call us' " \
           "(digits, spaces, +, /, - and parentheses, e.g. 0381 444 311 60)" in snapshot(load(root, cache, workers=2))[0]


def test_a_read_only_cache_still_serves(tmp_path: Path, reads: Counter[str], monkeypatch: pytest.MonkeyPatch) -> None:
    root, cache = site(tmp_path / "site"), tmp_path / "cache"
    expected = snapshot(load(root, cache))
    reads.clear()

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError("read-only file system")

    monkeypatch.setattr(os, "utime", refuse)
    assert snapshot(load(root, cache)) == expected
    assert reads == Counter()
