"""``EmojiPack``: a pack of custom emoji on disk, as the admin pack manager shows it."""

from __future__ import annotations

from typing import Any

import strawberry

from schema.services.emoji_packs import Pack


@strawberry.type(description="One emoji of a pack: its shortcode and its file in the pack.")
class EmojiPackFile:
    """A ``files`` entry of ``pack.json``."""

    shortcode: str = strawberry.field(description="The shortcode, written `:shortcode:`.")
    filename: str = strawberry.field(
        description="The image's path relative to the pack directory (may hold sub-directories)."
    )


def _str(meta: dict[str, Any], key: str) -> str | None:
    value = meta.get(key)
    return value if isinstance(value, str) else None


@strawberry.type(
    description="A pack of custom emoji (a directory with a `pack.json`). REST: "
    "`GET /api/pleroma/emoji/pack?name=` and the entries of `GET /api/pleroma/emoji/packs`."
)
class EmojiPack:
    """The pack's metadata (computed keys included) and its files, sorted by shortcode."""

    name: str = strawberry.field(description="The pack's name (its directory's name).")
    license: str | None = strawberry.field(description="The license of the images.")
    homepage: str | None = strawberry.field(description="Where the pack comes from.")
    description: str | None = strawberry.field(description="What the pack holds.")
    fallback_src: str | None = strawberry.field(
        description="Where other instances may download the pack's zip when it is not shared."
    )
    fallback_src_sha256: str | None = strawberry.field(
        description="Upper-case hex SHA-256 of the zip at `fallbackSrc`."
    )
    share_files: bool = strawberry.field(
        description="Whether this instance serves the pack's zip to other instances."
    )
    can_download: bool = strawberry.field(
        description="True when `shareFiles` is set and every listed file exists."
    )
    download_sha256: str | None = strawberry.field(
        description="Upper-case hex SHA-256 of the zip this instance serves (null unless "
        "`canDownload`)."
    )
    files: list[EmojiPackFile] = strawberry.field(
        description="The pack's emoji (this page of them), sorted by shortcode."
    )
    files_count: int = strawberry.field(description="How many emoji the pack has in all.")

    @classmethod
    def from_service(cls, pack: Pack, files_count: int | None = None) -> EmojiPack:
        """Project the service's :class:`Pack`."""
        meta = pack.pack
        return cls(
            name=pack.name,
            license=_str(meta, "license"),
            homepage=_str(meta, "homepage"),
            description=_str(meta, "description"),
            fallback_src=_str(meta, "fallback-src"),
            fallback_src_sha256=_str(meta, "fallback-src-sha256"),
            share_files=meta.get("share-files") is True,
            can_download=bool(meta.get("can-download")),
            download_sha256=_str(meta, "download-sha256"),
            files=[EmojiPackFile(shortcode=s, filename=pack.files[s]) for s in sorted(pack.files)],
            files_count=len(pack.files) if files_count is None else files_count,
        )


@strawberry.type(description="One page of the instance's emoji packs, in name order.")
class EmojiPackPage:
    """Same as 2.2+'s ``GET /api/pleroma/emoji/packs?page=&page_size=``."""

    packs: list[EmojiPack] = strawberry.field(description="The packs of this page.")
    count: int = strawberry.field(description="How many packs there are in all.")
