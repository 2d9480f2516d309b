"""Turning what a user typed into safe HTML: plain text, Markdown or HTML in, HTML out.

Mentions become links to the accounts (and addressees of the status), hashtags become
tag links, URLs are linkified. Whatever the input type, the output passes through nh3
with a small allow-list, so no script, style or event handler survives.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING

import nh3
from linkify_it import LinkifyIt

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

CONTENT_TYPES = ("text/plain", "text/markdown", "text/html")

ALLOWED_TAGS = {
    "a",
    "p",
    "br",
    "span",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "del",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "sub",
    "sup",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "rel", "data-user", "data-tag", "title"},
    "ol": {"start"},
}
#: ``class`` values kept per tag (nh3 wants classes here, not in ALLOWED_ATTRIBUTES).
ALLOWED_CLASSES = {
    "a": {"mention", "u-url", "hashtag", "status-link"},
    "span": {"h-card", "invisible", "ellipsis"},
}
URL_SCHEMES = {"http", "https", "mailto", "xmpp", "gemini", "magnet", "dat"}

MENTION_RE = re.compile(
    r"(?<![\w@/=\"'])@(?P<nick>[A-Za-z0-9_][A-Za-z0-9_.-]*[A-Za-z0-9_]|[A-Za-z0-9_])"
    r"(?:@(?P<host>[A-Za-z0-9][A-Za-z0-9.-]*[A-Za-z0-9](?::\d+)?))?"
)
HASHTAG_RE = re.compile(r"(?<![\w&#/=\"'])#(?P<tag>\w*[^\W\d_]\w*)", re.UNICODE)
_TAG_SPLIT = re.compile(r"(<[^>]*>)")

_linkify = LinkifyIt()


@cache
def _markdown() -> MarkdownIt:
    """The Markdown renderer, built on first use (most posts are plain text, and the
    parser's modules cost ~1.7 MB of the process's memory)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": True, "breaks": True}).enable(
        ["linkify", "strikethrough", "table"]
    )


@dataclass(frozen=True)
class MentionTarget:
    """A resolved mention: what the link shows and where it points."""

    account_id: str
    nickname: str
    acct: str
    url: str


@dataclass
class Formatted:
    """The outcome of formatting: safe HTML plus what it referenced."""

    html: str
    mentions: list[MentionTarget] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def mention_candidates(text: str) -> list[tuple[str, str | None]]:
    """Every ``(nickname, host)`` written as ``@nick`` or ``@nick@host`` in ``text``."""
    seen: list[tuple[str, str | None]] = []
    for match in MENTION_RE.finditer(text or ""):
        key = (match.group("nick"), match.group("host"))
        if key not in seen:
            seen.append(key)
    return seen


def hashtags(text: str) -> list[str]:
    """The lower-cased hashtags of ``text`` (without ``#``), in order, unique."""
    tags: list[str] = []
    for match in HASHTAG_RE.finditer(text or ""):
        tag = match.group("tag").lower()
        if tag not in tags:
            tags.append(tag)
    return tags


def _plain_to_html(text: str) -> str:
    # ``test`` is linkify-it's documented quick check (a third of ``match``'s cost): most
    # posts hold no link, and then there is nothing to match.
    matches = _linkify.match(text) if _linkify.test(text) else None
    out: list[str] = []
    pos = 0
    for match in matches or []:
        out.append(html.escape(text[pos : match.index], quote=False))
        url = match.url
        if url.split(":", 1)[0].lower() in URL_SCHEMES:
            out.append(
                f'<a href="{html.escape(url)}" rel="ugc">{html.escape(match.raw, quote=False)}</a>'
            )
        else:
            out.append(html.escape(match.raw, quote=False))
        pos = match.last_index
    out.append(html.escape(text[pos:], quote=False))
    return "".join(out).replace("\r\n", "\n").replace("\n", "<br/>")


