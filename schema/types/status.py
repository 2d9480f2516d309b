"""``Status``: a post or a reblog, projected from the hydrated views REST renders too.

Every Status is built from a :class:`schema.services.status_views.StatusView`, so the
viewer-relative fields (``viewerHasFavourited`` ...) and the counts come from the same
batch queries as REST's ``favourited`` / ``favourites_count``. Statuses are loaded through
:func:`status_view_loader`, which applies the visibility rule and hydrates a whole batch
at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry import relay
from strawberry.types import Info

from schema import loaders
from schema.errors import BAD_REQUEST, DomainError
from schema.services import accounts as account_service
from schema.services import interactions
from schema.services.pagination import MAX_LIMIT, PageRequest
from schema.services.status_views import StatusView, hydrate, visible_statuses
from schema.types.account import Account
from schema.types.emoji import CustomEmoji
from schema.types.media import MediaAttachment
from schema.types.relationship import AccountConnection, AccountEdge
from schema.types.scalars import HTML, URL

DEFAULT_FIRST = 20


@strawberry.enum(description="Who may see a status.")
class Visibility(Enum):
    """The audiences of Mastodon and Pleroma."""

    PUBLIC = strawberry.enum_value("public", description="Everyone, listed on public timelines.")
    UNLISTED = strawberry.enum_value(
        "unlisted", description="Everyone, but kept off public timelines."
    )
    LOCAL = strawberry.enum_value("local", description="Everyone, listed only on this instance.")
    PRIVATE = strawberry.enum_value(
        "private", description="The author's followers and the mentioned accounts."
    )
    DIRECT = strawberry.enum_value("direct", description="Only the mentioned accounts.")


@strawberry.type(description="A hashtag used by a status.")
class Tag:
    """Lower-cased, without the ``#``."""

    name: str = strawberry.field(description="The tag, lower-cased, without `#`.")
    url: URL = strawberry.field(description="The tag's page on this instance.")


@strawberry.type(description="The client a status was posted with.")
class StatusApplication:
    """The OAuth app's name and website at posting time."""

    name: str = strawberry.field(description="The client's name.")
    website: URL | None = strawberry.field(description="The client's website, if it gave one.")


def status_view_loader(ctx: Any) -> loaders.DataLoader[str, StatusView]:
    """The request's loader of visible, hydrated statuses by REST id (hidden load as null).

    One batch costs the visibility query plus one ``hydrate`` call, whatever its size.
    """
    loader = ctx.loaders.get("status_view")
    if loader is None:

        async def batch(ids: list[str]) -> dict[str, StatusView]:
            rows = await visible_statuses(ctx, ids)
            return {view.id: view for view in await hydrate(ctx, rows)}

        loader = ctx.loaders["status_view"] = loaders.DataLoader(batch)
    return loader


def status_rest_id(value: str) -> str:
    """The REST id named by a global ``Status`` id, or ``value`` itself (a REST id)."""
    try:
        gid = relay.GlobalID.from_id(value)
    except Exception:
        return value
    return gid.node_id if gid.type_name == "Status" else value


def _page(first: int | None, after: str | None) -> PageRequest:
    first = DEFAULT_FIRST if first is None else first
    if first < 0 or first > MAX_LIMIT:
        raise DomainError(BAD_REQUEST, f"first must be between 0 and {MAX_LIMIT}.")
    return PageRequest(max_id=after or None, limit=first + 1)


def _connection(
    ctx: Any, edges: list[interactions.AccountEdge], first: int | None
) -> AccountConnection:
    first = DEFAULT_FIRST if first is None else first
    for edge in edges:
        loaders.account_by_id(ctx).prime(edge.account.id, edge.account)
    kept = [AccountEdge(cursor=e.cursor, node=Account.from_row(e.account)) for e in edges[:first]]
    return AccountConnection(
        edges=kept,
        page_info=relay.PageInfo(
            has_next_page=len(edges) > first,
            has_previous_page=False,
            start_cursor=kept[0].cursor if kept else None,
            end_cursor=kept[-1].cursor if kept else None,
        ),
    )


