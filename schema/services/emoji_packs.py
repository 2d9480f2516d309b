"""Emoji pack management: list, show, create, delete, edit and share the packs on disk.

The layout is Pleroma's (reference §18.1): ``<emoji dir>/<pack>/pack.json`` holds
``{"pack": {metadata}, "files": {shortcode: relative path}}`` next to the images. Only
directories with a ``pack.json`` are *packs* here (a directory without one still gives
``Custom`` emoji to :mod:`schema.services.emoji`, and :func:`import_from_fs` writes its
``pack.json``).

Listings add the computed keys ``can-download`` (``share-files`` is true and every listed
file exists) and ``download-sha256`` (upper-case hex SHA-256 of :func:`archive`'s bytes,
when downloadable). That digest is cached per pack directory, keyed by the names, sizes,
modification times and inodes of ``pack.json`` and the listed files, so a listing only
rebuilds the zip of a pack that changed.

``update_metadata`` fetches a new ``fallback-src`` to check it and store its SHA-256;
downloading packs from other instances is :mod:`schema.services.emoji_pack_remote`.

Everything a client names is checked before it touches the disk: pack names are one
path segment (no ``/``, ``\\``, NUL, leading ``.``), shortcodes match the ``:shortcode:``
syntax, filenames are relative paths of plain segments ending in an image extension and
resolving inside the pack. Uploads must be images (decoded with Pillow, as media uploads
are) within the instance's upload limit, and their extension must match their content.
Every change drops the emoji table's cache, so ``all_emoji`` sees it at once.

Writers need an admin whose token grants ``admin:write`` (the REST routes check the same
before calling).
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schema.context import RequestContext
from schema.errors import (
    BAD_REQUEST,
    CONFLICT,
    FORBIDDEN,
    NOT_FOUND,
    STORAGE_ERROR,
    TOO_LARGE,
    UNAVAILABLE,
    UNSUPPORTED_MEDIA,
    VALIDATION,
    DomainError,
)
from schema.instance import InstancePolicy
from schema.services import emoji as emoji_service
from schema.services import emoji_pack_zips, fetching
from schema.services import media as media_service

MANIFEST = "pack.json"
#: Page sizes of the 2.2+ listings (Pleroma's defaults) and the cap we put on them.
DEFAULT_PACKS_PAGE_SIZE = 50
DEFAULT_FILES_PAGE_SIZE = 30
MAX_PAGE_SIZE = 500
MAX_NAME_LENGTH = 128
MAX_FILENAME_LENGTH = 255
#: Metadata keys ``pack`` may hold (the computed ones are never stored).
COMPUTED_KEYS = ("can-download", "download-sha256")

NOT_AN_IMAGE = "Emoji must be images (PNG, GIF, WebP or JPEG)"


@dataclass(frozen=True)
class Pack:
    """A pack as the listings give it: metadata (with computed keys) and files."""

    name: str
    pack: dict[str, Any]
    files: dict[str, str]

    def as_json(self) -> dict[str, Any]:
        """``{"pack": {...}, "files": {...}}``."""
        return {"pack": self.pack, "files": self.files}


# --- names and paths -------------------------------------------------------------------


def _root(policy: InstancePolicy, *, create: bool = True) -> Path:
    if not policy.emoji_dir:
        raise DomainError(UNAVAILABLE, "Emoji packs are not available on this instance")
    root = Path(policy.emoji_dir)
    if create:
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise DomainError(
                STORAGE_ERROR, f"Failed to create the emoji pack directory at {root}: {err}"
            ) from None
    return root


def pack_root(policy: InstancePolicy) -> Path:
    """The emoji directory (created when missing); 503 when packs are not available."""
    return _root(policy)


def valid_pack_name(name: str) -> bool:
    """True for a pack name that is exactly one safe path segment (dots inside allowed)."""
    return (
        bool(name)
        and len(name) <= MAX_NAME_LENGTH
        and not name.startswith(".")
        and not any(c in name for c in "/\\\x00")
        and name.strip() == name
        and all(c.isprintable() for c in name)
    )


def valid_shortcode(shortcode: str) -> bool:
    """True for a shortcode that can be written as ``:shortcode:``."""
    return bool(emoji_service.SHORTCODE_RE.fullmatch(f":{shortcode}:"))


def clean_filename(filename: str) -> str | None:
    """``filename`` as a safe relative path (``a/b.png``), or ``None``.

    Refused: absolute paths, backslashes, NUL, empty or ``.``/``..`` segments, segments
    starting with ``.``, over-long names, ``pack.json`` and non-image extensions.
    """
    if not filename or len(filename) > MAX_FILENAME_LENGTH:
        return None
    if "\\" in filename or "\x00" in filename or filename.startswith("/"):
        return None
    parts = filename.split("/")
    if any(not p or p.startswith(".") or not p.isprintable() for p in parts):
        return None
    if Path(parts[-1]).suffix.lower() not in emoji_service.IMAGE_TYPES:
        return None
    return "/".join(parts)


def _inside(pack_dir: Path, relative: str) -> Path:
    target = pack_dir.joinpath(*relative.split("/"))
    try:
        target.resolve().relative_to(pack_dir.resolve())
    except ValueError:
        raise DomainError(
            VALIDATION, "filename must stay inside the pack", field="filename"
        ) from None
    return target


def _pack_dir(policy: InstancePolicy, name: str) -> Path:
    if not valid_pack_name(name):
        raise DomainError(BAD_REQUEST, f"Invalid pack name: {name!r}", field="name")
    return _root(policy) / name


def _existing_pack_dir(
    policy: InstancePolicy, name: str, not_found: str, empty: DomainError | None = None
) -> Path:
    if not name:
        raise empty or DomainError(BAD_REQUEST, "pack name cannot be empty", field="name")
    if not valid_pack_name(name):
        raise DomainError(NOT_FOUND, not_found, field="name")
    pack_dir = _root(policy) / name
    if not (pack_dir / MANIFEST).is_file():
        raise DomainError(NOT_FOUND, not_found, field="name")
    return pack_dir


# --- reading ---------------------------------------------------------------------------


def _read_manifest(pack_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads((pack_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise DomainError(
            STORAGE_ERROR, f"Failed to get the contents of the `{pack_dir.name}` pack. ({err})"
        ) from None
    if not isinstance(data, dict):
        data = {}
    pack = data.get("pack")
    files = data.get("files")
    return {
        "pack": dict(pack) if isinstance(pack, dict) else {},
        "files": {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {},
    }


def _write_manifest(policy: InstancePolicy, pack_dir: Path, manifest: dict[str, Any]) -> None:
    stored = {
        "pack": {k: v for k, v in manifest["pack"].items() if k not in COMPUTED_KEYS},
        "files": manifest["files"],
    }
    temp = pack_dir / f".{MANIFEST}.tmp"
    temp.write_text(json.dumps(stored, indent=2, ensure_ascii=False), encoding="utf-8")
    temp.replace(pack_dir / MANIFEST)
    emoji_service.invalidate(policy)


def pack_names(policy: InstancePolicy) -> list[str]:
    """The packs (directories with a ``pack.json``), sorted by name."""
    root = _root(policy)
    try:
        entries = list(root.iterdir())
    except OSError as err:
        raise DomainError(
            STORAGE_ERROR,
            f"Failed to get the contents of the emoji pack directory at {root}: {err}",
        ) from None
    return sorted(
        p.name
        for p in entries
        if p.is_dir() and valid_pack_name(p.name) and (p / MANIFEST).is_file()
    )


def _files_present(pack_dir: Path, files: dict[str, str]) -> bool:
    for relative in files.values():
        path = clean_filename(relative)
        if path is None or not (pack_dir / path).is_file():
            return False
        try:
            (pack_dir / path).resolve().relative_to(pack_dir.resolve())
        except ValueError:
            return False
    return True


def _archive_bytes(pack_dir: Path, files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    # fixed timestamps so the same pack always gives the same bytes (and SHA-256)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        stamp = (1980, 1, 1, 0, 0, 0)
        info = zipfile.ZipInfo(MANIFEST, stamp)
        archive.writestr(info, (pack_dir / MANIFEST).read_bytes())
        for relative in sorted(set(files.values())):
            info = zipfile.ZipInfo(relative, stamp)
            archive.writestr(info, (pack_dir / relative).read_bytes())
    return buffer.getvalue()


def _load(policy: InstancePolicy, name: str) -> Pack:
    pack_dir = _root(policy) / name
    manifest = _read_manifest(pack_dir)
    meta = {k: v for k, v in manifest["pack"].items() if k not in COMPUTED_KEYS}
    files = manifest["files"]
    downloadable = meta.get("share-files") is True and _files_present(pack_dir, files)
    meta["can-download"] = downloadable
    if downloadable:
        meta["download-sha256"] = _archive_sha256(pack_dir, files)
    return Pack(name, meta, files)


#: ``download-sha256`` by pack directory, with the stamp of the files it was computed from.
_SHA_CACHE: dict[str, tuple[tuple[Any, ...], str]] = {}
_SHA_CACHE_SIZE = 512


def _stamp(pack_dir: Path, files: dict[str, str]) -> tuple[Any, ...] | None:
    """Name, size, mtime and inode of ``pack.json`` and every listed file (``None`` if one
    cannot be read): the archive's bytes depend on nothing else."""
    stamp: list[Any] = []
    for relative in [MANIFEST, *sorted(set(files.values()))]:
        try:
            st = (pack_dir / relative).stat()
        except OSError:
            return None
        stamp.append((relative, st.st_size, st.st_mtime_ns, st.st_ino))
    return tuple(stamp)


