"""The compiled content version: what every portal process opens instead of the YAML.

A visitor must not be able to tell a compiled version from the content loaded in
memory: the same offers, offices, topics, search results and light pages. An
editor's broken files must never replace the version served, not even for a
replica that starts while they are broken.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import ROOT, SERVICES, write_content

from lotse import compiled, light, maps, store
from lotse.compiled import StoredDirectory
from lotse.store import ContentStore

NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[store.Version, store.Version]:
    """The shipped content in memory, and the same content compiled and opened."""
    in_memory, folder = store.compile_into(ROOT, tmp_path_factory.mktemp("state"))
    result, index = compiled.open_version(folder)
    return in_memory, store.Version(result, index)


def test_the_compiled_directory_has_the_same_offers_and_offices(both: tuple[store.Version, store.Version]) -> None:
    memory, opened = both[0].result.directory, both[1].result.directory
    assert memory is not None and isinstance(opened, StoredDirectory)
    assert tuple(opened.offers) == memory.offers and tuple(opened.offices) == memory.offices
    assert (opened.site, opened.categories, opened.guides, opened.organisations) == \
        (memory.site, memory.categories, memory.guides, memory.organisations)
    assert opened.ids("offers") == memory.ids("offers") and opened.ids("offices") == memory.ids("offices")
    assert opened.offer("no-such-offer") is None and opened.office("no-such-office") is None
    for office in memory.offices:
        assert opened.office(office.id) == office
        assert opened.offers_at(office.id) == memory.offers_at(office.id)
    for category in memory.categories:  # a topic's offers by German title, a page at a time
        assert [o.id for o in opened.offers_in(category.id)] == [o.id for o in memory.offers_in(category.id)]
        assert opened.offers_in(category.id)[1:3] == tuple(memory.offers_in(category.id)[1:3])


@pytest.mark.parametrize(("query", "lang"), [("Anerkennung", "de"), ("Deutschkurs Jena", "de"),
                                             ("الاعتراف بالشهادات", "ar"), ("women", "en"), ("", "de")])
def test_search_finds_the_same_in_a_compiled_version(both: tuple[store.Version, store.Version],
                                                      query: str, lang: str) -> None:
    memory, opened = both[0].index, both[1].index
    assert memory is not None and opened is not None
    expected, found = memory.search(query, lang, now=NOW), opened.search(query, lang, now=NOW)
    assert [(h.kind, h.id, h.title, h.cities) for h in found.hits] == \
        [(h.kind, h.id, h.title, h.cities) for h in expected.hits]
    assert [h.item for h in found.hits] == [h.item for h in expected.hits] and found.total == expected.total


def test_light_pages_and_the_map_are_the_same_from_a_compiled_version(
        both: tuple[store.Version, store.Version]) -> None:
    (memory, memory_index), (opened, opened_index) = [(v.result.directory, v.index) for v in both]
    assert memory is not None and opened is not None
    here, there = light.Renderer(memory, memory_index), light.Renderer(opened, opened_index)
    assert there.sitemap() == here.sitemap()
    offer, office = memory.offers[0], memory.offices[0]
    for lang, kind, id in [("ar", "offer", offer.id), ("de", "office", office.id), ("uk", "topic", "recognition")]:
        assert there.item(lang, kind, id, NOW).html == here.item(lang, kind, id, NOW).html
    pins = [(p.office.id, [o.id for o in p.offers], p.status) for p in maps.select(opened, maps.Filters(), NOW)]
    assert pins == [(p.office.id, [o.id for o in p.offers], p.status) for p in maps.select(memory, maps.Filters(), NOW)]


EXTRA_OFFERS = """\
offers:
  - id: language-course
    offices: [office]
    category: recognition
    title: {de: Deutschkurs, en: German course}
    summary: {de: Wir unterrichten., en: We teach.}
    routes:
      - type: phone
        target: 03641 49 1
    provenance: {source: test, last_verified: 2026-11-01}
