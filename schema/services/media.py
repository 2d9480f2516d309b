"""Media attachments: upload, describe, read one's own.

The file's type is decided by its bytes, never by the client's filename or content type.
Images are decoded with Pillow (``JPEG``, ``PNG``, ``GIF``, ``WEBP`` only), checked against
decompression bombs, turned upright (EXIF orientation) and re-encoded, which drops EXIF
(GPS, camera), XMP and text chunks; animated images are stored as uploaded after their
frames are verified. Other files are recognised by their magic bytes (MP4/MOV, WebM/MKV,
Ogg, MP3, AAC, WAV, FLAC, PDF); anything else is refused with 415.

Files are stored through ``ctx.extras["storage"]`` (see :class:`Storage`) under
``<yyyy>/<mm>/<random>.<ext>``: the client's filename never reaches the file system.

Profile pictures (avatar, header, background, mascot) go through the same gate with
:func:`prepare_image` (images only, the caller's size limit) and :func:`save_image`.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import io
import math
import secrets
import struct
import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from models.media import MediaAttachment
from schema.context import RequestContext
from schema.errors import (
    BAD_REQUEST,
    NOT_FOUND,
    TOO_LARGE,
    UNAVAILABLE,
    UNSUPPORTED_MEDIA,
    VALIDATION,
    DomainError,
)

if TYPE_CHECKING:
    from PIL import Image

# Pillow is imported where an image is decoded, not here: a process that never takes an
# upload does not pay its ~2.4 MB of memory.

#: URL path under which stored files are served (``GET /media/<relative path>``).
MEDIA_URL_PREFIX = "/media/"
#: Pleroma's ``[:instance, :description_limit]`` default.
MAX_DESCRIPTION_LENGTH = 5000
#: Decoded pixels an image (all frames of an animation together) may have.
MAX_PIXELS = 64_000_000
MAX_ANIMATION_PIXELS = 256_000_000
#: The preview box (``meta.small``).
SMALL_BOX = 400
#: Blurhash components (Mastodon uses 4 x 3) and the thumbnail it is computed on.
BLURHASH_COMPONENTS = (4, 3)
BLURHASH_THUMB = 64

CORRUPT_IMAGE = "The image could not be read (corrupt or truncated file)"
BAD_FOCUS = 'Invalid focus: expected "x,y" with numbers from -1.0 to 1.0'

IMAGE_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "GIF": ("image/gif", "gif"),
    "WEBP": ("image/webp", "webp"),
}

#: Extension of a stored file -> (content type, served inline). Only these are served.
STORED_TYPES: dict[str, tuple[str, bool]] = {
    "jpg": ("image/jpeg", True),
    "png": ("image/png", True),
    "gif": ("image/gif", True),
    "webp": ("image/webp", True),
    "mp4": ("video/mp4", True),
    "mov": ("video/quicktime", True),
    "webm": ("video/webm", True),
    "mkv": ("video/x-matroska", True),
    "ogv": ("video/ogg", True),
    "m4a": ("audio/mp4", True),
    "ogg": ("audio/ogg", True),
    "mp3": ("audio/mpeg", True),
    "aac": ("audio/aac", True),
    "wav": ("audio/wav", True),
    "flac": ("audio/flac", True),
    "pdf": ("application/pdf", False),
}


class Storage(Protocol):
    """Where uploaded files live (``app.storage.LocalStorage`` on disk)."""

    async def save(self, relative: str, data: bytes) -> None:
        """Store ``data`` at the relative path."""

    async def delete(self, relative: str) -> None:
        """Remove the file at the relative path, if any."""

    def resolve(self, relative: str) -> Any:
        """The stored file for a relative path taken from a URL (``None`` if none/outside)."""


@dataclass(frozen=True)
class UploadInput:
    """An uploaded file as the client sent it (name and type are hints, never trusted)."""

    filename: str
    content_type: str
    data: bytes


@dataclass
class Processed:
    """A file after sniffing and cleaning: what gets stored and described."""

    mime_type: str
    ext: str
    kind: str
    data: bytes
    meta: dict[str, Any] = field(default_factory=dict)
    blurhash: str | None = None


def _invalid(message: str, field_name: str | None = None) -> DomainError:
    return DomainError(VALIDATION, message, field=field_name)


# --- sniffing -------------------------------------------------------------------------


def sniff_other(data: bytes) -> tuple[str, str, str] | None:
    """``(mime type, extension, kind)`` of a non-image file from its magic bytes, or ``None``."""
    head = data[:64]
    if len(data) >= 12 and data[4:8] == b"ftyp":
        brand = data[8:12]
        if brand in {b"M4A ", b"M4B ", b"M4P "}:
            return "audio/mp4", "m4a", "audio"
        if brand == b"qt  ":
            return "video/quicktime", "mov", "video"
        return "video/mp4", "mp4", "video"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        if b"webm" in data[:64]:
            return "video/webm", "webm", "video"
        if b"matroska" in data[:64]:
            return "video/x-matroska", "mkv", "video"
        return None
    if head.startswith(b"OggS"):
        if b"theora" in data[:256]:
            return "video/ogg", "ogv", "video"
        return "audio/ogg", "ogg", "audio"
    if head.startswith(b"RIFF") and data[8:12] == b"WAVE":
        return "audio/wav", "wav", "audio"
    if head.startswith(b"fLaC"):
        return "audio/flac", "flac", "audio"
    if head.startswith(b"ID3"):
        return "audio/mpeg", "mp3", "audio"
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        layer = (head[1] >> 1) & 0x03
        if layer == 0 and head[1] & 0xF6 == 0xF0:
            return "audio/aac", "aac", "audio"
        if layer != 0 and (head[1] >> 3) & 0x03 != 1:
            return "audio/mpeg", "mp3", "audio"
        return None
    if head.startswith(b"%PDF-"):
        return "application/pdf", "pdf", "unknown"
    return None


def _dims(width: int, height: int) -> dict[str, Any]:
    return {
        "width": width,
        "height": height,
        "size": f"{width}x{height}",
        "aspect": round(width / height, 6) if height else None,
    }


def image_meta(width: int, height: int) -> dict[str, Any]:
    """``meta.original`` and ``meta.small`` (the size fitting a 400 px preview box)."""
    scale = min(1.0, SMALL_BOX / max(width, height, 1))
    small_w = max(1, round(width * scale))
    small_h = max(1, round(height * scale))
    return {"original": _dims(width, height), "small": _dims(small_w, small_h)}


def _blurhash(image: Image.Image) -> str | None:
    """The blurhash of ``image`` computed on a small RGB thumbnail (``None`` if it fails)."""
    import blurhash  # blurhash-python; imported lazily, it loads a C extension
    from PIL import Image

    try:
        thumb = image.copy()
        thumb.thumbnail((BLURHASH_THUMB, BLURHASH_THUMB))
        if thumb.mode in {"RGBA", "LA", "PA"} or (
            thumb.mode == "P" and "transparency" in thumb.info
        ):
            rgba = thumb.convert("RGBA")
            background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
            thumb = Image.alpha_composite(background, rgba)
        with warnings.catch_warnings():
            # blurhash-python 1.2 reads pixels with Image.getdata (deprecated in Pillow 13)
            warnings.simplefilter("ignore", DeprecationWarning)
            return blurhash.encode(thumb.convert("RGB"), *BLURHASH_COMPONENTS)
    except Exception:  # a preview hash is a nicety: never fail an upload over it
        return None


_KEEP_INFO = ("transparency", "icc_profile")


def _reencode(image: Image.Image, fmt: str) -> bytes:
    """``image`` saved again in ``fmt`` with no EXIF, XMP or text metadata."""
    image.info = {k: v for k, v in image.info.items() if k in _KEEP_INFO}
    out = io.BytesIO()
    if fmt == "JPEG":
        if image.mode not in {"RGB", "L", "CMYK"}:
            image = image.convert("RGB")
        image.save(out, format="JPEG", quality=90, exif=b"")
    elif fmt == "PNG":
        image.save(out, format="PNG", optimize=False)
    elif fmt == "WEBP":
        image.save(out, format="WEBP", quality=90, exif=b"", xmp=b"")
    else:
        image.save(out, format=fmt)
    return out.getvalue()


def process_image(data: bytes) -> Processed | None:
    """Decode, verify and clean an image; ``None`` when the bytes are not an image we take.

    Raises 422 for a decompression bomb or a corrupt/truncated image. CPU-bound: run it in
    a thread.
    """
    from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            probe = Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS))
        except UnidentifiedImageError:
            return None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _invalid("Image dimensions are too large", "file") from None
        except (OSError, SyntaxError, ValueError):
            raise _invalid(CORRUPT_IMAGE, "file") from None
        fmt = probe.format or ""
        mime, ext = IMAGE_FORMATS[fmt]
        width, height = probe.size
        if width < 1 or height < 1 or width * height > MAX_PIXELS:
            raise _invalid("Image dimensions are too large", "file")
        try:
            probe.verify()
            image = Image.open(io.BytesIO(data), formats=[fmt])
            frames = getattr(image, "n_frames", 1)
            if frames * width * height > MAX_ANIMATION_PIXELS:
                raise _invalid("Image dimensions are too large", "file")
            if frames > 1:
                # Animated: stored as uploaded, after every frame decodes.
                for frame in ImageSequence.Iterator(image):
                    frame.load()
                image.seek(0)
                first = image.convert("RGBA")
                return Processed(
                    mime, ext, "image", data, image_meta(width, height), _blurhash(first)
                )
            image.load()
            upright = ImageOps.exif_transpose(image)
            cleaned = _reencode(upright, fmt)
            meta = image_meta(*upright.size)
            return Processed(mime, ext, "image", cleaned, meta, _blurhash(upright))
        except DomainError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _invalid("Image dimensions are too large", "file") from None
        except (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error):
            raise _invalid(CORRUPT_IMAGE, "file") from None


def sniff(data: bytes) -> Processed:
    """What the bytes are, cleaned when they are an image; 415 when we do not take them."""
    image = process_image(data)
    if image is not None:
        return image
    other = sniff_other(data)
    if other is None:
        raise DomainError(
            UNSUPPORTED_MEDIA,
            "Unsupported file type: upload an image (JPEG, PNG, GIF, WebP), a video "
            "(MP4, WebM, Ogg), an audio file (MP3, Ogg, WAV, FLAC, AAC) or a PDF",
            field="file",
        )
    mime, ext, kind = other
    return Processed(mime, ext, kind, data)


# --- input checks -------------------------------------------------------------------


def parse_focus(value: Any) -> dict[str, float] | None:
    """``"x,y"`` (or ``(x, y)``) with both in -1..1 -> ``{"x", "y"}``; 422 otherwise."""
    if value is None or value == "":
        return None
    try:
        parts = [p.strip() for p in value.split(",")] if isinstance(value, str) else list(value)
        if len(parts) != 2:
            raise ValueError
        x, y = (float(p) for p in parts)
    except (TypeError, ValueError):
        raise _invalid(BAD_FOCUS, "focus") from None
    if not all(math.isfinite(v) and -1.0 <= v <= 1.0 for v in (x, y)):
        raise _invalid(BAD_FOCUS, "focus")
    return {"x": x, "y": y}


def _check_description(description: str | None) -> str | None:
    if description is None:
        return None
    if len(description) > MAX_DESCRIPTION_LENGTH:
        raise _invalid(
            f"Description is too long (at most {MAX_DESCRIPTION_LENGTH} characters)",
            "description",
        )
    return description


def _storage(ctx: RequestContext) -> Storage:
    storage = ctx.extras.get("storage")
    if storage is None:
        raise DomainError(UNAVAILABLE, "Uploads are not configured on this server")
    return storage


def stored_path(ext: str, now: datetime | None = None) -> str:
    """A fresh relative path ``<yyyy>/<mm>/<random>.<ext>`` (128 random bits)."""
    now = now or datetime.now(UTC)
    return f"{now:%Y}/{now:%m}/{secrets.token_urlsafe(16)}.{ext}"


def served_type(relative: str) -> tuple[str, bool] | None:
    """``(content type, inline)`` for a stored file's relative path, or ``None``."""
    name = relative.rsplit("/", 1)[-1]
    if "." not in name:
        return None
    return STORED_TYPES.get(name.rsplit(".", 1)[-1].lower())


