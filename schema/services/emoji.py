"""Custom emoji: the packs under the data dir's ``emoji/`` folder, and the ``:shortcode:``s
a text uses.

Layout as Pleroma's: every sub-directory of ``emoji/`` is a pack. A pack with
``pack.json`` lists its emoji in ``files`` (``shortcode -> relative path``); a pack
without one offers every ``.png`` and ``.gif`` file in it (recursively), named by the
file's base name. An emoji is served at ``/emoji/<pack>/<path>``; only files that are
emoji of a pack are ever served, so no request can name another file.

Tags, as Pleroma gives them: ``pack:<name>`` for an emoji a ``pack.json`` lists, and the
default group ``Custom`` for one found by scanning a pack without ``pack.json``. The
picker ``category`` is the tags minus ``Custom``, joined with commas. ``listed_emoji`` is
the one place that orders the instance's emoji for the listings
(``/api/pleroma/emoji``, ``/api/v1/custom_emojis`` and GraphQL ``customEmojis``).

The table is read lazily and read again when a pack directory or ``pack.json`` changes.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schema.instance import InstancePolicy

log = logging.getLogger("plenum.emoji")

SHORTCODE_RE = re.compile(r":([A-Za-z0-9_+-]{1,64}):")
PACK_EXTENSIONS = (".png", ".gif")
#: Image types an emoji file may have, with the type it is served as.
IMAGE_TYPES = {
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
MAX_EMOJI_PER_STATUS = 64
#: The group of emoji found by scanning a pack without ``pack.json`` (Pleroma's default).
DEFAULT_GROUP = "Custom"


def pack_tag(pack: str) -> str:
    """The tag of the emoji a pack's ``pack.json`` lists."""
    return f"pack:{pack}"


@dataclass(frozen=True)
class CustomEmoji:
    """One emoji: its shortcode, its pack, its file inside the pack and its tags."""

    shortcode: str
    pack: str
    path: str
    tags: tuple[str, ...] = (DEFAULT_GROUP,)

    @property
    def image_path(self) -> str:
        """The image's path relative to the instance root: ``/emoji/<pack>/<path>``."""
        return f"/emoji/{self.pack}/{self.path}"

    def url(self, policy: InstancePolicy) -> str:
        """The absolute URL of the image."""
        return policy.url(self.image_path)

    @property
    def category(self) -> str:
        """The picker category: the tags minus ``Custom``, joined with ``,`` (may be empty)."""
        return ",".join(tag for tag in self.tags if tag != DEFAULT_GROUP)

    @property
    def visible_in_picker(self) -> bool:
        """Every emoji of a pack is offered in the picker (a status's copy says false)."""
        return True


_cache: dict[str, tuple[tuple[Any, ...], dict[str, CustomEmoji]]] = {}


def _safe_relative(pack_dir: Path, relative: str) -> str | None:
    parts = relative.replace("\\", "/").split("/")
    if not relative or any(p in {"", ".", ".."} for p in parts) or "\x00" in relative:
        return None
    target = pack_dir.joinpath(*parts)
    try:
        target.resolve().relative_to(pack_dir.resolve())
    except ValueError:
        return None
    if not target.is_file() or target.suffix.lower() not in IMAGE_TYPES:
        return None
    return "/".join(parts)


def _read_pack(pack_dir: Path) -> dict[str, CustomEmoji]:
    found: dict[str, CustomEmoji] = {}
    manifest = pack_dir / "pack.json"
    if manifest.is_file():
        try:
            files = json.loads(manifest.read_text(encoding="utf-8")).get("files") or {}
        except (OSError, ValueError, AttributeError):
            log.warning("emoji pack %s: pack.json is not readable JSON", pack_dir.name)
            return found
        for shortcode, relative in files.items() if isinstance(files, dict) else ():
            path = _safe_relative(pack_dir, str(relative))
            if path is not None and SHORTCODE_RE.fullmatch(f":{shortcode}:"):
                found[shortcode] = CustomEmoji(
                    shortcode, pack_dir.name, path, (pack_tag(pack_dir.name),)
                )
        return found
    for file in sorted(pack_dir.rglob("*")):
        if file.is_file() and file.suffix.lower() in PACK_EXTENSIONS:
            relative = file.relative_to(pack_dir).as_posix()
            path = _safe_relative(pack_dir, relative)
            if path is not None and SHORTCODE_RE.fullmatch(f":{file.stem}:"):
                found.setdefault(
                    file.stem, CustomEmoji(file.stem, pack_dir.name, path, (DEFAULT_GROUP,))
                )
    return found