def _link_entities(
    fragment: str,
    resolve: Callable[[str, str | None], MentionTarget | None],
    tag_url: Callable[[str], str],
    result: Formatted,
) -> str:
    """Link mentions and hashtags in the text parts of ``fragment`` (not inside links/code)."""
    parts = _TAG_SPLIT.split(fragment)
    depth = {"a": 0, "code": 0, "pre": 0}
    for i, part in enumerate(parts):
        if part.startswith("<"):
            name = part.strip("</>").split()[0].lower() if part.strip("</>") else ""
            if name in depth:
                depth[name] += -1 if part.startswith("</") else 1
            continue
        if any(depth.values()) or not part:
            continue

        def mention(match: re.Match[str]) -> str:
            target = resolve(match.group("nick"), match.group("host"))
            if target is None:
                return match.group(0)
            if target not in result.mentions:
                result.mentions.append(target)
            return (
                f'<span class="h-card"><a class="u-url mention" data-user="{target.account_id}" '
                f'href="{html.escape(target.url)}" rel="ugc">@<span>'
                f"{html.escape(target.nickname)}</span></a></span>"
            )

        def tag(match: re.Match[str]) -> str:
            name = match.group("tag")
            if name.lower() not in result.tags:
                result.tags.append(name.lower())
            return (
                f'<a class="hashtag" data-tag="{html.escape(name.lower())}" '
                f'href="{html.escape(tag_url(name.lower()))}" rel="tag ugc">#{name}</a>'
            )

        part = MENTION_RE.sub(mention, part)
        parts[i] = HASHTAG_RE.sub(tag, part)
    return "".join(parts)


def sanitize(fragment: str) -> str:
    """Keep only the allow-listed tags, attributes, classes and URL schemes."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
    )


def format_content(
    text: str,
    content_type: str,
    resolve: Callable[[str, str | None], MentionTarget | None],
    tag_url: Callable[[str], str],
) -> Formatted:
    """Render ``text`` of ``content_type`` to safe HTML, linking mentions and hashtags.

    ``resolve`` maps a written mention to an account (or ``None`` to leave it as text).
    Raises ``ValueError`` for an unknown content type.
    """
    if content_type not in CONTENT_TYPES:
        raise ValueError(f"unsupported content type {content_type}")
    if content_type == "text/markdown":
        body = _markdown().render(text).strip()
    elif content_type == "text/html":
        body = sanitize(text)
    else:
        body = _plain_to_html(text)
    result = Formatted(html="")
    result.html = sanitize(_link_entities(body, resolve, tag_url, result))
    return result


_BR = re.compile(r"<br\s*/?>")
_PARAGRAPH_BREAK = re.compile(r"</p>\s*<p>")
_NO_TAGS: set[str] = set()
#: Fragments up to this many characters are memoised by :func:`html_to_text`...
TEXT_MEMO_MAX_CHARS = 4096
#: ...in an LRU of this many entries: at most 16 MB even if every entry were 4,096
#: four-byte characters (key and text), well under 1 MB for ordinary statuses.
TEXT_MEMO_SIZE = 512


def _html_to_text(fragment: str) -> str:
    fragment = _BR.sub("\n", fragment)
    fragment = _PARAGRAPH_BREAK.sub("\n\n", fragment)
    text = nh3.clean(fragment, tags=_NO_TAGS)
    return html.unescape(text).strip()


_html_to_text_memo = lru_cache(maxsize=TEXT_MEMO_SIZE)(_html_to_text)


def html_to_text(fragment: str) -> str:
    """A plain-text rendering of HTML (``<br>`` and paragraph ends become newlines).

    Pure, so short fragments are memoised by their text in a bounded LRU: the key is the
    HTML itself, so an edited status (new HTML) can never get a stale answer.
    """
    if not fragment:
        return ""
    if len(fragment) > TEXT_MEMO_MAX_CHARS:
        return _html_to_text(fragment)
    return _html_to_text_memo(fragment)


def escape_text(text: str) -> str:
    """Plain text as HTML with line breaks (for spoilers and display names)."""
    return html.escape(text or "", quote=False).replace("\n", "<br/>")


def unique(items: Iterable[str]) -> list[str]:
    """``items`` without repeats, first occurrence kept."""
    return list(dict.fromkeys(items))
