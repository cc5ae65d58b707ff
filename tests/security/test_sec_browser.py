"""In a real browser: a crafted search link puts no link and no image into the page, and the
browser asks no other host for anything (the probe's finding 3)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from portal_server import Portal, browser, portal_server, wait_for_app  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

EVIL = "zqxj.invalid"  # words that find nothing, so that the page says "Nothing found for …"
CRAFTED = [
    f"[Zqxj](https://{EVIL}/zqxj)",
    f"![Zqxj](https://{EVIL}/pixel.png)",
    f"https://{EVIL}/zqxj www.{EVIL} zqxj@{EVIL}",
    f"<img src=https://{EVIL}/t.png>",
]


@pytest.fixture(scope="module")
def shipped(portal_server: Any) -> Portal:  # noqa: F811
    portal: Portal = portal_server(None)
    return portal


@pytest.fixture
def page(browser: Any, shipped: Portal) -> Iterator[Any]:  # noqa: F811
    """A page that records every request and lets none leave for another host."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    own = urlsplit(shipped.url).netloc
    pg = context.new_page()
    pg.elsewhere = []

    def route(r: Any) -> None:
        url = urlsplit(r.request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.netloc != own:
            pg.elsewhere.append(r.request.url)
            r.abort()
        else:
            r.continue_()

    context.route("**/*", route)
    yield pg
    context.close()


@pytest.mark.parametrize("query", CRAFTED)
@pytest.mark.parametrize("path", ["", "frontdesk"])
def test_crafted_search_link_shows_only_text(page: Any, shipped: Portal, path: str, query: str) -> None:
    page.goto(shipped.page_url(path, lang="de", q=query))
    wait_for_app(page)
    main = page.locator("[data-testid='stMain']")
    # The "nothing found" note is the element under test: wait for it, not for the clock.
    main.locator("[data-testid='stAlert']").first.wait_for(state="visible")
    wait_for_app(page)
    links = [a.get_attribute("href") or "" for a in main.locator("a").all()]
    assert [href for href in links if "zqxj" in href] == []
    assert page.locator("img[src*='zqxj']").count() == 0
    assert page.elsewhere == []
    if path == "":  # the search text is echoed as written
        alert = main.locator("[data-testid='stAlert']").first.inner_text()
        assert query in alert.replace("\u2060", "")  # word joiners keep bare URLs from becoming links