def _archive_sha256(pack_dir: Path, files: dict[str, str]) -> str:
    """Upper-case hex SHA-256 of :func:`_archive_bytes`, rebuilt only when a file changed."""
    key = str(pack_dir)
    stamp = _stamp(pack_dir, files)
    cached = _SHA_CACHE.get(key)
    if stamp is not None and cached is not None and cached[0] == stamp:
        return cached[1]
    digest = hashlib.sha256(_archive_bytes(pack_dir, files)).hexdigest().upper()
    if stamp is not None:
        if len(_SHA_CACHE) >= _SHA_CACHE_SIZE:
            _SHA_CACHE.pop(next(iter(_SHA_CACHE)))
        _SHA_CACHE[key] = (stamp, digest)
    return digest


def list_packs(policy: InstancePolicy) -> dict[str, Pack]:
    """Every pack by name, in name order (seed ``GET /api/pleroma/emoji/packs``)."""
    return {name: _load(policy, name) for name in pack_names(policy)}


def _page_bounds(page: int | None, page_size: int | None, default: int) -> tuple[int, int]:
    page = page if page is not None else 1
    size = page_size if page_size is not None else default
    if page < 1 or size < 1:
        raise DomainError(BAD_REQUEST, "page and page_size must be positive integers")
    size = min(size, MAX_PAGE_SIZE)
    return (page - 1) * size, size


