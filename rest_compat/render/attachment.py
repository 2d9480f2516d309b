"""Mastodon ``Attachment`` as Pleroma renders it (reference Appendix A.5), plus Mastodon's
``meta``, ``preview_url`` and ``blurhash``. Pure: media row -> dict.
"""

from __future__ import annotations

from typing import Any

from schema.instance import InstancePolicy

KINDS = ("image", "video", "audio", "gifv")


def attachment_type(mime_type: str | None, kind: str | None = None) -> str:
    """``image``, ``video``, ``audio`` or ``gifv`` from the kind or mime type, else ``unknown``."""
    if kind in KINDS:
        return kind
    major = (mime_type or "").split("/", 1)[0]
    return major if major in ("image", "video", "audio") else "unknown"


def absolute_url(policy: InstancePolicy, url: str | None) -> str | None:
    """A stored URL made absolute on this instance when it is a path (``/media/...``)."""
    if url and url.startswith("/"):
        return policy.url(url)
    return url


def render_attachment(policy: InstancePolicy, media: Any) -> dict[str, Any]:
    """The Attachment of ``media`` (a ``MediaAttachment`` row or any object with its fields).

    ``remote_url`` falls back to ``url`` for local files as Pleroma does; ``meta`` is the
    stored dict (``{}`` when none); ``preview_url`` is the file itself (no thumbnails yet).
    """
    url = absolute_url(policy, media.url)
    meta = media.meta if isinstance(media.meta, dict) else {}
    return {
        "id": str(media.id),
        "type": attachment_type(media.mime_type, getattr(media, "kind", None)),
        "url": url,
        "remote_url": absolute_url(policy, media.remote_url) or url,
        "preview_url": url,
        "text_url": url,
        "meta": meta,
        "description": media.description,
        "blurhash": media.blurhash,
        "pleroma": {"mime_type": media.mime_type},
    }