"""


def test_an_edited_file_shows_its_new_text_and_the_others_stay_as_they_were(tmp_path: Path) -> None:
    """With the per-file cache between compiles, an edit shows at once, and what the other files
    hold is the same as when loaded in memory."""
    services = SERVICES.replace("offers:\n", "include: [content/more/*.yaml]\noffers:\n", 1)
    root = write_content(tmp_path / "content", services, **{"content/more/offers.yaml": EXTRA_OFFERS})
    state = tmp_path / "state"
    store.compile_into(root, state)
    (root / "content/more/offers.yaml").write_text(EXTRA_OFFERS.replace("de: Deutschkurs", "de: Sprachkurs"),
                                                   encoding="utf-8")
    memory, folder = store.compile_into(root, state)
    opened, _ = compiled.open_version(folder)
    assert memory.result.directory is not None and opened.directory is not None
    assert opened.directory.offer("language-course").title["de"] == "Sprachkurs"  # type: ignore[union-attr]
    assert tuple(opened.directory.offers) == memory.result.directory.offers
    assert tuple(opened.directory.offices) == memory.result.directory.offices


def test_a_rejected_version_is_published_as_latest_but_never_as_current(tmp_path: Path) -> None:
    root, state = write_content(tmp_path / "content"), tmp_path / "state"
    good = store.compile_into(root, state)[1]
    services = root / "services.yaml"
    services.write_text(SERVICES.replace("category: recognition", "category: [broken"), encoding="utf-8")
    version, rejected = store.compile_into(root, state)
    assert not version.result.ok
    assert compiled.linked(state, compiled.LATEST) == rejected
    assert compiled.linked(state, compiled.CURRENT) == good
    result, index = compiled.open_version(rejected)
    assert result.directory is None and index is None and result.errors  # the editor page shows these


def test_old_versions_are_pruned_and_the_linked_ones_kept(tmp_path: Path) -> None:
    root, state = write_content(tmp_path / "content"), tmp_path / "state"
    for _ in range(compiled.KEEP_VERSIONS + 2):
        store.compile_into(root, state)
    folders = [p for p in (state / compiled.VERSIONS).iterdir() if not p.name.startswith(".")]
    assert len(folders) == compiled.KEEP_VERSIONS
    assert compiled.linked(state, compiled.CURRENT) in folders


def test_a_replica_opens_what_another_compiled_without_compiling(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_content(tmp_path / "content")
    monkeypatch.setenv("LOTSE_STATE", str(tmp_path / "state"))
    first = ContentStore(root, interval=0, isolate=True).current()
    assert first.good is not None

    def no_compiling(*_: object) -> str:
        raise AssertionError("the version was already published")

    monkeypatch.setattr(store, "_compile_in_child", no_compiling)
    second = ContentStore(root, interval=0, isolate=True).current()
    assert second.good is not None and second.good.version == first.good.version
    assert second.good.directory is not None and isinstance(second.good.directory, StoredDirectory)
    assert [o.id for o in second.good.directory.offers] == [o.id for o in first.good.directory.offers]  # type: ignore[union-attr]


def test_a_replica_started_on_broken_files_serves_the_last_good_version(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_content(tmp_path / "content")
    monkeypatch.setenv("LOTSE_STATE", str(tmp_path / "state"))
    assert ContentStore(root, interval=0, isolate=True).current().good is not None
    services = root / "services.yaml"
    services.write_text(SERVICES.replace("category: recognition", "category: [broken"), encoding="utf-8")
    stat = services.stat()
    os.utime(services, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    started = ContentStore(root, interval=0, isolate=True).current()   # a new process, after the edit
    assert started.good is not None and started.index is not None
    assert started.good.directory is not None and started.good.directory.offers[0].title["de"] == "Beratung"
    assert not started.serving_latest and started.latest.errors
    assert str(started.latest.errors[0]).startswith("services.yaml:")
