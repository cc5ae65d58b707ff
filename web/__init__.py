"""The portal's small web layer: light pages, sitemap, health, compression and security headers.

Streamlit's `st.App` (see `serve.py`) mounts these Starlette routes and middleware
next to the interactive app in the same process. The routes are glue: they read
the live content from the same `lotse.store` the Streamlit pages use, and ask
`lotse.light` for the HTML. Nothing here imports streamlit.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import json
import mimetypes
import os
import re
import socket
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lotse import i18n, light, store
from lotse.model import MapSettings
from lotse.store import Snapshot

REPLICA = os.environ.get("LOTSE_REPLICA", socket.gethostname())


async def _snapshot() -> Snapshot:
    """The version being served, without blocking the event loop (a reload runs in a thread)."""
    live = store.shared()
    snap = live.peek()
    return snap if snap is not None else await run_in_threadpool(live.current)


def _compressed(request: Request, body: bytes, media_type: str, status: int = 200,
                headers: dict[str, str] | None = None) -> Response:
    """A response, gzipped when the client accepts it (light pages are small; level 6 costs well under 1 ms)."""
    out = dict(headers or {})
    out["Vary"] = "Accept-Encoding"
    if "gzip" in request.headers.get("accept-encoding", "") and len(body) > 512:
        body = gzip.compress(body, 6, mtime=0)
        out["Content-Encoding"] = "gzip"
    return Response(body, status, out, media_type)


def _html(request: Request, page: light.Page) -> Response:
    return _compressed(request, page.html.encode(), "text/html; charset=utf-8", page.status,
                       {"Cache-Control": "no-cache"})  # "open now" is computed per request


def _now(snap: Snapshot) -> dt.datetime:
    assert snap.good is not None and snap.good.directory is not None
    return dt.datetime.now(ZoneInfo(snap.good.directory.site.timezone))


def _renderer(snap: Snapshot) -> light.Renderer | None:
    if snap.good is None or snap.good.directory is None:
        return None
    return light.Renderer(snap.good.directory, snap.index)


def _unavailable() -> Response:
    return PlainTextResponse("The portal is being set up. Please come back later.", 503,
                             {"Retry-After": "30"})


def _page_number(request: Request) -> int:
    """`?page=N` of a paged light page; anything else is the first page."""
    number = request.query_params.get("page", "1")
    return int(number) if number.isdigit() and len(number) < 6 else 1


async def light_page(request: Request) -> Response:
    snap = await _snapshot()
    renderer = _renderer(snap)
    if renderer is None:
        return _unavailable()
    lang = request.path_params["lang"]
    if lang not in renderer.languages():
        return _html(request, renderer.not_found(snap.good.directory.site.default_language))  # type: ignore[union-attr]
    kind = request.path_params.get("kind", "")
    id = request.path_params.get("id", "")
    now = _now(snap)
    if not kind:
        page = renderer.start(lang, now)
    elif kind == "search" and not id:
        page = renderer.search(lang, request.query_params.get("q", ""), now, request.query_params.get("category", ""),
                               _page_number(request))
    elif kind in light.KINDS and id:
        page = renderer.item(lang, kind, id, now, _page_number(request))
    else:
        page = renderer.not_found(lang)
    return _html(request, page)


async def light_home(request: Request) -> Response:
    """/info → the start page in the browser's language."""
    snap = await _snapshot()
    if snap.good is None or snap.good.directory is None:
        return _unavailable()
    site = snap.good.directory.site
    lang = i18n.choose(request.query_params.get("lang"), request.headers.get("accept-language"), site.languages,
                       site.default_language)
    return RedirectResponse(light.path(lang), 302)


_SITEMAPS: dict[tuple[str, int | None], bytes | None] = {}


def _sitemap_gzip(snap: Snapshot, part: int | None) -> bytes | None:
    """A sitemap file, gzipped, made once per content version (thousands of pages: seconds to write)."""
    assert snap.good is not None
    key = (snap.good.version, part)
    if key not in _SITEMAPS:
        renderer = _renderer(snap)
        text = renderer.sitemap(part) if renderer else None
        if len(_SITEMAPS) > 64 or any(k[0] != key[0] for k in _SITEMAPS):
            _SITEMAPS.clear()  # an older version's files
        _SITEMAPS[key] = gzip.compress(text.encode(), 6, mtime=0) if text is not None else None
    return _SITEMAPS[key]


