"""Files for the media tests: real images with EXIF, a decompression bomb, other types."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

GPS_SECRET = b"SecretCam-GPS"


def exif_bytes(orientation: int = 1) -> bytes:
    """EXIF with a camera make, an orientation and a GPS position (a privacy leak)."""
    exif = Image.Exif()
    exif[0x010F] = GPS_SECRET.decode()  # Make
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 29.0), 3: "E", 4: (2.0, 17.0, 40.0)}
    return exif.tobytes()


def image_bytes(fmt: str = "PNG", size=(40, 20), color=(200, 30, 30), orientation=1) -> bytes:
    """An image in ``fmt`` carrying EXIF (GPS) metadata."""
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt, exif=exif_bytes(orientation))
    data = out.getvalue()
    assert GPS_SECRET in data
    return data


def animated_gif() -> bytes:
    """A three-frame animated GIF."""
    frames = [Image.new("RGB", (12, 8), (i * 100, 50, 0)) for i in range(3)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=80, loop=0)
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A tiny, well-formed PNG header claiming ``width`` x ``height`` pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _chunk(b"IEND", b"")
    )


MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n"
TEXT = b"#!/bin/sh\necho this is not an image\n"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
