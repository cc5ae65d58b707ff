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


def test_editor_page_lists_problems_of_rejected_version(tmp_path: Path) -> None:
    root = write_content(tmp_path, SERVICES.replace("title: {de: Beratung, en: Counselling}", "title: {de: Beratung}"))
    at = run(root, page="editor", lang="en")
    assert not at.exception
    assert "The portal shows the latest content." in at.success[0].value
    frame = at.dataframe[0].value
    assert list(frame["Message"]) == ["missing translations (en: title)"]


def test_editor_page_lists_every_problem_check_lists(tmp_path: Path) -> None:
    import os
    import time

    from lotse import content

    root = write_content(tmp_path)
    at = run(root, page="editor", lang="en")
    assert "The portal shows the latest content." in at.success[0].value
    broken = SERVICES.replace("category: recognition", "category: nope").replace("lat: 50.93", "lat: 80.0")
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
    assert shown == [str(p) for p in content.load(root).problems]
    assert len(shown) == 2


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
