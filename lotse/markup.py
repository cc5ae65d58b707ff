"""Content text on screen: plain text escaped, Markdown made safe, links built one way.

Streamlit renders what pages give it as Markdown. Texts that are plain (titles,
names, summaries, addresses, and anything typed by a visitor or taken from the
URL) go through `escape`, so they show as written: no links, no images, no
formatting. Texts where editors may write Markdown (page texts, offer
descriptions, guide steps) go through `safe`: Markdown stays, raw HTML shows as
text (Streamlit's default), and images are replaced by their alt text, because
a remote image is a request from every visitor's browser to someone else's
server (a tracking pixel). `images` finds them for `check`. Every link target
goes through `href`, which percent-encodes whatever could end or change a link.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.image import image as _image_rule

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")
# GFM turns bare URLs, www. names and email addresses in the *text* into links, after escapes are
# resolved; an invisible word joiner (U+2060) where they start keeps them text.
_AUTOLINK_STARTS = re.compile(r"(?i)(?<=:)(?=//)|(?<=www)(?=\.)|(?=@)")
WORD_JOINER = "\u2060"
# Characters left as they are in a link target: letters, digits and what URLs use as delimiters.
_HREF_SAFE = "/:?#&=%+@,;~!$*._-"


def escape(text: str) -> str:
    """Plain text, safe inside Markdown: shown as written, with no markup, HTML, links or images."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def typed(text: str) -> str:
    """Text a visitor typed or a URL carried: escaped, and not even a bare URL becomes a link."""
    return escape(_AUTOLINK_STARTS.sub(WORD_JOINER, text))


def href(target: str) -> str:
    """A link target with everything that could end or change a Markdown link percent-encoded.

    The one escaping function for links: `portal.view.link` builds every Markdown link with it."""
    return quote(target, safe=_HREF_SAFE)


@dataclass(frozen=True)
class Image:
    """An image in Markdown: where it starts (0-based offset and line), its source and alt text."""

    offset: int
    line: int
    source: str
    alt: str
    url: str


def _plain(tokens: list[Any] | None) -> str:
    return "".join(t.content if t.type in ("text", "code_inline") else " " if t.type.endswith("break")
                   else _plain(t.children) for t in tokens or ())


def image_note(image: Image) -> str:
    """What `check` says about an image in content Markdown."""
    shown = f"its alt text '{image.alt}' is shown instead" if image.alt.strip() else "nothing is shown instead"
    return (f"image {image.url[:80]!r} is not shown: the portal shows no images from content, so that no "
            f"visitor's browser contacts another server; {shown}")


def _recording_image(state: StateInline, silent: bool) -> bool:
    start = state.pos
    if not _image_rule(state, silent):
        return False
    if not silent:
        token = state.tokens[-1]
        state.env.setdefault("lotse_images", []).append(
            (state.src[start:state.pos], _plain(token.children), str(token.attrGet("src") or "")))
    return True


@functools.cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.inline.ruler.at("image", _recording_image)
    return md


def _found(text: str) -> list[tuple[str, str, str]]:
    env: dict[str, Any] = {}
    _parser().parse(text, env)
    return list(env.get("lotse_images", []))


def images(text: str) -> list[Image]:
    """The images in `text`, in order, with where their source starts."""
    if "![" not in text:
        # Every image, inline (`![alt](src)`) or by reference (`![alt][ref]`, `![alt]`), starts with
        # `!` directly followed by `[` in the inline text, and block parsing only strips a line's
        # start (indentation, `>`, list markers) or splits table cells at `|`: it never joins two
        # characters of the text. Character references cannot stand for markup characters in
        # CommonMark. So a text without "![" has no image, and most texts skip the parse.
        return []
    out, pos = [], 0
    for source, alt, url in _found(text):
        # The inline source is the file's text, with a line's indentation or `>` dropped where it wraps.
        pattern = r"\n[ \t>]*".join(re.escape(part) for part in source.split("\n"))
        match = re.compile(pattern).search(text, pos)
        if match is None:
            out.append(Image(-1, 0, source, alt, url))
            continue
        out.append(Image(match.start(), text.count("\n", 0, match.start()), match.group(), alt, url))
        pos = match.end()
    return out


@functools.lru_cache(maxsize=4096)
def safe(text: str) -> str:
    """Markdown from content, safe to render: each image is replaced by its alt text (escaped).

    The result is parsed again; should an image still be left (Markdown too odd to rewrite
    in place), the whole text is shown escaped instead.
    """
    found = images(text)
    if not found:
        return text
    parts, pos = [], 0
    for image in found:
        if image.offset < 0:
            return escape(text)
        parts += [text[pos:image.offset], escape(image.alt)]
        pos = image.offset + len(image.source)
    rewritten = "".join([*parts, text[pos:]])
    return rewritten if not _found(rewritten) else escape(text)
