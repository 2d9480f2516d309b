"""``mediaUpload`` and ``mediaUpdate``: upload a file, describe it."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.file_uploads import Upload
from strawberry.types import Info

from schema.errors import BAD_REQUEST, DomainError
from schema.mutations.payloads import payload_of, user_errors_field
from schema.queries.media import media_rest_id
from schema.services import media as media_service
from schema.types.errors import UserError
from schema.types.media import MediaAttachment


@strawberry.input(description="A focal point: both coordinates from -1.0 to 1.0.")
class MediaFocusInput:
    """Same as REST's ``focus=x,y``."""

    x: float = strawberry.field(description="Horizontal position, -1.0 (left) to 1.0 (right).")
    y: float = strawberry.field(description="Vertical position, -1.0 (bottom) to 1.0 (top).")


@strawberry.input(description="What `mediaUpload` needs: the file and, optionally, its alt text.")
class MediaUploadInput:
    """Same fields as ``POST /api/v1/media``; send the operation as a multipart request."""

    file: Upload = strawberry.field(
        description="The file, sent with the GraphQL multipart request spec "
        "(github.com/jaydenseric/graphql-multipart-request-spec)."
    )
    description: str | None = strawberry.field(
        default=None, description="Alt text for those who cannot see the file."
    )
    focus: MediaFocusInput | None = strawberry.field(
        default=None, description="The point to keep in view when the image is cropped."
    )


@strawberry.input(description="What `mediaUpdate` changes; omitted fields stay as they are.")
class MediaUpdateInput:
    """Same fields as ``PUT /api/v1/media/:id``."""

    id: strawberry.ID = strawberry.field(
        description="The upload's global id (its REST id is accepted too)."
    )
    description: str | None = strawberry.field(default=None, description="New alt text.")
    focus: MediaFocusInput | None = strawberry.field(default=None, description="New focal point.")


@strawberry.type(description="The result of `mediaUpload` or `mediaUpdate`.")
class MediaPayload:
    """Either ``media`` or ``userErrors``."""

    media: MediaAttachment | None = strawberry.field(
        default=None, description="The upload as stored now (null when refused)."
    )
    user_errors: list[UserError] = user_errors_field("Why nothing was done (empty on success).")


def _media(row: Any) -> MediaPayload:
    return MediaPayload(media=MediaAttachment.from_row(row))


def _focus(value: MediaFocusInput | None) -> tuple[float, float] | None:
    return (value.x, value.y) if value is not None else None


def _upload_input(file: Any) -> media_service.UploadInput:
    """The service's input from Strawberry's uploaded file (a file object, never a string)."""
    if not hasattr(file, "read"):
        raise DomainError(BAD_REQUEST, "file: expected a multipart file upload", field="file")
    data = file.read()
    return media_service.UploadInput(
        filename=str(getattr(file, "filename", "") or ""),
        content_type=str(getattr(file, "content_type", "") or "application/octet-stream"),
        data=bytes(data),
    )


def _update_id(value: str) -> str:
    """A global ``MediaAttachment`` id or a REST id -> the REST id."""
    return media_rest_id(strawberry.ID(value), None) or value


@strawberry.type
class MediaMutations:
    """Mutations about media attachments."""

    @strawberry.mutation(
        description="Upload a file to attach to a status later (REST: `POST /api/v1/media`). "
        "Its type is read from its bytes; images lose their metadata (EXIF, GPS). Each call "
        "stores a new file. Needs the `write:media` scope."
    )
    async def media_upload(
        self,
        info: Info,
        input: Annotated[MediaUploadInput, strawberry.argument(description="The file.")],
    ) -> MediaPayload:
        ctx = info.context
        ctx.viewer.require("write:media")
        return await payload_of(
            MediaPayload,
            lambda: media_service.upload(
                ctx,
                _upload_input(input.file),
                description=input.description,
                focus=_focus(input.focus),
            ),
            _media,
        )

    @strawberry.mutation(
        description="Change the alt text or focal point of one's own upload (REST: "
        "`PUT /api/v1/media/:id`). Idempotent. Needs the `write:media` scope."
    )
    async def media_update(
        self,
        info: Info,
        input: Annotated[MediaUpdateInput, strawberry.argument(description="What to change.")],
    ) -> MediaPayload:
        ctx = info.context
        ctx.viewer.require("write:media")
        return await payload_of(
            MediaPayload,
            lambda: media_service.update(
                ctx,
                _update_id(str(input.id)),
                description=input.description,
                focus=_focus(input.focus),
            ),
            _media,
        )