# --- the operations -----------------------------------------------------------------


async def upload(
    ctx: RequestContext,
    file: UploadInput | None,
    description: str | None = None,
    focus: Any = None,
) -> MediaAttachment:
    """Store an uploaded file for the viewer; returns the new (unattached) row.

    Not idempotent: each call stores a new file. Errors: 403 without a ``write:media``
    token; 400 ``Missing field: file.``; 413 ``File is too large`` over the upload limit;
    415 for a type we do not take; 422 for a corrupt image, a decompression bomb, a bad
    focus or an over-long description.
    """
    account = ctx.viewer.require("write:media")
    if file is None:
        raise DomainError(BAD_REQUEST, "Missing field: file.", field="file")
    if len(file.data) > ctx.policy.upload_limit:
        raise DomainError(TOO_LARGE, "File is too large", field="file")
    if not file.data:
        raise _invalid("The file is empty", "file")
    description = _check_description(description)
    focus_point = parse_focus(focus)
    _storage(ctx)

    processed = await asyncio.to_thread(sniff, file.data)
    if focus_point is not None:
        processed.meta = {**processed.meta, "focus": focus_point}
    return await store_attachment(ctx, account, processed, description)


async def store_attachment(
    ctx: RequestContext, account: Any, processed: Processed, description: str | None
) -> MediaAttachment:
    """Store a sniffed file and its (unattached) media row for ``account``.

    The caller has checked the viewer's rights and the file; a failed insert removes the
    stored file again.
    """
    storage = _storage(ctx)
    relative = stored_path(processed.ext)
    await storage.save(relative, processed.data)
    try:
        return await MediaAttachment.create(
            account_id=account.id,
            kind=processed.kind,
            mime_type=processed.mime_type,
            file_path=relative,
            url=MEDIA_URL_PREFIX + relative,
            description=description,
            blurhash=processed.blurhash,
            meta=dict(processed.meta),
            size=len(processed.data),
        )
    except BaseException:
        await storage.delete(relative)
        raise