def list_packs_page(
    policy: InstancePolicy, page: int | None = None, page_size: int | None = None
) -> tuple[dict[str, Pack], int]:
    """One page of the packs in name order, and how many packs there are in all."""
    start, size = _page_bounds(page, page_size, DEFAULT_PACKS_PAGE_SIZE)
    names = pack_names(policy)
    return {n: _load(policy, n) for n in names[start : start + size]}, len(names)


def get_pack(policy: InstancePolicy, name: str) -> Pack:
    """One pack with all its files; 404 ``Pack <name> does not exist``."""
    _existing_pack_dir(policy, name, f"Pack {name} does not exist")
    return _load(policy, name)


def show_pack(
    policy: InstancePolicy, name: str, page: int | None = None, page_size: int | None = None
) -> tuple[Pack, int]:
    """A pack with one page of its files (shortcodes sorted) and its number of files."""
    _existing_pack_dir(policy, name, f"Pack {name} does not exist")
    start, size = _page_bounds(page, page_size, DEFAULT_FILES_PAGE_SIZE)
    pack = _load(policy, name)
    shortcodes = sorted(pack.files)
    paged = {sc: pack.files[sc] for sc in shortcodes[start : start + size]}
    return Pack(name, pack.pack, paged), len(shortcodes)


def archive(policy: InstancePolicy, name: str) -> bytes:
    """The zip other instances download: ``pack.json`` and every listed file.

    404 ``Pack <name> does not exist``; 403 when the pack is not shared or misses files.
    """
    pack_dir = _existing_pack_dir(policy, name, f"Pack {name} does not exist")
    pack = _load(policy, name)
    if not pack.pack.get("can-download"):
        raise DomainError(
            FORBIDDEN,
            f"Pack {name} cannot be downloaded from this instance, either pack sharing "
            "was disabled for this pack or some files are missing",
        )
    return _archive_bytes(pack_dir, pack.files)


