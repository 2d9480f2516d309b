"""Emoji pack management for admins: create, delete, edit metadata, add, update and remove
files, import directories. Each calls the same service as its REST twin; refusals
(non-admins included) come back as userErrors."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.file_uploads import Upload
from strawberry.types import Info

from schema.errors import DomainError
from schema.mutations.media import _upload_input
from schema.services import emoji_pack_remote, emoji_packs
from schema.types.emoji_pack import EmojiPack
from schema.types.errors import UserError, user_errors


@strawberry.input(description="Which pack `emojiPackCreate` or `emojiPackDelete` acts on.")
class EmojiPackNameInput:
    """Same as REST's ``name``."""

    name: str = strawberry.field(
        description="The pack's name: one path segment (no `/`, `\\\\`, NUL or leading `.`)."
    )


@strawberry.input(description="A pack's metadata; it replaces the old metadata wholesale.")
class EmojiPackMetadataInput:
    """The keys of ``pack.json``'s ``pack`` (REST ``new_data`` / ``metadata``)."""

    license: str | None = strawberry.field(default=None, description="The images' license.")
    homepage: str | None = strawberry.field(default=None, description="Where it comes from.")
    description: str | None = strawberry.field(default=None, description="What it holds.")
    fallback_src: str | None = strawberry.field(
        default=None,
        description="Where other instances may download the zip when it is not shared. When "
        "it changes, the zip is fetched, must hold every file of the pack, and its SHA-256 "
        "is stored as `fallbackSrcSha256`.",
    )
    fallback_src_sha256: str | None = strawberry.field(
        default=None,
        description="Upper-case hex SHA-256 of that zip (kept as given unless `fallbackSrc` "
        "changes, when it is computed).",
    )
    share_files: bool = strawberry.field(
        default=False, description="Whether this instance serves the pack's zip."
    )

    def as_pack_json(self) -> dict[str, Any]:
        """The ``pack`` map, Pleroma's key spelling, unset keys left out."""
        data: dict[str, Any] = {
            "license": self.license,
            "homepage": self.homepage,
            "description": self.description,
            "fallback-src": self.fallback_src,
            "fallback-src-sha256": self.fallback_src_sha256,
        }
        data = {k: v for k, v in data.items() if v is not None}
        data["share-files"] = self.share_files
        return data


@strawberry.input(description="What `emojiPackUpdateMetadata` needs.")
class EmojiPackUpdateMetadataInput:
    """Same as ``PATCH /api/pleroma/emoji/pack?name=``."""

    name: str = strawberry.field(description="The pack's name.")
    metadata: EmojiPackMetadataInput = strawberry.field(description="The new metadata.")


@strawberry.input(description="What `emojiPackFileAdd` needs: the pack, the image, its names.")
class EmojiPackFileAddInput:
    """Same as ``POST /api/pleroma/emoji/packs/files?name=``; send it as a multipart request."""

    name: str = strawberry.field(description="The pack's name.")
    file: Upload = strawberry.field(
        description="The image (PNG, GIF, WebP or JPEG), sent with the GraphQL multipart "
        "request spec."
    )
    shortcode: str | None = strawberry.field(
        default=None, description="The new emoji's shortcode (default: the filename's stem)."
    )
    filename: str | None = strawberry.field(
        default=None,
        description="Path inside the pack, sub-directories allowed (default: the upload's "
        "name); its extension must match the image.",
    )


@strawberry.input(description="What `emojiPackFileUpdate` needs.")
class EmojiPackFileUpdateInput:
    """Same as ``PATCH /api/pleroma/emoji/packs/files?name=``."""

    name: str = strawberry.field(description="The pack's name.")
    shortcode: str = strawberry.field(description="The emoji to change.")
    new_shortcode: str = strawberry.field(description="Its new shortcode.")
    new_filename: str = strawberry.field(
        description="Its new path inside the pack (same extension); the file is moved."
    )
    force: bool = strawberry.field(
        default=False, description="Take `newShortcode` even when another emoji has it."
    )


@strawberry.input(description="What `emojiPackFileRemove` needs.")
class EmojiPackFileRemoveInput:
    """Same as ``DELETE /api/pleroma/emoji/packs/files?name=&shortcode=``."""

    name: str = strawberry.field(description="The pack's name.")
    shortcode: str = strawberry.field(description="The emoji to remove (its file goes too).")


@strawberry.input(description="What `emojiPackDownload` needs: where from, which, as what.")
class EmojiPackDownloadInput:
    """Same as ``POST /api/pleroma/emoji/packs/download`` (seed: ``download_from``)."""

    url: str = strawberry.field(
        description="The other instance's address (`https://host`; a path is ignored)."
    )
    name: str = strawberry.field(description="The pack's name on that instance.")
    as_: str | None = strawberry.field(
        name="as", default=None, description="The local name for it (default: `name`)."
    )


@strawberry.type(description="The result of an emoji pack mutation.")
class EmojiPackPayload:
    """Either ``pack`` or ``userErrors``."""

    pack: EmojiPack | None = strawberry.field(
        description="The pack as it is now, with all its files (null when refused)."
    )
    user_errors: list[UserError] = strawberry.field(
        description="Why nothing was done (empty on success)."
    )


@strawberry.type(description="The result of `emojiPackDelete`.")
class EmojiPackDeletePayload:
    """``deleted`` or ``userErrors``."""

    deleted: bool = strawberry.field(description="True when the pack is gone.")
    user_errors: list[UserError] = strawberry.field(
        description="Why nothing was done (empty on success)."
    )


@strawberry.type(description="The result of `emojiPacksImport`.")
class EmojiPacksImportPayload:
    """``imported`` or ``userErrors``."""

    imported: list[str] = strawberry.field(
        description="The directories that got a generated `pack.json`, in name order."
    )
    user_errors: list[UserError] = strawberry.field(
        description="Why nothing was done (empty on success)."
    )