# --- profile pictures ---------------------------------------------------------------


def parse_data_uri(value: str, field_name: str) -> UploadInput:
    """``data:[<type>][;base64],<payload>`` -> an upload (400 when it is not one).

    Pleroma's legacy avatar routes take an image as a data URI as well as a file.
    """
    header, sep, payload = value.partition(",")
    if not sep or not header.lower().startswith("data:"):
        raise DomainError(
            BAD_REQUEST, f"{field_name}: expected a file or a data: URI", field=field_name
        )
    params = header[5:].split(";")
    content_type = params[0].strip() or "application/octet-stream"
    if "base64" not in (p.strip().lower() for p in params[1:]):
        raise DomainError(
            BAD_REQUEST, f"{field_name}: a data: URI must be base64-encoded", field=field_name
        )
    try:
        data = base64.b64decode("".join(payload.split()), validate=True)
    except (binascii.Error, ValueError):
        raise DomainError(
            BAD_REQUEST, f"{field_name}: invalid base64 in the data: URI", field=field_name
        ) from None
    return UploadInput(filename="", content_type=content_type, data=data)


async def prepare_image(
    file: UploadInput | None, *, limit: int, field_name: str, not_image: str
) -> Processed:
    """Check and clean an image without storing anything yet.

    400 ``Missing field: <field>.`` without a file; 413 ``File is too large`` over
    ``limit`` bytes; 422 for an empty, corrupt or truncated file or a decompression bomb;
    415 with ``not_image`` for anything that is not a JPEG, PNG, GIF or WebP image. The
    result is re-encoded (EXIF, GPS and text chunks gone), as for media uploads.
    """
    if file is None:
        raise DomainError(BAD_REQUEST, f"Missing field: {field_name}.", field=field_name)
    if len(file.data) > limit:
        raise DomainError(TOO_LARGE, "File is too large", field=field_name)
    if not file.data:
        raise _invalid("The file is empty", field_name)
    try:
        processed = await asyncio.to_thread(process_image, file.data)
    except DomainError as err:
        raise DomainError(err.kind, err.message, field=field_name) from None
    if processed is None:
        raise DomainError(UNSUPPORTED_MEDIA, not_image, field=field_name)
    return processed