# --- writing ---------------------------------------------------------------------------


def _require_admin(ctx: RequestContext) -> None:
    ctx.viewer.require_admin("write")


def create_pack(ctx: RequestContext, name: str) -> None:
    """Create ``<name>/`` with ``{"pack": {}, "files": {}}``; 409 when it exists."""
    _require_admin(ctx)
    if not name:
        raise DomainError(BAD_REQUEST, "pack name cannot be empty", field="name")
    pack_dir = _pack_dir(ctx.policy, name)
    if pack_dir.exists():
        raise DomainError(CONFLICT, f'A pack named "{name}" already exists', field="name")
    try:
        pack_dir.mkdir()
        _write_manifest(ctx.policy, pack_dir, {"pack": {}, "files": {}})
    except FileExistsError:
        raise DomainError(
            CONFLICT, f'A pack named "{name}" already exists', field="name"
        ) from None
    except OSError as err:
        raise DomainError(
            STORAGE_ERROR, f"Unexpected error occurred while creating pack. ({err})"
        ) from None


def delete_pack(ctx: RequestContext, name: str, *, missing_ok: bool = False) -> None:
    """Remove the pack's directory and everything in it.

    ``missing_ok`` is the seed's behaviour (``"ok"`` for a pack that is not there); the
    2.2+ routes answer 404 ``Pack <name> does not exist`` instead.
    """
    _require_admin(ctx)
    if not name:
        raise DomainError(BAD_REQUEST, "pack name cannot be empty", field="name")
    if not valid_pack_name(name):
        if missing_ok:
            return
        raise DomainError(NOT_FOUND, f"Pack {name} does not exist", field="name")
    pack_dir = _root(ctx.policy) / name
    if not pack_dir.is_dir() or pack_dir.is_symlink():
        if missing_ok:
            return
        raise DomainError(NOT_FOUND, f"Pack {name} does not exist", field="name")
    try:
        shutil.rmtree(pack_dir)
    except OSError:
        raise DomainError(STORAGE_ERROR, f"Couldn't delete the pack {name}") from None
    emoji_service.invalidate(ctx.policy)


FALLBACK_MISSING_FILES = "The fallback archive does not have all files specified in pack.json"


