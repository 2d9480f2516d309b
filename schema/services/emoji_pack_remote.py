"""Emoji packs of other instances: list them and download one (reference §18.2, §18.4).

Two generations, one set of rules:

* the seed's ``list_from`` / ``download_from`` (``instance_address``) read the remote's
  ``GET /api/pleroma/emoji/packs`` and its ``/packs/:name/download_shared``;
* 2.2+'s ``packs/remote`` / ``packs/download`` (``url``) read the remote's
  ``GET /api/pleroma/emoji/packs?page=&page_size=``, ``/emoji/pack?name=`` and
  ``/emoji/packs/archive?name=``.

Both first check the remote's nodeinfo lists ``shareable_emoji_packs`` in
``metadata.features`` (500 ``The requested instance does not support sharing emoji
packs`` otherwise). A download takes the remote's archive when the pack is shared and
downloadable (checked against ``download-sha256``), else its ``fallback-src`` (checked
against ``fallback-src-sha256``); 500 ``SHA256 for the pack doesn't match the one sent by
the server`` on a mismatch, 500 ``The pack was not set as shared and there is no fallback
src to download from`` when there is neither. Only the files the remote pack lists are
extracted (see :mod:`schema.services.emoji_pack_zips`), into a fresh hidden directory
that is renamed to ``<emoji dir>/<as or name>`` with a ``pack.json`` written from the
remote metadata (computed keys dropped): a failed download leaves nothing behind. A
local pack of that name already there is 409 and is never touched.

All of it needs an admin whose token grants ``admin:write``; every fetch goes through
:mod:`schema.services.fetching` (private addresses refused unless configured).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from schema.context import RequestContext
from schema.errors import BAD_REQUEST, CONFLICT, REMOTE_ERROR, STORAGE_ERROR, DomainError
from schema.services import emoji as emoji_service
from schema.services import emoji_pack_zips, emoji_packs, fetching

NOT_SUPPORTED = "The requested instance does not support sharing emoji packs"
NOT_SHARED = "The pack was not set as shared and there is no fallback src to download from"
SHA_MISMATCH = "SHA256 for the pack doesn't match the one sent by the server"
ARCHIVE_MISSING_FILES = "The archive does not have all files specified in pack.json"
FEATURE = "shareable_emoji_packs"
NODEINFO_SCHEMAS = (
    "http://nodeinfo.diaspora.software/ns/schema/2.1",
    "http://nodeinfo.diaspora.software/ns/schema/2.0",
)


def remote_base(address: str | None, field: str) -> str:
    """``scheme://host[:port]`` of an instance address (``https://`` when none is given).

    Pleroma merges absolute paths onto the address, so any path it has is dropped. 400
    for an empty or malformed address.
    """
    address = (address or "").strip()
    if not address:
        raise DomainError(BAD_REQUEST, f"Missing field: {field}.", field=field)
    if "://" not in address:
        address = "https://" + address
    try:
        parts = urlsplit(address)
        _ = parts.port
    except ValueError:
        raise DomainError(BAD_REQUEST, f"Invalid {field}", field=field) from None
    if not parts.netloc or not parts.hostname:
        raise DomainError(BAD_REQUEST, f"Invalid {field}", field=field)
    return f"{parts.scheme}://{parts.netloc}"


async def _supports_sharing(ctx: RequestContext, base: str) -> bool:
    """Whether the remote's nodeinfo lists ``shareable_emoji_packs``.

    Refusals and network failures are raised as they are; a remote without (usable)
    nodeinfo does not support sharing.
    """
    index = await fetching.fetch(ctx, f"{base}/.well-known/nodeinfo")
    if index.status != 200:
        return False
    try:
        links = index.json().get("links")
    except (DomainError, AttributeError):
        return False
    if not isinstance(links, list):
        return False
    hrefs = {
        link.get("rel"): link.get("href")
        for link in links
        if isinstance(link, dict) and isinstance(link.get("href"), str)
    }
    href = next((hrefs[s] for s in NODEINFO_SCHEMAS if s in hrefs), None)
    if href is None:
        return False
    document = await fetching.fetch(ctx, href)
    if document.status != 200:
        return False
    try:
        features = document.json().get("metadata", {}).get("features", [])
    except (DomainError, AttributeError):
        return False
    return isinstance(features, list) and FEATURE in features


async def _require_sharing(ctx: RequestContext, base: str) -> None:
    if not await _supports_sharing(ctx, base):
        raise DomainError(REMOTE_ERROR, NOT_SUPPORTED)


def _require_admin(ctx: RequestContext) -> None:
    ctx.viewer.require_admin("write")


async def list_from(ctx: RequestContext, instance_address: str | None) -> Any:
    """The remote's ``GET /api/pleroma/emoji/packs`` body, as it is (seed ``list_from``)."""
    _require_admin(ctx)
    base = remote_base(instance_address, "instance_address")
    await _require_sharing(ctx, base)
    return (await fetching.fetch_ok(ctx, f"{base}/api/pleroma/emoji/packs")).json()


