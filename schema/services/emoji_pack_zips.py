"""Reading downloaded emoji pack zips safely.

Only the files a pack lists are ever read out of an archive, by their exact names, and
the names given here are already clean relative paths (``emoji_packs.clean_filename``:
no ``..``, no absolute path, no backslash, no hidden segment). On top of that an entry is
refused when it is a directory, a symlink or encrypted, when it is larger than the
per-file cap, or when the files together pass the total cap. Sizes are counted while
reading, not taken from the zip's headers (which an archive may lie about).

:func:`extract_listed` writes into a directory the caller made fresh and empty, so no
file can be reached through an existing symlink; the caller renames it into place or
removes it (nothing half-written).
"""

from __future__ import annotations

import io
import stat
import zipfile
import zlib
from pathlib import Path

from schema.errors import REMOTE_ERROR, DomainError

#: Largest sum of the extracted files.
MAX_TOTAL_BYTES = 256 * 1024 * 1024
#: Most files one pack may list.
MAX_FILES = 10_000
_CHUNK = 64 * 1024


class MissingFiles(Exception):
    """The archive lacks some listed files (``missing`` holds their names, sorted)."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(", ".join(missing))
        self.missing = missing


def _open(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, ValueError, EOFError):
        raise DomainError(REMOTE_ERROR, "The downloaded archive is not a valid zip file") from None


def _entries(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """Entries by name; a name given twice counts as absent (which one would we take?)."""
    seen: dict[str, zipfile.ZipInfo] = {}
    twice: set[str] = set()
    for info in archive.infolist():
        if info.filename in seen:
            twice.add(info.filename)
        seen[info.filename] = info
    for name in twice:
        del seen[name]
    return seen


def _regular(info: zipfile.ZipInfo) -> bool:
    mode = info.external_attr >> 16
    if info.is_dir() or info.flag_bits & 0x1:  # directory, or encrypted
        return False
    kind = stat.S_IFMT(mode)  # 0 when the archiver recorded permissions only
    return kind in (0, stat.S_IFREG)


def missing_files(data: bytes, relatives: set[str]) -> list[str]:
    """The listed files the zip ``data`` does not hold as regular entries, sorted."""
    entries = _entries(_open(data))
    return sorted(r for r in relatives if r not in entries or not _regular(entries[r]))


def extract_listed(data: bytes, relatives: set[str], dest: Path, max_file_bytes: int) -> None:
    """Write every name of ``relatives`` from the zip ``data`` under ``dest``.

    ``MissingFiles`` when some are absent; ``REMOTE_ERROR`` for an unreadable archive, an
    entry that is a directory, symlink or encrypted, a file over ``max_file_bytes`` or a
    total over :data:`MAX_TOTAL_BYTES`. ``dest`` may be left partly written on error:
    the caller removes it.
    """
    if len(relatives) > MAX_FILES:
        raise DomainError(REMOTE_ERROR, f"The pack lists more than {MAX_FILES} files")
    archive = _open(data)
    entries = _entries(archive)
    missing = missing_files(data, relatives)
    if missing:
        raise MissingFiles(missing)
    total = 0
    for relative in sorted(relatives):
        info = entries[relative]
        if info.file_size > max_file_bytes:
            raise DomainError(REMOTE_ERROR, f"{relative} in the archive is too large")
        target = dest.joinpath(*relative.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        written = 0
        try:
            with archive.open(info) as source, open(target, "xb") as out:
                while chunk := source.read(_CHUNK):
                    written += len(chunk)
                    total += len(chunk)
                    if written > max_file_bytes:
                        raise DomainError(
                            REMOTE_ERROR, f"{relative} in the archive is too large"
                        )
                    if total > MAX_TOTAL_BYTES:
                        raise DomainError(
                            REMOTE_ERROR,
                            f"The archive's files are larger than {MAX_TOTAL_BYTES} bytes",
                        )
                    out.write(chunk)
        except (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError, EOFError):
            raise DomainError(
                REMOTE_ERROR, f"The downloaded archive could not be read ({relative})"
            ) from None