def read_pack_dir(pack_dir: Path) -> dict[str, CustomEmoji]:
    """The emoji one pack directory gives (its ``pack.json``, or a scan without one)."""
    return _read_pack(pack_dir)


def invalidate(policy: InstancePolicy) -> None:
    """Forget the cached emoji table: the next :func:`all_emoji` reads the packs again.

    Pack management calls it after every change, so a change is seen at once even when
    it falls within the file system's timestamp granularity.
    """
    _cache.pop(policy.emoji_dir, None)


def reload(ctx: Any) -> int:
    """Admin ``POST /api/pleroma/admin/reload_emoji``: drop the cached table and read the
    packs again at once; the number of emoji found.

    Picks up what the cache's signature cannot see (a file changed inside a scanned
    pack's folders). Admins only (``admin:write``; 403 otherwise).
    """
    ctx.viewer.require_admin("write")
    invalidate(ctx.policy)
    return len(all_emoji(ctx.policy))


def _signature(root: Path) -> tuple[Any, ...]:
    try:
        packs = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    except OSError:
        return ()
    stamp: list[Any] = [root.stat().st_mtime_ns]
    for pack in packs:
        manifest = pack / "pack.json"
        stamp.append(
            (
                pack.name,
                pack.stat().st_mtime_ns,
                manifest.stat().st_mtime_ns if manifest.exists() else 0,
            )
        )
    return tuple(stamp)


def all_emoji(policy: InstancePolicy) -> dict[str, CustomEmoji]:
    """Every custom emoji of the instance by shortcode (packs in name order, first wins)."""
    if not policy.emoji_dir:
        return {}
    root = Path(policy.emoji_dir)
    signature = _signature(root)
    cached = _cache.get(policy.emoji_dir)
    if cached is not None and cached[0] == signature:
        return cached[1]
    table: dict[str, CustomEmoji] = {}
    if signature:
        for pack in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
            for shortcode, emoji in _read_pack(pack).items():
                table.setdefault(shortcode, emoji)
    _cache[policy.emoji_dir] = (signature, table)
    return table


def listed_emoji(policy: InstancePolicy) -> list[CustomEmoji]:
    """The instance's emoji as the listings give them: ordered by shortcode (code points).

    ``GET /api/pleroma/emoji``, ``GET /api/v1/custom_emojis`` and GraphQL ``customEmojis``
    all read this list, so they agree on which emoji there are, their tags and their order.
    """
    return sorted(all_emoji(policy).values(), key=lambda emoji: emoji.shortcode)


def emojis_in(policy: InstancePolicy, *texts: str) -> list[dict[str, str]]:
    """The custom emoji the ``:shortcode:``s of ``texts`` name, in order of first use.

    Each is ``{"shortcode", "url"}`` (stored with a status, so later pack changes do not
    rewrite what a post showed). Unknown shortcodes are left out.
    """
    table = all_emoji(policy)
    if not table:
        return []
    used: list[dict[str, str]] = []
    seen: set[str] = set()
    for text in texts:
        for shortcode in SHORTCODE_RE.findall(text or ""):
            emoji = table.get(shortcode)
            if emoji is not None and shortcode not in seen and len(used) < MAX_EMOJI_PER_STATUS:
                seen.add(shortcode)
                used.append({"shortcode": shortcode, "url": emoji.url(policy)})
    return used


def emoji_file(policy: InstancePolicy, pack: str, path: str) -> Path | None:
    """The file of the emoji served at ``/emoji/<pack>/<path>``, or ``None``.

    Only files that are emoji of a pack resolve, whatever the request names.
    """
    for emoji in all_emoji(policy).values():
        if emoji.pack == pack and emoji.path == path:
            return Path(policy.emoji_dir, pack, *path.split("/"))
    return None