async def list_remote(
    ctx: RequestContext, url: str | None, page: int | None = None, page_size: int | None = None
) -> Any:
    """The remote's ``GET /api/pleroma/emoji/packs?page=&page_size=`` body (2.2+ ``remote``).

    ``page`` defaults to 1 and ``page_size`` to 50, as Pleroma sends them.
    """
    _require_admin(ctx)
    base = remote_base(url, "url")
    page = 1 if page is None else page
    page_size = emoji_packs.DEFAULT_PACKS_PAGE_SIZE if page_size is None else page_size
    if page < 1 or page_size < 1:
        raise DomainError(BAD_REQUEST, "page and page_size must be positive integers")
    await _require_sharing(ctx, base)
    query = urlencode({"page": page, "page_size": page_size})
    return (await fetching.fetch_ok(ctx, f"{base}/api/pleroma/emoji/packs?{query}")).json()


def remote_packs(body: Any) -> dict[str, dict[str, Any]]:
    """The ``{name: {"pack", "files"}}`` map of a remote listing of either generation."""
    if isinstance(body, dict) and isinstance(body.get("packs"), dict) and "count" in body:
        body = body["packs"]
    if not isinstance(body, dict):
        raise DomainError(REMOTE_ERROR, "The remote instance sent an invalid pack list")
    return {str(k): v for k, v in body.items() if isinstance(v, dict)}


def _pack_parts(remote: Any) -> tuple[dict[str, Any], dict[str, str]]:
    if not isinstance(remote, dict):
        raise DomainError(REMOTE_ERROR, "The remote instance sent an invalid pack")
    meta = remote.get("pack")
    files = remote.get("files")
    if not isinstance(meta, dict) or not isinstance(files, dict):
        raise DomainError(REMOTE_ERROR, "The remote instance sent an invalid pack")
    clean: dict[str, str] = {}
    for shortcode, filename in files.items():
        relative = emoji_packs.clean_filename(filename) if isinstance(filename, str) else None
        if not emoji_packs.valid_shortcode(str(shortcode)) or relative is None:
            raise DomainError(
                REMOTE_ERROR,
                f"The remote pack lists an invalid emoji: {shortcode!r} -> {filename!r}",
            )
        clean[str(shortcode)] = relative
    return meta, clean


def _target_name(ctx: RequestContext, name: str | None, as_name: str | None) -> str:
    if not name:
        raise DomainError(BAD_REQUEST, "pack name cannot be empty", field="name")
    target = as_name or name
    if not emoji_packs.valid_pack_name(target):
        raise DomainError(BAD_REQUEST, f"Invalid pack name: {target!r}", field="as")
    if (emoji_packs.pack_root(ctx.policy) / target).exists():
        raise DomainError(CONFLICT, f'A pack named "{target}" already exists', field="as")
    return target


