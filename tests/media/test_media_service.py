"""Media at the service level: sniffing, cleaning, storing, and attaching to statuses."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from app.storage import LocalStorage
from models.media import MediaAttachment
from models.statuses import Status
from schema.errors import DomainError
from schema.services import media, statuses
from schema.services.media import UploadInput
from schema.services.statuses import StatusInput
from tests.media.conftest import (
    GPS_SECRET,
    MP3,
    MP4,
    PDF,
    SVG,
    TEXT,
    animated_gif,
    image_bytes,
    png_bomb,
)
from tests.world import make_world


@pytest.fixture
async def world(db, policy):
    return await make_world(policy)


@pytest.fixture
def storage(tmp_path):
    return LocalStorage(tmp_path / "uploads")


def ctx_for(world, who, storage, **kw):
    ctx = world.ctx(who, **kw)
    ctx.extras["storage"] = storage
    return ctx


async def put(world, who, storage, data, name="x.png", ctype="image/png", **kw):
    return await media.upload(ctx_for(world, who, storage), UploadInput(name, ctype, data), **kw)


# --- sniffing and cleaning (no database) ----------------------------------------------


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_images_lose_their_exif_and_keep_their_format(fmt):
    processed = media.sniff(image_bytes(fmt))
    assert GPS_SECRET not in processed.data
    stored = Image.open(io.BytesIO(processed.data))
    assert stored.format == fmt
    assert dict(stored.getexif()) == {}
    assert "exif" not in stored.info
    assert processed.kind == "image"
    assert processed.meta["original"] == {
        "width": 40, "height": 20, "size": "40x20", "aspect": 2.0
    }
    assert processed.blurhash and len(processed.blurhash) >= 6


def test_exif_orientation_is_applied_before_it_is_stripped():
    # orientation 6: the camera was turned; the stored pixels are turned upright instead
    processed = media.sniff(image_bytes("JPEG", size=(40, 20), orientation=6))
    stored = Image.open(io.BytesIO(processed.data))
    assert stored.size == (20, 40)
    assert processed.meta["original"]["size"] == "20x40"


def test_small_meta_fits_the_preview_box():
    processed = media.sniff(image_bytes("PNG", size=(1600, 800)))
    small = processed.meta["small"]
    assert small == {"width": 400, "height": 200, "size": "400x200", "aspect": 2.0}


def test_animated_gif_is_kept_byte_for_byte():
    data = animated_gif()
    processed = media.sniff(data)
    assert processed.data == data
    assert (processed.mime_type, processed.ext, processed.kind) == ("image/gif", "gif", "image")
    assert processed.meta["original"]["size"] == "12x8"
    assert processed.blurhash


@pytest.mark.parametrize("data", [png_bomb(), png_bomb(9000, 9000)])
def test_decompression_bomb_is_refused(data):
    with pytest.raises(DomainError) as err:
        media.sniff(data)
    assert err.value.status == 422
    assert err.value.message == "Image dimensions are too large"


def test_truncated_image_is_refused():
    data = image_bytes("JPEG", size=(200, 200))[:400]
    with pytest.raises(DomainError) as err:
        media.sniff(data)
    assert err.value.status == 422
    assert "could not be read" in err.value.message


@pytest.mark.parametrize(
    ("data", "mime", "ext", "kind"),
    [
        (MP4, "video/mp4", "mp4", "video"),
        (MP3, "audio/mpeg", "mp3", "audio"),
        (PDF, "application/pdf", "pdf", "unknown"),
        (b"OggS\x00\x02" + b"\x00" * 22 + b"\x01vorbis" + b"\x00" * 30,
         "audio/ogg", "ogg", "audio"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 32, "audio/wav", "wav", "audio"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm" + b"\x00" * 32,
         "video/webm", "webm", "video"),
    ],
)
def test_other_types_are_recognised_by_their_bytes(data, mime, ext, kind):
    processed = media.sniff(data)
    assert (processed.mime_type, processed.ext, processed.kind) == (mime, ext, kind)
    assert processed.data == data


@pytest.mark.parametrize("data", [TEXT, SVG, b"\x00" * 100, b"GIF89a broken"])
def test_unrecognised_bytes_are_refused(data):
    with pytest.raises(DomainError) as err:
        media.sniff(data)
    assert err.value.status in (415, 422)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0.5,-0.25", {"x": 0.5, "y": -0.25}), ("-1,1", {"x": -1.0, "y": 1.0}), (None, None)],
)
def test_focus_parses(value, expected):
    assert media.parse_focus(value) == expected


@pytest.mark.parametrize("value", ["2,0", "0", "a,b", "0,0,0", "nan,0", "inf,0"])
def test_bad_focus_is_refused(value):
    with pytest.raises(DomainError) as err:
        media.parse_focus(value)
    assert err.value.status == 422 and err.value.field == "focus"


# --- storage ---------------------------------------------------------------------------


async def test_storage_refuses_paths_outside_its_root(tmp_path):
    storage = LocalStorage(tmp_path / "uploads")
    await storage.save("2026/11/a.png", b"x")
    (tmp_path / "secret.txt").write_text("secret")
    assert storage.resolve("2026/11/a.png") is not None
    for bad in ("../secret.txt", "2026/../../secret.txt", "/etc/passwd", "2026/11",
                "", "2026//11/a.png", "2026/11/a.png\x00", ".hidden", "2026\\11\\a.png"):
        assert storage.resolve(bad) is None, bad
    with pytest.raises(ValueError):
        await storage.save("../escape.png", b"x")
    (tmp_path / "uploads" / "link.png").symlink_to(tmp_path / "secret.txt")
    assert storage.resolve("link.png") is None


# --- upload, owner-only reads and updates ---------------------------------------------


@pytest.mark.parametrize("name", ["../../etc/passwd", "a/b.png", "..\\..\\x.png", "/abs.png"])
async def test_client_filename_never_reaches_the_file_system(world, storage, tmp_path, name):
    row = await put(world, world.alice, storage, image_bytes("PNG"), name=name)
    assert ".." not in row.file_path and "passwd" not in row.file_path
    year, month, file_name = row.file_path.split("/")
    assert len(year) == 4 and len(month) == 2 and file_name.endswith(".png")
    assert row.url == "/media/" + row.file_path
    stored = storage.resolve(row.file_path)
    assert stored is not None and stored.is_relative_to((tmp_path / "uploads").resolve())
    assert GPS_SECRET not in stored.read_bytes()
    assert not (tmp_path / "etc").exists()


async def test_upload_stores_description_focus_and_facts(world, storage):
    row = await put(
        world, world.alice, storage, image_bytes("JPEG"), name="cat.png", ctype="text/plain",
        description="a red square", focus="0.1,0.2",
    )
    fresh = await MediaAttachment.get(id=row.id)
    assert fresh.account_id == world.alice.id
    assert fresh.mime_type == "image/jpeg"  # from the bytes, not the client's claim
    assert fresh.file_path.endswith(".jpg")
    assert fresh.description == "a red square"
    assert fresh.meta["focus"] == {"x": 0.1, "y": 0.2}
    assert fresh.blurhash
    assert fresh.size == len(storage.resolve(fresh.file_path).read_bytes())
    assert fresh.status_id is None


async def test_upload_limits(world, storage, policy):
    import dataclasses

    small = dataclasses.replace(policy, upload_limit=2048)
    ctx = ctx_for(world, world.alice, storage)
    ctx.policy = small
    with pytest.raises(DomainError) as err:
        big = image_bytes("PNG") + b"\0" * 4096
        await media.upload(ctx, UploadInput("big.png", "image/png", big))
    assert (err.value.status, err.value.message) == (413, "File is too large")
    with pytest.raises(DomainError) as err:
        await media.upload(ctx, None)
    assert (err.value.status, err.value.message) == (400, "Missing field: file.")
    with pytest.raises(DomainError) as err:
        await put(world, world.alice, storage, image_bytes("PNG"), description="x" * 5001)
    assert err.value.status == 422
    assert await MediaAttachment.all().count() == 0
    assert [p for p in storage.root.rglob("*") if p.is_file()] == []


async def test_upload_needs_write_media(world, storage):
    ctx = ctx_for(world, world.alice, storage, scopes=frozenset({"read"}))
    with pytest.raises(DomainError) as err:
        await media.upload(ctx, UploadInput("a.png", "image/png", image_bytes("PNG")))
    assert err.value.status == 403
    ctx = ctx_for(world, None, storage)
    with pytest.raises(DomainError):
        await media.upload(ctx, UploadInput("a.png", "image/png", image_bytes("PNG")))
    assert await MediaAttachment.all().count() == 0


async def test_only_the_owner_reads_and_updates(world, storage):
    row = await put(world, world.alice, storage, image_bytes("PNG"))
    alice = ctx_for(world, world.alice, storage)
    bob = ctx_for(world, world.bob, storage)
    assert (await media.get_own(alice, row.id)).id == row.id
    for call in (media.get_own(bob, row.id), media.update(bob, row.id, description="mine now")):
        with pytest.raises(DomainError) as err:
            await call
        assert err.value.status == 404
    with pytest.raises(DomainError):
        await media.get_own(alice, "nonexistent")
    updated = await media.update(alice, row.id, description="alt text", focus="-0.5,0.5")
    assert updated.description == "alt text"
    fresh = await MediaAttachment.get(id=row.id)
    assert fresh.description == "alt text"
    assert fresh.meta["focus"] == {"x": -0.5, "y": 0.5}
    assert fresh.meta["original"]["size"] == "40x20"  # the rest of meta is kept
    again = await media.update(alice, row.id, description=None, focus=None)
    assert again.description == "alt text"


# --- attaching to statuses --------------------------------------------------------------


async def test_attaching_links_rows_in_the_given_order(world, storage):
    first = await put(world, world.alice, storage, image_bytes("PNG"))
    second = await put(world, world.alice, storage, MP4, name="v.mp4", ctype="video/mp4")
    third = await put(world, world.alice, storage, image_bytes("JPEG"))
    status = await statuses.create_status(
        world.ctx(world.alice),
        StatusInput(text="", media_ids=[third.id, first.id, second.id]),
    )
    assert status.has_media is True
    rows = await MediaAttachment.filter(status_id=status.id).order_by("position")
    assert [r.id for r in rows] == [third.id, first.id, second.id]
    assert [r.position for r in rows] == [0, 1, 2]
    # attached once: a second status cannot take the same media
    with pytest.raises(DomainError) as err:
        await statuses.create_status(
            world.ctx(world.alice), StatusInput(text="again", media_ids=[first.id])
        )
    assert (err.value.status, err.value.message) == (422, "Invalid media attachment")


async def test_someone_elses_media_is_refused_in_a_status(world, storage):
    alices = await put(world, world.alice, storage, image_bytes("PNG"))
    before = await Status.all().count()
    with pytest.raises(DomainError) as err:
        await statuses.create_status(
            world.ctx(world.bob), StatusInput(text="look", media_ids=[alices.id])
        )
    assert (err.value.status, err.value.message) == (422, "Invalid media attachment")
    assert await Status.all().count() == before
    assert (await MediaAttachment.get(id=alices.id)).status_id is None