def _payload(info: Info, name: str) -> EmojiPackPayload:
    pack = emoji_packs.get_pack(info.context.policy, name)
    return EmojiPackPayload(pack=EmojiPack.from_service(pack), user_errors=[])


def _refused(err: DomainError) -> EmojiPackPayload:
    return EmojiPackPayload(pack=None, user_errors=user_errors(err))


@strawberry.type
class EmojiPackMutations:
    """Admin mutations about emoji packs (the token needs `admin:write`)."""

    @strawberry.mutation(
        description="Create an empty pack (REST: `POST /api/pleroma/emoji/pack?name=`, seed "
        "`PUT /api/pleroma/emoji/packs/:name`). Admins only."
    )
    def emoji_pack_create(
        self,
        info: Info,
        input: Annotated[EmojiPackNameInput, strawberry.argument(description="The name.")],
    ) -> EmojiPackPayload:
        try:
            emoji_packs.create_pack(info.context, input.name)
            return _payload(info, input.name)
        except DomainError as err:
            return _refused(err)

    @strawberry.mutation(
        description="Delete a pack and its files (REST: `DELETE /api/pleroma/emoji/pack?name=`). "
        "Admins only."
    )
    def emoji_pack_delete(
        self,
        info: Info,
        input: Annotated[EmojiPackNameInput, strawberry.argument(description="The name.")],
    ) -> EmojiPackDeletePayload:
        try:
            emoji_packs.delete_pack(info.context, input.name)
        except DomainError as err:
            return EmojiPackDeletePayload(deleted=False, user_errors=user_errors(err))
        return EmojiPackDeletePayload(deleted=True, user_errors=[])

    @strawberry.mutation(
        description="Replace a pack's metadata (REST: `PATCH /api/pleroma/emoji/pack?name=`, "
        "seed `POST .../packs/:name/update_metadata`). Admins only."
    )
    async def emoji_pack_update_metadata(
        self,
        info: Info,
        input: Annotated[
            EmojiPackUpdateMetadataInput, strawberry.argument(description="Name and metadata.")
        ],
    ) -> EmojiPackPayload:
        try:
            await emoji_packs.update_metadata(
                info.context, input.name, input.metadata.as_pack_json()
            )
            return _payload(info, input.name)
        except DomainError as err:
            return _refused(err)

    @strawberry.mutation(
        description="Add an uploaded image to a pack (REST: `POST /api/pleroma/emoji/packs/"
        "files?name=`, seed `update_file` with `action=add`). Admins only."
    )
    async def emoji_pack_file_add(
        self,
        info: Info,
        input: Annotated[EmojiPackFileAddInput, strawberry.argument(description="The image.")],
    ) -> EmojiPackPayload:
        try:
            await emoji_packs.add_file(
                info.context, input.name, input.shortcode, _upload_input(input.file),
                input.filename,
            )
            return _payload(info, input.name)
        except DomainError as err:
            return _refused(err)

    @strawberry.mutation(
        description="Rename an emoji and/or move its file (REST: `PATCH /api/pleroma/emoji/"
        "packs/files?name=`, seed `update_file` with `action=update`). Admins only."
    )
    def emoji_pack_file_update(
        self,
        info: Info,
        input: Annotated[EmojiPackFileUpdateInput, strawberry.argument(description="Changes.")],
    ) -> EmojiPackPayload:
        try:
            emoji_packs.update_file(
                info.context, input.name, input.shortcode, input.new_shortcode,
                input.new_filename, force=input.force,
            )
            return _payload(info, input.name)
        except DomainError as err:
            return _refused(err)

    @strawberry.mutation(
        description="Remove an emoji and its file (REST: `DELETE /api/pleroma/emoji/packs/"
        "files?name=&shortcode=`, seed `update_file` with `action=remove`). Admins only."
    )
    def emoji_pack_file_remove(
        self,
        info: Info,
        input: Annotated[EmojiPackFileRemoveInput, strawberry.argument(description="Which.")],
    ) -> EmojiPackPayload:
        try:
            emoji_packs.remove_file(info.context, input.name, input.shortcode)
            return _payload(info, input.name)
        except DomainError as err:
            return _refused(err)

    @strawberry.mutation(
        description="Download a pack from another instance and install it (REST: `POST "
        "/api/pleroma/emoji/packs/download`, seed `POST .../packs/download_from`): its "
        "shared archive (checked against `download-sha256`) or else its `fallback-src` "
        "(checked against `fallback-src-sha256`); only the listed files are extracted. The "
        "other instance must advertise `shareable_emoji_packs`; private addresses are "
        "refused unless the instance allows private network fetches. Admins only."
    )
    async def emoji_pack_download(
        self,
        info: Info,
        input: Annotated[
            EmojiPackDownloadInput, strawberry.argument(description="Where from, which pack.")
        ],
    ) -> EmojiPackPayload:
        try:
            local = await emoji_pack_remote.download(
                info.context, input.url, input.name, input.as_
            )
            return _payload(info, local)
        except DomainError as err:
            return _refused(err)

    @strawberry.mutation(
        description="Write a `pack.json` for every pack directory without one (REST: "
        "`GET /api/pleroma/emoji/packs/import`, seed `POST .../packs/import_from_fs`). "
        "Admins only."
    )
    def emoji_packs_import(self, info: Info) -> EmojiPacksImportPayload:
        try:
            imported = emoji_packs.import_from_fs(info.context)
        except DomainError as err:
            return EmojiPacksImportPayload(imported=[], user_errors=user_errors(err))
        return EmojiPacksImportPayload(imported=imported, user_errors=[])