async def download_from(
    ctx: RequestContext, instance_address: str | None, pack_name: str | None,
    as_name: str | None = None,
) -> str:
    """Seed ``download_from``: install the remote pack as ``as_name`` or ``pack_name``.

    Returns the local name. Errors: see the module doc; a pack the remote does not list
    is 500 ``Pack <name> does not exist``.
    """
    _require_admin(ctx)
    base = remote_base(instance_address, "instance_address")
    target = _target_name(ctx, pack_name, as_name)
    await _require_sharing(ctx, base)
    listing = remote_packs(
        (await fetching.fetch_ok(ctx, f"{base}/api/pleroma/emoji/packs")).json()
    )
    if pack_name not in listing:
        raise DomainError(REMOTE_ERROR, f"Pack {pack_name} does not exist")
    archive_url = f"{base}/api/pleroma/emoji/packs/{quote(pack_name, safe='')}/download_shared"
    await _download(ctx, listing[pack_name], archive_url, target)
    return target


async def download(
    ctx: RequestContext, url: str | None, name: str | None, as_name: str | None = None
) -> str:
    """2.2+ ``packs/download``: install the remote pack as ``as_name`` or ``name``.

    Returns the local name. The remote's own errors (such as ``Pack <name> does not
    exist``) come back as 500 with its text.
    """
    _require_admin(ctx)
    base = remote_base(url, "url")
    target = _target_name(ctx, name, as_name)
    await _require_sharing(ctx, base)
    query = urlencode({"name": name})
    remote = (await fetching.fetch_ok(ctx, f"{base}/api/pleroma/emoji/pack?{query}")).json()
    await _download(ctx, remote, f"{base}/api/pleroma/emoji/packs/archive?{query}", target)
    return target


async def _download(ctx: RequestContext, remote: Any, archive_url: str, target: str) -> None:
    meta, files = _pack_parts(remote)
    if meta.get("share-files") is True and meta.get("can-download") is True:
        url, expected = archive_url, meta.get("download-sha256")
    elif isinstance(meta.get("fallback-src"), str) and meta["fallback-src"]:
        url, expected = meta["fallback-src"], meta.get("fallback-src-sha256")
    else:
        raise DomainError(REMOTE_ERROR, NOT_SHARED)
    fetched = await fetching.fetch_ok(
        ctx, url, max_bytes=fetching.MAX_ARCHIVE_BYTES, accept="application/zip"
    )
    digest = hashlib.sha256(fetched.body).hexdigest().upper()
    if not isinstance(expected, str) or digest != expected.upper():
        raise DomainError(REMOTE_ERROR, SHA_MISMATCH)
    stored = {k: v for k, v in meta.items() if k not in emoji_packs.COMPUTED_KEYS}
    manifest = {"pack": stored, "files": files}
    await asyncio.to_thread(_install, ctx, target, fetched.body, manifest)


def _install(ctx: RequestContext, target: str, data: bytes, manifest: dict[str, Any]) -> None:
    """Extract into a fresh hidden directory, write ``pack.json``, rename into place."""
    root = emoji_packs.pack_root(ctx.policy)
    try:
        temp = Path(tempfile.mkdtemp(prefix=".download-", dir=root))
    except OSError as err:
        raise DomainError(
            STORAGE_ERROR, f"Unexpected error occurred while downloading pack. ({err})"
        ) from None
    try:
        emoji_pack_zips.extract_listed(
            data, set(manifest["files"].values()), temp, ctx.policy.upload_limit
        )
        (temp / emoji_packs.MANIFEST).write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8"
        )
        temp.chmod(0o755)
        final = root / target
        if final.exists():
            raise DomainError(CONFLICT, f'A pack named "{target}" already exists', field="as")
        os.rename(temp, final)
    except emoji_pack_zips.MissingFiles as err:
        shutil.rmtree(temp, ignore_errors=True)
        raise DomainError(REMOTE_ERROR, f"{ARCHIVE_MISSING_FILES} ({err})") from None
    except OSError as err:
        shutil.rmtree(temp, ignore_errors=True)
        raise DomainError(
            STORAGE_ERROR, f"Unexpected error occurred while downloading pack. ({err})"
        ) from None
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    emoji_service.invalidate(ctx.policy)