async def sitemap(request: Request) -> Response:
    snap = await _snapshot()
    if snap.good is None or snap.good.directory is None:
        return _unavailable()
    part = request.path_params.get("part")
    body = await run_in_threadpool(_sitemap_gzip, snap, part)  # never on the event loop: it serves everyone
    if body is None:
        return PlainTextResponse("No such sitemap.", 404)
    headers = {"Cache-Control": "max-age=3600", "Vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(body, 200, {**headers, "Content-Encoding": "gzip"}, "application/xml")
    return Response(gzip.decompress(body), 200, headers, "application/xml")


async def robots(request: Request) -> Response:
    snap = await _snapshot()
    base = snap.good.directory.site.public_url.rstrip("/") if snap.good and snap.good.directory else ""
    text = ("User-agent: *\nAllow: /info/\nDisallow: /frontdesk\nDisallow: /editor\nDisallow: /_stcore/\n"
            f"Sitemap: {base}/sitemap.xml\n")
    return PlainTextResponse(text, headers={"Cache-Control": "max-age=3600"})


async def healthz(request: Request) -> Response:
    """For load balancers: 200 while good content is served, 503 before; version, last reload, replica, pid."""
    snap = await _snapshot()
    good = snap.good is not None
    body = {
        "status": "ok" if good else "no content",
        "version": snap.good.version if snap.good else None,
        "serving_latest": snap.serving_latest,
        "last_reload": {
            "at": snap.latest_loaded_at.isoformat(),
            "ok": snap.latest.ok,
            "errors": len(snap.latest.errors),
        },
        "replica": REPLICA,
        "pid": os.getpid(),
    }
    return Response(json.dumps(body), 200 if good else 503, {"Cache-Control": "no-store"}, "application/json")


def routes() -> list[BaseRoute]:
    return [
        Route("/healthz", healthz),
        Route("/sitemap.xml", sitemap),
        Route("/sitemap-{part:int}.xml", sitemap),
        Route("/robots.txt", robots),
        Route("/info", light_home),
        Route("/info/{lang:str}/", light_page),
        Route("/info/{lang:str}/{kind:str}", light_page),
        Route("/info/{lang:str}/{kind:str}/{id:str}", light_page),
    ]


# -- middleware


def _tile_origin() -> str:
    """The map tile server's origin, the one other host a page may load images from."""
    snap = store.shared().peek()
    if snap is None or snap.good is None or snap.good.directory is None:
        # Before the content is read (a replica's first seconds): the default tile server, or a page opened
        # then would keep a policy that blocks the map's tiles for as long as it stays open.
        url = MapSettings.model_fields["tiles"].default.url
    else:
        url = snap.good.directory.site.map.tiles.url
    if not url.startswith(("https://", "http://")):  # `none`: a kiosk without tiles loads no images from elsewhere
        return ""
    parts = urlsplit(url.replace("{s}", "a"))
    host = parts.netloc.replace("a.", "*.", 1) if "{s}" in url else parts.netloc
    return f"{parts.scheme}://{host}"


LIGHT_CSP = (f"default-src 'none'; style-src {' '.join(light.style_hashes())}; img-src 'self'; font-src 'self'; "
             "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
# no script at all; only the inlined stylesheets, and the portal's own Arabic-script font where a device has none


def app_csp(tiles: str) -> str:
    """The tightest policy the Streamlit app, its map component and folium's iframe work with."""
    return ("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
            f"img-src 'self' data: blob: {tiles}; font-src 'self' data:; connect-src 'self'; "
            "frame-src 'self' blob: data:; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; "
            "form-action 'self'; frame-ancestors 'self'")  # the map is a component framed by the app itself


HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"),
    (b"x-frame-options", b"SAMEORIGIN"),
]


class SecurityHeaders:
    """Security headers on every HTTP response, a strict CSP on light pages; the metrics endpoint is private."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        if path.rstrip("/").endswith("/_stcore/metrics") and (scope.get("client") or ("", 0))[0] not in (
                "127.0.0.1", "::1"):
            await PlainTextResponse("Not found", 404)(scope, receive, send)
            return
        light_path = path.startswith(("/info", "/sitemap", "/robots.txt", "/healthz"))
        csp = LIGHT_CSP if light_path else app_csp(_tile_origin())

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"content-security-policy"]
                headers += HEADERS + [(b"content-security-policy", csp.encode())]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


@functools.cache
def _streamlit_static() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("streamlit")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent / "static"


# Streamlit's stylesheet declares its text fonts as web fonts. The portal's theme uses the phone's own fonts
# (`theme.font` in .streamlit/config.toml), but Streamlit draws its first frame with its default theme before
# the app's theme arrives, and that frame alone made every first visit download the 171 kB text font.
# Without these declarations that frame uses the phone's fonts too. The code font stays (`st.code`).
_UNUSED_FONT_FACES = re.compile(rb"@font-face\{font-family:Source (?:Sans|Serif);[^}]*\}")


def _served(file: Path) -> bytes:
    """A Streamlit static file as the portal serves it: stylesheets without the text fonts it never uses."""
    body = file.read_bytes()
    return _UNUSED_FONT_FACES.sub(b"", body) if file.suffix == ".css" else body


@functools.lru_cache(maxsize=256)
def _gzipped(file: Path, mtime_ns: int) -> bytes:
    return gzip.compress(_served(file), 9, mtime=0)


@functools.lru_cache(maxsize=16)
def _plain(file: Path, mtime_ns: int) -> bytes:
    return _served(file)


COMPRESSIBLE = (".js", ".css", ".svg", ".json", ".map", ".txt", ".html", ".ttf")


class PrecompressedStatic:
    """Serves Streamlit's own hashed bundles gzipped, compressed once per file and kept in memory.

    Streamlit skips compression for its static files because its gzip middleware would
    compress them again on every request; compressing once and serving the bytes from
    memory costs nothing per request and cuts the JavaScript a phone downloads by 3-8×.
    Stylesheets are served from here for every client, compressed or not (see `_served`).
    """

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("method") in ("GET", "HEAD"):
            path: str = scope.get("path", "")
            if path.startswith("/static/") and path.endswith(COMPRESSIBLE):
                accept = dict(scope.get("headers", [])).get(b"accept-encoding", b"")
                gzipped = b"gzip" in accept
                if gzipped or path.endswith(".css"):
                    root = _streamlit_static()
                    file = (root / path.lstrip("/")).resolve()
                    if file.is_relative_to(root) and file.is_file():
                        mtime = file.stat().st_mtime_ns
                        body = _gzipped(file, mtime) if gzipped else _plain(file, mtime)
                        media = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
                        headers = {"Vary": "Accept-Encoding", "Cache-Control": "public, immutable, max-age=31536000"}
                        if gzipped:
                            headers["Content-Encoding"] = "gzip"
                        response = Response(body if scope["method"] == "GET" else b"", 200, headers, media)
                        if scope["method"] == "HEAD":
                            response.headers["content-length"] = str(len(body))
                        await response(scope, receive, send)
                        return
        await self.app(scope, receive, send)


_FONT_PRELOAD = re.compile(rb'<link\s+rel="preload"\s+href="[^"]*SourceSans[^"]*"[^>]*>')
_NOT_THE_SHELL = ("/info", "/static/", "/_stcore/", "/app/static/", "/media/", "/component/", "/healthz",
                  "/sitemap", "/robots.txt")


class LightShell:
    """The interactive app's HTML shell, compressed and without the preload of a font the portal does not use.

    The portal's theme uses the phone's own fonts (`theme.font` in .streamlit/config.toml), so the 171 kB
    text font that Streamlit's index.html preloads is never needed; the shell itself is sent gzipped.
    """

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] != "http" or scope.get("method") != "GET" or path.startswith(_NOT_THE_SHELL):
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                given = dict(message.get("headers", []))
                if not given.get(b"content-type", b"").startswith(b"text/html") or b"content-encoding" in given:
                    start = None
                    await send(message)
                    return
                start = message
                return
            if start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = _FONT_PRELOAD.sub(b"", b"".join(chunks))
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() not in (b"content-length", b"etag")]
            accept = dict(scope.get("headers", [])).get(b"accept-encoding", b"")
            if b"gzip" in accept:
                body = gzip.compress(body, 6, mtime=0)
                headers += [(b"content-encoding", b"gzip"), (b"vary", b"Accept-Encoding")]
            headers.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, capture)


def middleware() -> list[Middleware]:
    return [Middleware(SecurityHeaders), Middleware(PrecompressedStatic), Middleware(LightShell)]
