"""Emoji packs on disk for the listing tests, the GraphQL example and the parity test.

Two packs: ``blobs`` has a ``pack.json`` (its emoji are tagged ``pack:blobs``; a file it
does not list and an entry escaping the pack are left out), ``loose`` has none (every
``.png``/``.gif`` in it, recursively, is a ``Custom`` emoji).
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from PIL import Image

BASE = "https://plenum.example"


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (8, 8), (0, 128, 255, 255)).save(buffer, "PNG")
    return buffer.getvalue()


def make_packs(root: Path) -> Path:
    """Write the two packs under ``root`` (the instance's emoji dir)."""
    (root / "blobs" / "sub").mkdir(parents=True)
    (root / "blobs" / "sub" / "cat.png").write_bytes(png())
    (root / "blobs" / "zebra.png").write_bytes(png())
    (root / "blobs" / "secret.png").write_bytes(png())  # present but not listed
    (root / "blobs" / "pack.json").write_text(
        json.dumps(
            {
                "pack": {"description": "Blobs"},
                "files": {"blobcat": "sub/cat.png", "Zebra": "zebra.png", "evil": "../../x.png"},
            }
        )
    )
    (root / "loose" / "nested").mkdir(parents=True)
    (root / "loose" / "party.gif").write_bytes(png())
    (root / "loose" / "nested" / "wave.png").write_bytes(png())
    (root / "loose" / "notes.txt").write_text("not an emoji")
    return root


#: ``GET /api/pleroma/emoji`` for these packs (keys in shortcode order, code points).
PLEROMA_MAP: dict[str, Any] = {
    "Zebra": {"image_url": "/emoji/blobs/zebra.png", "tags": ["pack:blobs"]},
    "blobcat": {"image_url": "/emoji/blobs/sub/cat.png", "tags": ["pack:blobs"]},
    "party": {"image_url": "/emoji/loose/party.gif", "tags": ["Custom"]},
    "wave": {"image_url": "/emoji/loose/nested/wave.png", "tags": ["Custom"]},
}


def _entry(shortcode: str, path: str, tags: list[str], category: str) -> dict[str, Any]:
    return {
        "shortcode": shortcode,
        "url": BASE + path,
        "static_url": BASE + path,
        "visible_in_picker": True,
        "tags": tags,
        "category": category,
    }


#: ``GET /api/v1/custom_emojis`` for these packs, in order.
CUSTOM_EMOJIS: list[dict[str, Any]] = [
    _entry("Zebra", "/emoji/blobs/zebra.png", ["pack:blobs"], "pack:blobs"),
    _entry("blobcat", "/emoji/blobs/sub/cat.png", ["pack:blobs"], "pack:blobs"),
    _entry("party", "/emoji/loose/party.gif", ["Custom"], ""),
    _entry("wave", "/emoji/loose/nested/wave.png", ["Custom"], ""),
]

#: GraphQL ``customEmojis`` for these packs, in order.
GRAPHQL_EMOJIS: list[dict[str, Any]] = [
    {
        "shortcode": e["shortcode"],
        "url": e["url"],
        "staticUrl": e["static_url"],
        "visibleInPicker": e["visible_in_picker"],
        "tags": e["tags"],
        "category": e["category"],
    }
    for e in CUSTOM_EMOJIS
]


def gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("P", (4, 4)).save(buffer, "GIF")
    return buffer.getvalue()


def make_shared_packs(root: Path) -> Path:
    """Pleroma's test packs: ``test_pack`` (shared, ``blank`` -> ``blank.png``) and
    ``test_pack_nonshared`` (not shared)."""
    for name, share in (("test_pack", True), ("test_pack_nonshared", False)):
        (root / name).mkdir(parents=True)
        (root / name / "blank.png").write_bytes(png())
        (root / name / "pack.json").write_text(
            json.dumps(
                {
                    "pack": {"license": "Test license", "share-files": share},
                    "files": {"blank" if share else "nonshared": "blank.png"},
                }
            )
        )
    return root