FirstArg = Annotated[
    int | None, strawberry.argument(description=f"Page size (default 20, at most {MAX_LIMIT}).")
]
AfterArg = Annotated[
    str | None, strawberry.argument(description="The `endCursor` of the previous page.")
]


@strawberry.type(description="A post, or a reblog of one (then `reblog` holds the original).")
class Status(relay.Node):
    """Built from a hydrated view with :meth:`from_view`; never from user input."""

    key: relay.NodeID[str]
    view: strawberry.Private[Any]

    @classmethod
    def from_view(cls, view: StatusView) -> Status:
        """The GraphQL projection of a hydrated status."""
        return cls(key=view.id, view=view)

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Status | None]:
        """Resolve global ids through the visibility-checking batch loader."""
        views = await status_view_loader(info.context).load_many(list(node_ids))
        return [cls.from_view(v) if v is not None else None for v in views]

    @property
    def _row(self) -> Any:
        return self.view.status

    @property
    def _wrapper(self) -> bool:
        return self.view.reblog is not None

    @strawberry.field(description="The status id used by the REST API (`/api/v1/statuses/:id`).")
    def rest_id(self) -> str:
        return self._row.id

    @strawberry.field(description="The ActivityPub id of the status.")
    def uri(self) -> URL:
        return URL(self._row.uri)

    @strawberry.field(description="The status's page.")
    def url(self) -> URL:
        return URL(self._row.url)

    @strawberry.field(description="Who posted (or reblogged) it.")
    def account(self) -> Account:
        return Account.from_row(self.view.account)

    @strawberry.field(description="The body as sanitised HTML (empty for a reblog).")
    def content(self) -> HTML:
        return HTML("" if self._wrapper else self._row.content)

    @strawberry.field(
        description="The text the author typed (their source), shown to the author only."
    )
    def source(self, info: Info) -> str | None:
        if info.context.viewer.account_id != self._row.account_id or self._wrapper:
            return None
        return self._row.source

    @strawberry.field(
        description="The custom emoji its text and content warning use (none for a reblog)."
    )
    def emojis(self) -> list[CustomEmoji]:
        if self._wrapper:
            return []
        return [CustomEmoji.from_stored(e) for e in self._row.emojis or ()]

    @strawberry.field(description="The content warning (empty when none).")
    def spoiler_text(self) -> str:
        return self._row.spoiler_text or ""

    @strawberry.field(description="True when the media should be hidden behind a warning.")
    def sensitive(self) -> bool:
        return bool(self._row.sensitive)

    @strawberry.field(description="Who may see it.")
    def visibility(self) -> Visibility:
        return Visibility(self._row.visibility)

    @strawberry.field(description="The language the author declared (ISO 639), if any.")
    def language(self) -> str | None:
        return self._row.language

    @strawberry.field(description="When it was posted.")
    def created_at(self) -> datetime:
        return self._row.created_at

    @strawberry.field(description="When it was last edited (null when never).")
    def edited_at(self) -> datetime | None:
        return self._row.edited_at

    @strawberry.field(description="When it deletes itself (null when it does not).")
    def expires_at(self) -> datetime | None:
        return self._row.expires_at

    @strawberry.field(
        description="The REST id of the viewer's conversation this direct status belongs to "
        "(Pleroma's `direct_conversation_id`); null for other statuses, or when the viewer "
        "does not take part."
    )
    def direct_conversation_id(self) -> str | None:
        return self.view.direct_conversation_id

    @strawberry.field(description="True for statuses posted on this instance.")
    def local(self) -> bool:
        return bool(self._row.local)

    @strawberry.field(description="The id of the thread (Pleroma's `conversation_id`).")
    def conversation_id(self) -> str:
        return self._row.conversation_id

    @strawberry.field(
        description="The status this one replies to (null when none or hidden from the viewer)."
    )
    async def in_reply_to(self, info: Info) -> Status | None:
        parent_id = self._row.in_reply_to_id
        if not parent_id or not self.view.parent_visible:
            return None
        view = await status_view_loader(info.context).load(parent_id)
        return Status.from_view(view) if view is not None else None

    @strawberry.field(description="The author of the status this one replies to.")
    def in_reply_to_account(self) -> Account | None:
        account = self.view.in_reply_to_account
        return Account.from_row(account) if account is not None else None

    @strawberry.field(description="False when this replies to a status the viewer may not see.")
    def parent_visible(self) -> bool:
        return self.view.parent_visible

    @strawberry.field(description="The reblogged status (null unless this is a reblog).")
    def reblog(self) -> Status | None:
        return Status.from_view(self.view.reblog) if self.view.reblog is not None else None

    @strawberry.field(description="How many public replies it has (0 for a reblog).")
    def replies_count(self) -> int:
        return 0 if self._wrapper else int(self._row.replies_count)

    @strawberry.field(description="How many times it was reblogged (0 for a reblog).")
    def reblogs_count(self) -> int:
        return 0 if self._wrapper else int(self._row.reblogs_count)

    @strawberry.field(description="How many times it was favourited (0 for a reblog).")
    def favourites_count(self) -> int:
        return 0 if self._wrapper else int(self._row.favourites_count)

    @strawberry.field(description="The viewer favourited it (for a reblog: the original).")
    def viewer_has_favourited(self) -> bool:
        return self.view.favourited

    @strawberry.field(description="The viewer reblogged it (for a reblog: the original).")
    def viewer_has_reblogged(self) -> bool:
        return self.view.reblogged

    @strawberry.field(description="The viewer bookmarked it (for a reblog: the original).")
    def viewer_has_bookmarked(self) -> bool:
        return self.view.bookmarked

    @strawberry.field(description="The viewer muted its thread or its author.")
    def viewer_has_muted(self) -> bool:
        return self.view.muted

    @strawberry.field(description="The viewer muted its thread.")
    def viewer_has_muted_thread(self) -> bool:
        return self.view.thread_muted

    @strawberry.field(description="Its author pinned it to their profile.")
    def pinned(self) -> bool:
        return self.view.pinned

    @strawberry.field(description="When its author pinned it (null when not pinned).")
    def pinned_at(self) -> datetime | None:
        return self.view.pinned_at

    @strawberry.field(description="The accounts it mentions or addresses.")
    def mentions(self) -> list[Account]:
        return [Account.from_row(a) for a in self.view.mentions]

    @strawberry.field(description="Its hashtags.")
    def tags(self, info: Info) -> list[Tag]:
        policy = info.context.policy
        return [Tag(name=t, url=URL(policy.url(f"/tag/{t}"))) for t in self.view.tags]

    @strawberry.field(description="Its attached media, in order.")
    def media_attachments(self) -> list[MediaAttachment]:
        return [MediaAttachment.from_row(m) for m in self.view.media]

    @strawberry.field(description="The client it was posted with (null when unknown).")
    def application(self) -> StatusApplication | None:
        if not self._row.application_name:
            return None
        website = self._row.application_website
        return StatusApplication(
            name=self._row.application_name, website=URL(website) if website else None
        )

    @strawberry.field(description="The author's acct of the replied-to status (Pleroma).")
    def in_reply_to_account_acct(self, info: Info) -> str | None:
        account = self.view.in_reply_to_account
        return account_service.acct(info.context.policy, account) if account else None

    @strawberry.field(description="Who favourited it, newest favourite first.")
    async def favourited_by(
        self, info: Info, first: FirstArg = None, after: AfterArg = None
    ) -> AccountConnection:
        edges = await interactions.favourited_by(info.context, self._row.id, _page(first, after))
        return _connection(info.context, edges, first)

    @strawberry.field(description="Who reblogged it, newest reblog first.")
    async def reblogged_by(
        self, info: Info, first: FirstArg = None, after: AfterArg = None
    ) -> AccountConnection:
        edges = await interactions.reblogged_by(info.context, self._row.id, _page(first, after))
        return _connection(info.context, edges, first)


@strawberry.type(description="A status's thread as the viewer may see it.")
class StatusContext:
    """Ancestors oldest first; descendants in thread order."""

    ancestors: list[Status] = strawberry.field(
        description="The statuses it replies to, oldest first."
    )
    descendants: list[Status] = strawberry.field(
        description="The replies under it, in thread order."
    )
