"""A fake "other instance" for the remote emoji pack tests: a real aiohttp server.

It serves nodeinfo (with or without ``shareable_emoji_packs``), the pack list of both
generations, ``/emoji/pack?name=``, the shared archives (seed and 2.2+ paths), a fallback
zip and a redirect, and records every path it is asked for in ``hits``.

Packs:

* ``shared_pack``: shared; ``blank`` -> ``blank.png``, ``blob`` -> ``sub/blob.png``. Its
  archive also holds ``pack.json``, an unlisted ``unlisted.png`` and ``../escape.png``,
  which must not be extracted.
* ``fallback_pack``: not shared, ``fallback-src`` is the server's ``/fallback.zip`` with
  the right ``fallback-src-sha256``.
* ``bad_sha_pack``: shared, but its ``download-sha256`` is wrong.
* ``lonely_pack``: neither shared nor with a fallback.
* ``evil_pack``: lists ``../../evil.png``.
* ``symlink_pack``: shared; its archive's ``blank.png`` is a symlink to ``/etc/passwd``.
* ``short_pack``: shared; its archive lacks the listed ``missing.png``.
"""

from __future__ import annotations

import hashlib
import io
import json
import stat
import zipfile
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.emoji.packs import gif, png


def zip_bytes(entries: dict[str, bytes], symlinks: dict[str, str] | None = None) -> bytes:
    """A zip of ``entries`` (name -> bytes) and ``symlinks`` (name -> link target)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data)
        for name, target in (symlinks or {}).items():
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, target)
    return buffer.getvalue()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest().upper()


BLANK = png()
BLOB = gif()
SHARED_FILES = {"blank": "blank.png", "blob": "sub/blob.png"}


@dataclass
class Remote:
    """The fake instance's state; ``base`` is set once it is serving."""

    shareable: bool = True
    base: str = ""
    hits: list[str] = field(default_factory=list)
    packs: dict[str, dict[str, Any]] = field(default_factory=dict)
    archives: dict[str, bytes] = field(default_factory=dict)
    fallback: bytes = b""

    def build(self) -> None:
        shared_archive = zip_bytes({
            "pack.json": json.dumps({"pack": {}, "files": SHARED_FILES}).encode(),
            "blank.png": BLANK,
            "sub/blob.png": BLOB,
            "unlisted.png": BLANK,
            "../escape.png": BLANK,
        })
        self.fallback = zip_bytes({"blank.png": BLANK, "sub/blob.png": BLOB})
        symlinked = zip_bytes({}, {"blank.png": "/etc/passwd"})
        short = zip_bytes({"blank.png": BLANK})
        self.archives = {
            "shared_pack": shared_archive, "bad_sha_pack": shared_archive,
            "symlink_pack": symlinked, "short_pack": short, "evil_pack": shared_archive,
        }

        def shared(archive: str, **meta: Any) -> dict[str, Any]:
            return {"license": "Remote license", "share-files": True, "can-download": True,
                    "download-sha256": sha(self.archives[archive]), **meta}

        self.packs = {
            "bad_sha_pack": {"pack": shared("bad_sha_pack", **{"download-sha256": "0" * 64}),
                             "files": SHARED_FILES},
            "evil_pack": {"pack": shared("evil_pack"), "files": {"evil": "../../evil.png"}},
            "fallback_pack": {
                "pack": {"license": "Fallback license", "share-files": False,
                         "can-download": False,
                         "fallback-src": f"{self.base}/fallback.zip",
                         "fallback-src-sha256": sha(self.fallback)},
                "files": SHARED_FILES,
            },
            "lonely_pack": {"pack": {"share-files": False, "can-download": False},
                            "files": SHARED_FILES},
            "shared_pack": {"pack": shared("shared_pack", homepage="https://remote.example"),
                            "files": SHARED_FILES},
            "short_pack": {"pack": shared("short_pack"),
                           "files": {"blank": "blank.png", "missing": "missing.png"}},
            "symlink_pack": {"pack": shared("symlink_pack"), "files": {"blank": "blank.png"}},
        }

    def app(self) -> web.Application:
        app = web.Application()

        @web.middleware
        async def record(request: web.Request, handler: Any) -> web.StreamResponse:
            self.hits.append(request.path_qs)
            return await handler(request)

        app.middlewares.append(record)

        async def nodeinfo_index(request: web.Request) -> web.Response:
            return web.json_response({"links": [{
                "rel": "http://nodeinfo.diaspora.software/ns/schema/2.0",
                "href": f"{self.base}/nodeinfo/2.0.json",
            }]})

        async def nodeinfo(request: web.Request) -> web.Response:
            features = ["pleroma_api", "mastodon_api"]
            if self.shareable:
                features.append("shareable_emoji_packs")
            return web.json_response({"version": "2.0", "metadata": {"features": features}})

        async def packs(request: web.Request) -> web.Response:
            if "page" in request.query or "page_size" in request.query:
                page = int(request.query.get("page", 1))
                size = int(request.query.get("page_size", 50))
                names = sorted(self.packs)[(page - 1) * size : page * size]
                return web.json_response(
                    {"packs": {n: self.packs[n] for n in names}, "count": len(self.packs)}
                )
            return web.json_response(self.packs)

        async def pack(request: web.Request) -> web.Response:
            name = request.query.get("name", "")
            if name not in self.packs:
                return web.json_response({"error": f"Pack {name} does not exist"}, status=404)
            body = dict(self.packs[name])
            body["files_count"] = len(body["files"])
            return web.json_response(body)

        def archive_of(name: str) -> web.Response:
            if name not in self.archives:
                return web.json_response({"error": f"Pack {name} does not exist"}, status=404)
            return web.Response(body=self.archives[name], content_type="application/zip")

        async def download_shared(request: web.Request) -> web.Response:
            return archive_of(request.match_info["name"])

        async def archive(request: web.Request) -> web.Response:
            return archive_of(request.query.get("name", ""))

        async def fallback(request: web.Request) -> web.Response:
            return web.Response(body=self.fallback, content_type="application/zip")

        async def big(request: web.Request) -> web.Response:
            return web.Response(body=b"x" * 100_000, content_type="application/octet-stream")

        async def redirect(request: web.Request) -> web.Response:
            raise web.HTTPFound(request.query["to"])

        app.router.add_get("/.well-known/nodeinfo", nodeinfo_index)
        app.router.add_get("/nodeinfo/2.0.json", nodeinfo)
        app.router.add_get("/api/pleroma/emoji/packs", packs)
        app.router.add_get("/api/pleroma/emoji/pack", pack)
        app.router.add_get("/api/pleroma/emoji/packs/archive", archive)
        app.router.add_get("/api/pleroma/emoji/packs/{name}/download_shared", download_shared)
        app.router.add_get("/fallback.zip", fallback)
        app.router.add_get("/big", big)
        app.router.add_get("/redirect", redirect)
        return app


async def start_remote(aiohttp_server: Any, *, shareable: bool = True) -> Remote:
    """Serve a :class:`Remote` on 127.0.0.1 (closed by the fixture at teardown)."""
    remote = Remote(shareable=shareable)
    server = await aiohttp_server(remote.app())
    remote.base = str(server.make_url("")).rstrip("/")
    remote.build()
    return remote
