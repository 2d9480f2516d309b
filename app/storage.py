"""Uploaded files on local disk, under ``settings.uploads_dir``.

Services see this object through ``ctx.extras["storage"]`` and only ever hand it relative
paths they made themselves (``<yyyy>/<mm>/<random>.<ext>``); :meth:`LocalStorage.resolve`
is the one gate for paths that come from a URL, and it refuses anything that would leave
the uploads directory (``..``, absolute paths, symlinks, NUL bytes).
"""

from __future__ import annotations

import asyncio
import os
import secrets
from pathlib import Path


class LocalStorage:
    """Files kept under ``root``; writes are atomic (temp file, then rename)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _target(self, relative: str) -> Path | None:
        """``root / relative`` when ``relative`` is a clean relative path inside ``root``."""
        if not relative or "\x00" in relative or "\\" in relative:
            return None
        parts = relative.split("/")
        if any(part in {"", ".", ".."} for part in parts):
            return None  # also catches a leading "/" and "//"
        return self.root.joinpath(*parts)

    def _write(self, relative: str, data: bytes) -> None:
        target = self._target(relative)
        if target is None:
            raise ValueError(f"refusing to store outside the uploads dir: {relative!r}")
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(temp, target)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise

    async def save(self, relative: str, data: bytes) -> None:
        """Store ``data`` at ``relative`` (overwrites; the caller picks fresh random names).

        Raises ``ValueError`` for a path that would leave the uploads directory.
        """
        await asyncio.to_thread(self._write, relative, data)

    async def delete(self, relative: str) -> None:
        """Remove the file at ``relative`` if it exists (idempotent)."""
        target = self._target(relative)
        if target is not None:
            await asyncio.to_thread(target.unlink, True)

    def resolve(self, relative: str) -> Path | None:
        """The absolute path of an existing regular file under ``root``, else ``None``.

        Refuses traversal, hidden names (temporary files), directories and symlinks, so a
        URL can reach only files this class wrote.
        """
        target = self._target(relative)
        if target is None or any(part.startswith(".") for part in relative.split("/")):
            return None
        try:
            root = self.root.resolve(strict=True)
            real = target.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if target.is_symlink() or not real.is_file() or not real.is_relative_to(root):
            return None
        return real
