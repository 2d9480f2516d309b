"""Search: accounts, statuses and hashtags for one query (Mastodon's ``/api/v2/search`` and
``/api/v1/search`` as Pleroma serves them, and GraphQL ``search``).

- Accounts are the account search's own rule
  (:func:`schema.services.relationships.matching_accounts`): nickname or display name
  prefix, ``@nick@thishost``, a local account's URL.
- Statuses are those the viewer may see (:func:`~schema.services.visibility.visible_q`),
  minus muted authors as in the timelines, whose text contains every word of the query
  (case-insensitive, on ``Status.search_text``, the folded text a reader sees, so neither
  HTML tags nor attributes match), newest first. A query that is the URL or URI of a
  visible local status puts that status first. Reblogs and statuses of deactivated
  accounts are left out; anonymous viewers find only this instance's statuses (Pleroma's
  default ``limit_to_local_content: :unauthenticated``).
- Hashtags are made from the query itself, as Pleroma's ``prepare_tags`` does.

Every kind pages by ``offset`` and ``limit`` (default 20, at most 40). A search spends the
``search`` rate-limit budget once, whichever interface asks. A token without
``read:search`` searches as anonymous (Pleroma's ``proceed_unauthenticated``). A page
costs a constant number of statements: one for the accounts; for the statuses one (two
for a URL query) plus :func:`~schema.services.status_views.hydrate`.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from tortoise.expressions import Q

from models.accounts import Account
from models.statuses import Status, fold
from schema.context import RequestContext
from schema.errors import BAD_REQUEST, DomainError
from schema.services import throttle
from schema.services.accounts import get_account, visible_to
from schema.services.relationships import matching_accounts
from schema.services.status_views import StatusView, hydrate
from schema.services.timelines import not_muted_q
from schema.services.visibility import visible_q
from schema.viewer import ANONYMOUS

#: What ``type`` may name; without one, every kind is searched.
SEARCH_TYPES = ("accounts", "hashtags", "statuses")
#: The scope a search needs to be made as the viewer (anonymous otherwise).
SEARCH_SCOPE = "read:search"
DEFAULT_LIMIT = 20
MAX_LIMIT = 40
#: Words of a query matched against statuses (the rest are ignored).
MAX_WORDS = 16
#: Offsets beyond this are taken as this (past any real list; keeps SQL integers small).
MAX_OFFSET = 1_000_000

_EDGE_PUNCTUATION = re.compile(r"^\W+|\W+$")
_TAG_SEPARATORS = re.compile(r"[^#\w]+")
_URL = re.compile(r"https?://")


@dataclass(frozen=True)
class SearchRequest:
    """One search: the query and its options (REST parameters, GraphQL arguments)."""

    q: str
    type: str | None = None
    resolve: bool = False
    following: bool = False
    account_id: str | None = None
    limit: int = DEFAULT_LIMIT
    offset: int = 0


@dataclass(frozen=True)
class Hashtag:
    """A hashtag suggested by a search, with its page on this instance."""

    name: str
    url: str


@dataclass
class SearchResults:
    """What a search found (empty lists for the kinds it did not look for)."""

    accounts: list[Account] = field(default_factory=list)
    statuses: list[StatusView] = field(default_factory=list)
    hashtags: list[Hashtag] = field(default_factory=list)


def _as_searcher(ctx: RequestContext) -> RequestContext:
    """``ctx`` itself, or an anonymous copy when the token lacks ``read:search``."""
    if ctx.viewer is ANONYMOUS or ctx.viewer.has_scope(SEARCH_SCOPE):
        return ctx
    return dataclasses.replace(ctx, viewer=ANONYMOUS, loaders={})


def _page(value: int | None, default: int, maximum: int) -> int:
    number = default if value is None else int(value)
    return max(1 if default else 0, min(number, maximum))


async def search(ctx: RequestContext, request: SearchRequest) -> SearchResults:
    """Search ``request.q`` for the kinds ``request.type`` names (all without one).

    400 for an unknown ``type``; 403 ``Invalid credentials.`` for ``following`` without
    an account (the account search's rule); 429 ``Throttled`` over the ``search`` budget.
    """
    if request.type is not None and request.type not in SEARCH_TYPES:
        raise DomainError(BAD_REQUEST, f"{request.type} - Invalid value for enum.", field="type")
    ctx = _as_searcher(ctx)
    await throttle.throttle(ctx, "search")
    query = (request.q or "").strip()
    limit = _page(request.limit, DEFAULT_LIMIT, MAX_LIMIT)
    offset = _page(request.offset, 0, MAX_OFFSET)
    wanted = SEARCH_TYPES if request.type is None else (request.type,)
    results = SearchResults()
    if "accounts" in wanted:
        results.accounts = await matching_accounts(
            ctx, query, limit=limit, offset=offset, following_only=request.following
        )
    if "statuses" in wanted:
        rows = await matching_statuses(
            ctx, query, limit=limit, offset=offset, author_ref=request.account_id
        )
        results.statuses = await hydrate(ctx, rows)
    if "hashtags" in wanted:
        results.hashtags = [
            Hashtag(name, ctx.policy.url(f"/tag/{name}"))
            for name in hashtags_for(query, limit=limit, offset=offset)
        ]
    return results


def query_words(query: str) -> list[str]:
    """The words statuses must contain: split on whitespace, punctuation trimmed from
    their ends (``#tag`` and ``@nick`` match ``tag`` and ``nick``), folded like
    ``Status.search_text``, each once, at most :data:`MAX_WORDS`."""
    words = (_EDGE_PUNCTUATION.sub("", fold(word)) for word in query.split())
    return list(dict.fromkeys(word for word in words if word))[:MAX_WORDS]


def _candidates(viewer_id: str | None, author_id: str | None):
    """Statuses a search may show the viewer: visible, not reblogs, by active accounts,
    only local ones for anonymous viewers, only ``author_id``'s when given."""
    query = Status.filter(visible_q(viewer_id), reblog_of_id=None, account__is_active=True)
    if viewer_id is None:
        query = query.filter(local=True)
    if author_id is not None:
        query = query.filter(account_id=author_id)
    return query


async def _author_id(ctx: RequestContext, ref: str | None) -> str | None:
    """The id of the account ``ref`` names (id or acct) if the viewer may see it, else
    ``""`` (nobody's statuses); ``None`` when no author was asked for."""
    if not ref:
        return None
    try:
        account = await get_account(ctx.policy, ref)
    except DomainError:
        return ""
    return account.id if visible_to(ctx.policy, account, ctx.viewer) else ""


async def matching_statuses(
    ctx: RequestContext,
    query: str,
    *,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
    author_ref: str | None = None,
) -> list[Status]:
    """One page of the statuses a search for ``query`` shows the viewer, newest first
    (the module docstring gives the rule). ``author_ref`` keeps one account's statuses."""
    author_id = await _author_id(ctx, author_ref)
    if author_id == "":
        return []
    viewer_id = ctx.viewer.account_id
    found: Status | None = None
    url = query.rstrip("/")
    if _URL.match(url) and urlsplit(url).netloc.lower() == ctx.policy.host.lower():
        found = await _candidates(viewer_id, author_id).filter(Q(uri=url) | Q(url=url)).first()
    words = query_words(query)
    rows: list[Status] = []
    skip = offset - 1 if found is not None and offset > 0 else offset
    take = limit - 1 if found is not None and offset == 0 else limit
    if words and take > 0:
        matches = _candidates(viewer_id, author_id)
        if viewer_id is not None:
            matches = matches.filter(not_muted_q(viewer_id, datetime.now(UTC)))
        for word in words:
            matches = matches.filter(search_text__contains=word)
        if found is not None:
            matches = matches.exclude(id=found.id)
        rows = await matches.order_by("-id").offset(skip).limit(take)
    if found is not None and offset == 0:
        rows.insert(0, found)
    return rows


def _last_path_segment(query: str) -> str:
    """The last segment of the path of a URL query (its slug, for hashtags)."""
    return urlsplit(query.rstrip("/")).path.split("/")[-1]


def hashtags_for(query: str, *, limit: int = DEFAULT_LIMIT, offset: int = 0) -> list[str]:
    """Hashtags suggested for ``query``, as Pleroma's ``prepare_tags``.

    A URL gives the last segment of its path. The text is split at anything but word
    characters and ``#``; repeats go (ignoring case). Explicit ``#tags`` win; otherwise
    every word is a tag, plus the words joined in CamelCase (``john doe`` adds
    ``JohnDoe``). ``offset``/``limit`` page the list.
    """
    text = _last_path_segment(query) if _URL.search(query) else query
    tags = _unique_ignoring_case(t for t in _TAG_SEPARATORS.split(text) if t)
    explicit = [t for t in tags if t.startswith("#")]
    names = [t.lstrip("#") for t in (explicit or tags)]
    if not explicit:
        names = _unique_ignoring_case([*names, "".join(n.capitalize() for n in names)])
    names = [n for n in names if n]
    return names[offset : offset + limit]


def _unique_ignoring_case(items) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.lower()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out
