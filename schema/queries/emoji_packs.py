"""``emojiPacks`` and ``emojiPack``: the emoji packs on disk (public, like their REST twins);
``emojiPacksRemote``: another instance's packs (admins only)."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from schema.errors import NOT_FOUND, DomainError
from schema.services import emoji_pack_remote
from schema.services import emoji_packs as pack_service
from schema.services.emoji_packs import DEFAULT_FILES_PAGE_SIZE, DEFAULT_PACKS_PAGE_SIZE, Pack
from schema.types.emoji_pack import EmojiPack, EmojiPackPage


@strawberry.type
class EmojiPackQueries:
    """Queries about emoji packs."""

    @strawberry.field(
        description="One page of the instance's emoji packs in name order (REST: "
        "`GET /api/pleroma/emoji/packs?page=&page_size=`). Each pack lists all its files."
    )
    def emoji_packs(
        self,
        info: Info,
        page: Annotated[int, strawberry.argument(description="Page number, from 1.")] = 1,
        page_size: Annotated[
            int, strawberry.argument(description="Packs per page (at most 500).")
        ] = DEFAULT_PACKS_PAGE_SIZE,
    ) -> EmojiPackPage:
        packs, count = pack_service.list_packs_page(info.context.policy, page, page_size)
        return EmojiPackPage(
            packs=[EmojiPack.from_service(p) for p in packs.values()], count=count
        )

    @strawberry.field(
        description="One pack with a page of its files, sorted by shortcode (REST: "
        "`GET /api/pleroma/emoji/pack?name=`); null when there is no such pack."
    )
    def emoji_pack(
        self,
        info: Info,
        name: Annotated[str, strawberry.argument(description="The pack's name.")],
        page: Annotated[int, strawberry.argument(description="Page of files, from 1.")] = 1,
        page_size: Annotated[
            int, strawberry.argument(description="Files per page (at most 500).")
        ] = DEFAULT_FILES_PAGE_SIZE,
    ) -> EmojiPack | None:
        try:
            pack, count = pack_service.show_pack(info.context.policy, name, page, page_size)
        except DomainError as err:
            if err.kind is NOT_FOUND:
                return None
            raise
        return EmojiPack.from_service(pack, count)

    @strawberry.field(
        description="One page of another instance's emoji packs, as it lists them (REST: "
        "`GET /api/pleroma/emoji/packs/remote?url=`, seed `POST .../packs/list_from`). The "
        "instance must advertise `shareable_emoji_packs`; private addresses are refused "
        "unless the instance allows private network fetches. Admins (`admin:write`) only."
    )
    async def emoji_packs_remote(
        self,
        info: Info,
        url: Annotated[
            str,
            strawberry.argument(description="The other instance (`https://host`)."),
        ],
        page: Annotated[int, strawberry.argument(description="Page number, from 1.")] = 1,
        page_size: Annotated[
            int, strawberry.argument(description="Packs per page.")
        ] = DEFAULT_PACKS_PAGE_SIZE,
    ) -> EmojiPackPage:
        body = await emoji_pack_remote.list_remote(info.context, url, page, page_size)
        packs = emoji_pack_remote.remote_packs(body)
        count = body.get("count") if isinstance(body, dict) else None
        return EmojiPackPage(
            packs=[EmojiPack.from_service(_remote_pack(n, p)) for n, p in packs.items()],
            count=count if isinstance(count, int) else len(packs),
        )


def _remote_pack(name: str, remote: dict[str, Any]) -> Pack:
    meta = remote.get("pack")
    files = remote.get("files")
    return Pack(
        name,
        meta if isinstance(meta, dict) else {},
        {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {},
    )