async def update_metadata(ctx: RequestContext, name: str, new_data: Any) -> dict[str, Any]:
    """Replace the pack's metadata with ``new_data``; the new ``pack`` map.

    The computed keys are never stored. When ``fallback-src`` is given and differs from
    the stored one, that zip is fetched (through :mod:`schema.services.fetching`, so
    private addresses are refused unless configured), must hold every file the pack
    lists (400 ``The fallback archive does not have all files specified in pack.json``)
    and its upper-case hex SHA-256 is stored as ``fallback-src-sha256``. Otherwise
    ``fallback-src-sha256`` is kept as given. Nothing is written when the fetch fails.
    """
    _require_admin(ctx)
    if not isinstance(new_data, dict):
        raise DomainError(BAD_REQUEST, "new_data must be an object", field="new_data")
    pack_dir = _existing_pack_dir(ctx.policy, name, f"pack \"{name}\" is not found")
    manifest = _read_manifest(pack_dir)
    new_pack = {str(k): v for k, v in new_data.items() if k not in COMPUTED_KEYS}
    source = new_pack.get("fallback-src")
    if isinstance(source, str) and source and source != manifest["pack"].get("fallback-src"):
        new_pack["fallback-src-sha256"] = await _fallback_sha256(ctx, source, manifest["files"])
    manifest = _read_manifest(pack_dir)  # the files may have changed while fetching
    manifest["pack"] = new_pack
    try:
        _write_manifest(ctx.policy, pack_dir, manifest)
    except OSError as err:
        raise DomainError(
            STORAGE_ERROR, f"Unexpected error occurred while updating pack metadata. ({err})"
        ) from None
    return dict(manifest["pack"])


async def _fallback_sha256(ctx: RequestContext, url: str, files: dict[str, str]) -> str:
    fetched = await fetching.fetch_ok(
        ctx, url, max_bytes=fetching.MAX_ARCHIVE_BYTES, accept="application/zip"
    )
    listed = {clean_filename(f) or f for f in files.values()}
    missing = await asyncio.to_thread(emoji_pack_zips.missing_files, fetched.body, listed)
    if missing:
        raise DomainError(BAD_REQUEST, FALLBACK_MISSING_FILES, field="fallback-src")
    return hashlib.sha256(fetched.body).hexdigest().upper()


def _shortcode_taken(policy: InstancePolicy, manifest: dict[str, Any], shortcode: str) -> bool:
    return shortcode in manifest["files"] or shortcode in emoji_service.all_emoji(policy)


