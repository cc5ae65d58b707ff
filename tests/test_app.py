"""The portal as a visitor and an editor meet it: AppTest runs of the real app."""

from pathlib import Path

import pytest
from apptest import run, texts, wait_for_reload
from conftest import SERVICES, write_content

from lotse import markup


def test_start_page_lists_offers(content_dir: Path) -> None:
    at = run(content_dir, lang="de", category="recognition")  # a category tile lists its offers
    assert not at.exception
    assert at.title[0].value == "Testportal"
    assert "Beratung" in [link.proto.label for link in at.get("page_link")]


def test_offer_page_shows_routes_cost_and_place(content_dir: Path) -> None:
    at = run(content_dir, lang="en", offer="counselling")
    assert not at.exception
    shown = texts(at)
    assert at.title[0].value == "Counselling"
    assert "[03641 49 0](tel:+493641490)" in shown
    assert "Free of charge" in shown
    assert "Markt 1, 07743 Jena" in shown


def test_office_page_shows_weekly_hours(content_dir: Path) -> None:
    at = run(content_dir, lang="en", office="office")
    assert not at.exception
    table = at.table[0].value
    assert list(table.iloc[1]) == ["Tuesday", "9:00\u202fAM–12:00\u202fPM (by appointment)"]
    assert list(table.iloc[0]) == ["Monday", "closed"]


def test_unknown_id_is_a_friendly_not_found(content_dir: Path) -> None:
    for key in ("offer", "office", "guide"):
        at = run(content_dir, lang="en", **{key: "no-such-thing"})
        assert not at.exception
        assert "could not find this page" in at.warning[0].value


def test_unknown_language_falls_back_to_default(content_dir: Path) -> None:
    at = run(content_dir, lang="xx")
    assert not at.exception
    assert at.query_params["lang"] == "de"
    assert at.title[0].value == "Testportal"


def test_hostile_text_is_shown_as_text(tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script> **bold** [x](javascript:alert(1))"
    root = write_content(tmp_path, SERVICES.replace("title: {de: Beratung, en: Counselling}", f"title: {{de: '{hostile}'}}"))
    at = run(root, lang="de", offer="counselling")
    assert not at.exception
    # st.title renders Markdown: the title is escaped, so it shows as written, with no bold and no link
    assert at.title[0].value == markup.escape(hostile)


def test_no_content_at_all_shows_friendly_page(tmp_path: Path) -> None:
    root = write_content(tmp_path, "site: [\n")
    at = run(root)
    assert not at.exception
    assert at.title[0].value == "The portal is being set up"
    assert "services.yaml:2:1: error: YAML syntax" in at.code[0].value


def test_editor_page_lists_warnings_of_the_published_version(tmp_path: Path) -> None:
    # A missing translation is a warning: this version is published, and its warning listed.
    root = write_content(tmp_path, SERVICES.replace("title: {de: Beratung, en: Counselling}", "title: {de: Beratung}"))
    at = run(root, page="editor", lang="en")
    assert not at.exception
    assert "The portal shows the latest content." in at.success[0].value
    frame = at.dataframe[0].value
    assert [list(row) for row in frame.itertuples(index=False)] == [
        ["services.yaml", 30, 5, "warning", "missing translations (en: title)"]]


def test_rejected_version_is_listed_for_editors_and_visitors_keep_the_last_good_one(tmp_path: Path) -> None:
    import os
    import time

    root = write_content(tmp_path)
    at = run(root, page="editor", lang="en")
    assert "The portal shows the latest content." in at.success[0].value
    broken = (SERVICES.replace("category: recognition", "category: nope").replace("lat: 50.93", "lat: 80.0")
              .replace("title: {de: Beratung, en: Counselling}", "title: {de: Neu, en: New}"))
    (root / "services.yaml").write_text(broken, encoding="utf-8")
    stamp = time.time() + 5
    os.utime(root / "services.yaml", (stamp, stamp))
    time.sleep(1.1)  # the store looks at the files at most once a second
    wait_for_reload(root)
    at = run(root, page="editor", lang="en")
    assert not at.exception
    assert "was not published" in at.error[0].value
    frame = at.dataframe[0].value
    shown = [f"{f}:{line}:{col}: {sev}: {msg}" for f, line, col, sev, msg in frame.itertuples(index=False)]
    assert shown == [
        "services.yaml:23:5: error: coordinates 80.0, 11.59 lie outside the region (47.2..55.1 N, 5.8..15.1 E); "
        "are latitude and longitude swapped?",
        "services.yaml:32:5: error: unknown category 'nope'",
    ]
    visitor = run(root, lang="en", offer="counselling")
    assert visitor.title[0].value == "Counselling"  # the last good version, not the rejected "New"


def test_editor_page_offers_the_csv(content_dir: Path) -> None:
    at = run(content_dir, page="editor", lang="en")
    assert not at.exception
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == ["Download table (CSV)"]


LANGUAGES = ["de", "en", "ar", "fa", "uk", "ru", "tr", "fr", "it", "lv"]
PAGES = [("home", {}), ("home", {"offer": "jena-beratung"}), ("home", {"office": "rostock-ifdm"}),
         ("home", {"guide": "recognition"}), ("home", {"q": "Anerkennung"}), ("map", {}),
         ("frontdesk", {"q": "Anerkennung", "handout": "osnabrueck-anerkennung", "visitor": "ar"}),
         ("editor", {}), ("about", {}), ("privacy", {}), ("imprint", {})]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_renders_in_every_language(lang: str) -> None:
    for page, query in PAGES:
        at = run(None, page=None if page == "home" else page, lang=lang, **query)
        assert not at.exception, (page, query, lang)
        assert not at.error or page == "editor", (page, query, lang, [e.value for e in at.error])
        assert at.query_params["lang"] == lang


def test_office_page_links_to_the_map_of_its_city() -> None:
    at = run(None, lang="de", office="jena-migration-office")
    links = [(link.proto.label, link.proto.page) for link in at.get("page_link")]
    assert ("Auf der Karte zeigen", "map") in links