async def save_image(ctx: RequestContext, processed: Processed) -> str:
    """Store a prepared image under a fresh random name; returns its relative path."""
    relative = stored_path(processed.ext)
    await _storage(ctx).save(relative, processed.data)
    return relative


async def delete_stored(ctx: RequestContext, url: str | None) -> None:
    """Remove the stored file behind a ``/media/...`` URL (anything else is left alone)."""
    storage = ctx.extras.get("storage")
    if storage is None or not url or not url.startswith(MEDIA_URL_PREFIX):
        return
    await storage.delete(url[len(MEDIA_URL_PREFIX) :])


async def get_own(ctx: RequestContext, media_id: str) -> MediaAttachment:
    """The viewer's media ``media_id``; 404 ``Record not found`` for anyone else's."""
    account = ctx.viewer.require("write:media")
    row = await MediaAttachment.filter(id=str(media_id or ""), account_id=account.id).first()
    if row is None:
        raise DomainError(NOT_FOUND)
    return row


async def update(
    ctx: RequestContext,
    media_id: str,
    description: str | None = None,
    focus: Any = None,
) -> MediaAttachment:
    """Change the description and/or focus of the viewer's media (``None`` keeps a value).

    Idempotent. Errors: 404 for someone else's or an unknown id, 422 for a bad focus or an
    over-long description.
    """
    ctx.viewer.require("write:media")
    row = await get_own(ctx, media_id)
    description = _check_description(description)
    focus_point = parse_focus(focus)
    fields: list[str] = []
    if description is not None:
        row.description = description
        fields.append("description")
    if focus_point is not None:
        meta = dict(row.meta) if isinstance(row.meta, dict) else {}
        meta["focus"] = focus_point
        row.meta = meta
        fields.append("meta")
    if fields:
        await row.save(update_fields=fields)
    return row


async def own_many(ctx: RequestContext, media_ids: list[str]) -> list[MediaAttachment | None]:
    """The viewer's media for each id, in order (``None`` where it is not the viewer's).

    One query whatever the number of ids; anonymous viewers get only ``None``.
    """
    account_id = ctx.viewer.account_id
    if account_id is None or not media_ids:
        return [None] * len(media_ids)
    rows = {
        row.id: row
        for row in await MediaAttachment.filter(
            id__in=[str(i) for i in media_ids], account_id=account_id
        )
    }
    return [rows.get(str(i)) for i in media_ids]