async def add_file(
    ctx: RequestContext,
    name: str,
    shortcode: str | None,
    file: media_service.UploadInput | None,
    filename: str | None = None,
) -> dict[str, str]:
    """Add an uploaded image as ``shortcode``; the pack's whole ``files`` map.

    ``filename`` (may hold sub-directories) defaults to the upload's name, ``shortcode``
    to the filename's stem. 409 when the shortcode is an emoji of the instance already.
    """
    _require_admin(ctx)
    empty = DomainError(
        VALIDATION, "pack name, shortcode or filename cannot be empty", field="name"
    )
    pack_dir = _existing_pack_dir(ctx.policy, name, f"pack \"{name}\" is not found", empty)
    if file is None:
        raise DomainError(BAD_REQUEST, "Missing field: file.", field="file")
    # defaults only for values not given at all: an empty value is refused (as Pleroma)
    if filename is None:
        filename = Path(file.filename or "").name
    if shortcode is None and filename:
        shortcode = Path(filename).stem
    if not shortcode or not filename:
        raise DomainError(
            VALIDATION, "pack name, shortcode or filename cannot be empty", field="shortcode"
        )
    if not valid_shortcode(shortcode):
        raise DomainError(VALIDATION, f"Invalid shortcode: {shortcode!r}", field="shortcode")
    relative = clean_filename(filename)
    if relative is None:
        raise DomainError(VALIDATION, f"Invalid filename: {filename!r}", field="filename")
    manifest = _read_manifest(pack_dir)
    if _shortcode_taken(ctx.policy, manifest, shortcode):
        raise DomainError(
            CONFLICT, f'An emoji with the "{shortcode}" shortcode already exists',
            field="shortcode",
        )
    processed = await _prepare_image(ctx.policy, file)
    _check_extension(relative, processed.mime_type)
    target = _inside(pack_dir, relative)
    if target.exists():
        raise DomainError(
            CONFLICT, f'A file named "{relative}" already exists in the pack', field="filename"
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _inside(pack_dir, relative)  # the parent may not be a symlink leading out
        target.write_bytes(processed.data)
    except OSError as err:
        raise DomainError(
            STORAGE_ERROR, f"Unexpected error occurred while adding file to pack. ({err})"
        ) from None
    manifest["files"][shortcode] = relative
    _write_manifest(ctx.policy, pack_dir, manifest)
    return manifest["files"]


async def _prepare_image(
    policy: InstancePolicy, file: media_service.UploadInput
) -> media_service.Processed:
    """Decode and clean the upload as media uploads are (Pillow; EXIF and text dropped).

    413 over the upload limit; 422 for an empty, corrupt or truncated image or a
    decompression bomb; 415 for anything that is not a PNG, GIF, WebP or JPEG image.
    """
    if len(file.data) > policy.upload_limit:
        raise DomainError(TOO_LARGE, "File is too large", field="file")
    if not file.data:
        raise DomainError(VALIDATION, "The file is empty", field="file")
    try:
        processed = await asyncio.to_thread(media_service.process_image, file.data)
    except DomainError as err:
        raise DomainError(err.kind, err.message, field="file") from None
    if processed is None:
        raise DomainError(UNSUPPORTED_MEDIA, NOT_AN_IMAGE, field="file")
    return processed


def _check_extension(relative: str, mime_type: str) -> None:
    declared = emoji_service.IMAGE_TYPES[Path(relative).suffix.lower()]
    if declared != mime_type:
        raise DomainError(
            UNSUPPORTED_MEDIA,
            f"The filename's extension does not match the image ({mime_type})",
            field="filename",
        )


def _remove_empty_dirs(pack_dir: Path, start: Path) -> None:
    current = start
    while current != pack_dir and pack_dir in current.parents:
        try:
            current.rmdir()
        except OSError:
            return
        current = current.parent


def update_file(
    ctx: RequestContext,
    name: str,
    shortcode: str | None,
    new_shortcode: str | None,
    new_filename: str | None,
    *,
    force: bool = False,
) -> dict[str, str]:
    """Rename an emoji and/or move its file; the pack's whole ``files`` map.

    An emptied old sub-directory is removed. Taking a shortcode that is already used
    needs ``force`` (the other emoji of this pack is replaced).
    """
    _require_admin(ctx)
    pack_dir = _existing_pack_dir(ctx.policy, name, f"pack \"{name}\" is not found")
    if new_shortcode is None or new_filename is None:
        raise DomainError(BAD_REQUEST, "new_shortcode or new_file were not specified")
    if not new_shortcode or not new_filename:
        raise DomainError(
            VALIDATION, "new_shortcode or new_filename cannot be empty", field="new_shortcode"
        )
    manifest = _read_manifest(pack_dir)
    files = manifest["files"]
    if not shortcode or shortcode not in files:
        raise DomainError(BAD_REQUEST, f'Emoji "{shortcode}" does not exist', field="shortcode")
    if not valid_shortcode(new_shortcode):
        raise DomainError(
            VALIDATION, f"Invalid shortcode: {new_shortcode!r}", field="new_shortcode"
        )
    relative = clean_filename(new_filename)
    if relative is None:
        raise DomainError(
            VALIDATION, f"Invalid filename: {new_filename!r}", field="new_filename"
        )
    taken = new_shortcode != shortcode and _shortcode_taken(ctx.policy, manifest, new_shortcode)
    if taken and not force:
        raise DomainError(
            CONFLICT,
            f'New shortcode "{new_shortcode}" is already used. If you want to override '
            "emoji use 'force' option",
            field="new_shortcode",
        )
    old_relative = clean_filename(files[shortcode])
    if old_relative is None:
        raise DomainError(BAD_REQUEST, f'Emoji "{shortcode}" does not exist', field="shortcode")
    source = _inside(pack_dir, old_relative)
    target = _inside(pack_dir, relative)
    if Path(old_relative).suffix.lower() != Path(relative).suffix.lower():
        raise DomainError(
            VALIDATION, "new_filename must keep the file's extension", field="new_filename"
        )
    if relative != old_relative:
        others = {sc for sc, path in files.items() if path == relative and sc != shortcode}
        if target.exists() and not (force and others):
            raise DomainError(
                CONFLICT,
                f'A file named "{relative}" already exists in the pack',
                field="new_filename",
            )
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            _inside(pack_dir, relative)
            source.replace(target)
        except OSError as err:
            raise DomainError(
                STORAGE_ERROR, f"Unexpected error occurred while updating file in pack. ({err})"
            ) from None
        _remove_empty_dirs(pack_dir, source.parent)
        for other in others:
            files.pop(other, None)
    del files[shortcode]
    files[new_shortcode] = relative
    _write_manifest(ctx.policy, pack_dir, manifest)
    return files


def remove_file(ctx: RequestContext, name: str, shortcode: str | None) -> dict[str, str]:
    """Delete an emoji and its file (and its directory when emptied); the ``files`` map."""
    _require_admin(ctx)
    empty = DomainError(VALIDATION, "pack name or shortcode cannot be empty", field="name")
    pack_dir = _existing_pack_dir(ctx.policy, name, f"pack \"{name}\" is not found", empty)
    if not shortcode:
        raise DomainError(
            VALIDATION, "pack name or shortcode cannot be empty", field="shortcode"
        )
    manifest = _read_manifest(pack_dir)
    files = manifest["files"]
    if shortcode not in files:
        raise DomainError(BAD_REQUEST, f'Emoji "{shortcode}" does not exist', field="shortcode")
    relative = clean_filename(files.pop(shortcode))
    if relative is not None and relative not in files.values():
        target = _inside(pack_dir, relative)
        try:
            target.unlink(missing_ok=True)
        except OSError as err:
            raise DomainError(
                STORAGE_ERROR, f"Unexpected error occurred while removing file from pack. ({err})"
            ) from None
        _remove_empty_dirs(pack_dir, target.parent)
    _write_manifest(ctx.policy, pack_dir, manifest)
    return files


def import_from_fs(ctx: RequestContext) -> list[str]:
    """Write a ``pack.json`` for every directory that has none; their names.

    Files come from ``emoji.txt`` (``shortcode, path[, tags]`` lines) when there is one,
    otherwise every ``.png``/``.gif`` in the directory, named by its stem.
    """
    _require_admin(ctx)
    root = _root(ctx.policy)
    try:
        dirs = sorted(p for p in root.iterdir() if p.is_dir() and not p.is_symlink())
    except OSError:
        raise DomainError(STORAGE_ERROR, "Error accessing emoji pack directory") from None
    imported: list[str] = []
    for pack_dir in dirs:
        if not valid_pack_name(pack_dir.name) or (pack_dir / MANIFEST).exists():
            continue
        files = _files_from_txt(pack_dir) if (pack_dir / "emoji.txt").is_file() else None
        if files is None:
            files = {
                e.shortcode: e.path
                for e in emoji_service.read_pack_dir(pack_dir).values()
            }
        try:
            _write_manifest(ctx.policy, pack_dir, {"pack": {}, "files": files})
        except OSError:
            raise DomainError(
                STORAGE_ERROR, "Error: emoji pack directory must be writable"
            ) from None
        imported.append(pack_dir.name)
    return imported


def _files_from_txt(pack_dir: Path) -> dict[str, str]:
    files: dict[str, str] = {}
    try:
        lines = (pack_dir / "emoji.txt").read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return files
    for line in lines:
        parts = [p.strip() for p in line.split(",")]
        if len(parts) < 2 or not valid_shortcode(parts[0]):
            continue
        relative = clean_filename(parts[1].lstrip("/"))
        if relative is not None and (pack_dir / relative).is_file():
            files.setdefault(parts[0], relative)
    return files
