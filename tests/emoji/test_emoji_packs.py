"""Emoji pack management (reference §18): the seed's ``/emoji/packs/...`` routes, 2.2+'s
``/emoji/pack?name=`` and ``/emoji/packs/files?name=``, admin checks, path attacks, and
that the emoji table sees every change at once."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest
from aiohttp import FormData

from schema.services import emoji as emoji_service
from tests.emoji.admin import issue_tokens
from tests.emoji.packs import gif, make_shared_packs, png

PREFIXES = ["/api/pleroma", "/api/v1/pleroma"]
NOT_ADMIN = {"error": "User is not an admin or OAuth admin scope is not granted."}


@pytest.fixture
def root(settings):
    return make_shared_packs(settings.emoji_dir)


@pytest.fixture
async def who(client, policy):
    return await issue_tokens(policy)


async def call(client, method, path, who=None, tokens=None, expect=200, **kw):
    headers = tokens.headers(who) if tokens else {}
    response = await client.request(method, path, headers=headers, **kw)
    body = await response.read()
    assert response.status == expect, (method, path, response.status, body)
    if response.headers["Content-Type"].startswith("application/json"):
        return json.loads(body)
    return response, body


def upload(upload_name="blank.png", data=None, **fields):
    form = FormData()
    for key, value in fields.items():
        form.add_field(key, value)
    form.add_field("file", data if data is not None else png(), filename=upload_name,
                   content_type="image/png")
    return form


def manifest(settings, name):
    return json.loads((settings.emoji_dir / name / "pack.json").read_text())


# --- listing --------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
async def test_seed_list_is_the_bare_map_with_computed_keys(client, root, prefix):
    body = await call(client, "GET", f"{prefix}/emoji/packs")
    assert list(body) == ["test_pack", "test_pack_nonshared"]
    shared = body["test_pack"]
    assert shared["files"] == {"blank": "blank.png"}
    assert shared["pack"]["can-download"] is True
    assert shared["pack"]["share-files"] is True
    assert shared["pack"]["license"] == "Test license"
    _, data = await call(client, "GET", f"{prefix}/emoji/packs/test_pack/download_shared")
    assert shared["pack"]["download-sha256"] == hashlib.sha256(data).hexdigest().upper()
    other = body["test_pack_nonshared"]["pack"]
    assert other["can-download"] is False and "download-sha256" not in other


async def test_list_creates_the_emoji_dir_and_is_empty(client, settings):
    assert await call(client, "GET", "/api/pleroma/emoji/packs") == {}
    assert settings.emoji_dir.is_dir()
    assert await call(client, "GET", "/api/pleroma/emoji/packs?page=1") == {
        "packs": {}, "count": 0
    }


async def test_paged_list_counts_and_pages(client, root):
    (root / "a_pack").mkdir()
    (root / "a_pack" / "pack.json").write_text('{"pack": {}, "files": {}}')
    (root / "no_manifest").mkdir()  # not a pack for the manager
    seen = []
    for page in (1, 2, 3):
        body = await call(client, "GET", f"/api/pleroma/emoji/packs?page={page}&page_size=1")
        assert body["count"] == 3
        assert len(body["packs"]) == 1
        seen += list(body["packs"])
    assert seen == ["a_pack", "test_pack", "test_pack_nonshared"]
    body = await call(client, "GET", "/api/pleroma/emoji/packs?page_size=50")
    assert list(body["packs"]) == seen
    assert (await call(client, "GET", "/api/pleroma/emoji/packs?page=9"))["packs"] == {}
    await call(client, "GET", "/api/pleroma/emoji/packs?page=0", expect=400)


async def test_show_pack_pages_its_files(client, root):
    pack = manifest_path = root / "test_pack" / "pack.json"
    data = json.loads(pack.read_text())
    (root / "test_pack" / "blank2.png").write_bytes(png())
    data["files"]["blank2"] = "blank2.png"
    manifest_path.write_text(json.dumps(data))
    body = await call(client, "GET", "/api/pleroma/emoji/pack?name=test_pack")
    assert body["files"] == {"blank": "blank.png", "blank2": "blank2.png"}
    assert body["files_count"] == 2
    assert body["pack"]["can-download"] is True
    page2 = await call(
        client, "GET", "/api/v1/pleroma/emoji/pack?name=test_pack&page=2&page_size=1"
    )
    assert page2["files"] == {"blank2": "blank2.png"} and page2["files_count"] == 2
    assert await call(client, "GET", "/api/pleroma/emoji/pack?name=nope", expect=404) == {
        "error": "Pack nope does not exist"
    }
    assert await call(client, "GET", "/api/pleroma/emoji/pack?name=", expect=400) == {
        "error": "pack name cannot be empty"
    }


async def test_pack_name_with_a_dot(client, root, who):
    await call(client, "POST", "/api/pleroma/emoji/pack?name=blobs.gg", "admin", who)
    body = await call(client, "GET", "/api/pleroma/emoji/pack?name=blobs.gg")
    assert body == {"pack": {"can-download": False}, "files": {}, "files_count": 0}


# --- archives ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/api/pleroma/emoji/packs/{}/download_shared", "/api/pleroma/emoji/packs/archive?name={}"],
)
async def test_archive_has_pack_json_and_files(client, root, path):
    response, data = await call(client, "GET", path.format("test_pack"))
    assert response.headers["Content-Type"] == "application/zip"
    assert response.headers["Content-Disposition"] == 'attachment; filename="test_pack.zip"'
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == ["blank.png", "pack.json"]
        assert archive.read("blank.png") == png()
    assert await call(client, "GET", path.format("test_pack_nonshared"), expect=403) == {
        "error": "Pack test_pack_nonshared cannot be downloaded from this instance, either "
        "pack sharing was disabled for this pack or some files are missing"
    }
    assert await call(client, "GET", path.format("missing"), expect=404) == {
        "error": "Pack missing does not exist"
    }


async def test_a_shared_pack_missing_a_file_cannot_be_downloaded(client, root):
    (root / "test_pack" / "blank.png").unlink()
    body = await call(client, "GET", "/api/pleroma/emoji/packs")
    assert body["test_pack"]["pack"]["can-download"] is False
    await call(client, "GET", "/api/pleroma/emoji/packs/archive?name=test_pack", expect=403)


# --- admin checks -----------------------------------------------------------------------------

ADMIN_CALLS = [
    ("PUT", "/api/pleroma/emoji/packs/new_pack", None),
    ("DELETE", "/api/pleroma/emoji/packs/test_pack", None),
    ("POST", "/api/pleroma/emoji/packs/test_pack/update_file", {"action": "remove",
                                                                 "shortcode": "blank"}),
    ("POST", "/api/pleroma/emoji/packs/test_pack/update_metadata", {"new_data": {}}),
    ("POST", "/api/pleroma/emoji/packs/import_from_fs", None),
    ("GET", "/api/pleroma/emoji/packs/import", None),
    ("POST", "/api/pleroma/emoji/pack?name=new_pack", None),
    ("PATCH", "/api/pleroma/emoji/pack?name=test_pack", {"metadata": {}}),
    ("DELETE", "/api/pleroma/emoji/pack?name=test_pack", None),
    ("PATCH", "/api/v1/pleroma/emoji/packs/files?name=test_pack",
     {"shortcode": "blank", "new_shortcode": "b2", "new_filename": "b2.png"}),
    ("DELETE", "/api/v1/pleroma/emoji/packs/files?name=test_pack&shortcode=blank", None),
]


@pytest.mark.parametrize("who_name", [None, "user", "admin_no_scope"])
async def test_admin_routes_refuse_everyone_else(client, root, who, settings, who_name):
    before = sorted(p.name for p in root.iterdir())
    for method, path, body in ADMIN_CALLS:
        expect = 403
        answer = await call(client, method, path, who_name, who, expect=expect, json=body)
        if who_name is not None:
            assert answer == NOT_ADMIN, (method, path)
    answer = await call(client, "POST", "/api/pleroma/emoji/packs/files?name=test_pack",
                        who_name, who, expect=403, data=upload("x.png", shortcode="x"))
    assert sorted(p.name for p in root.iterdir()) == before
    assert manifest(settings, "test_pack")["files"] == {"blank": "blank.png"}


# --- seed create / delete / metadata -----------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
async def test_seed_create_then_delete(client, settings, who, prefix):
    assert await call(client, "PUT", f"{prefix}/emoji/packs/dogs", "admin", who) == "ok"
    assert manifest(settings, "dogs") == {"pack": {}, "files": {}}
    assert await call(client, "PUT", f"{prefix}/emoji/packs/dogs", "admin", who,
                      expect=409) == {"error": 'A pack named "dogs" already exists'}
    assert await call(client, "DELETE", f"{prefix}/emoji/packs/dogs", "admin", who) == "ok"
    assert not (settings.emoji_dir / "dogs").exists()
    # deleting a pack that is not there is "ok" on the seed route
    assert await call(client, "DELETE", f"{prefix}/emoji/packs/dogs", "admin", who) == "ok"


async def test_v2_create_and_delete(client, settings, who):
    path = "/api/pleroma/emoji/pack?name={}"
    assert await call(client, "POST", path.format("cats"), "admin", who) == "ok"
    assert manifest(settings, "cats") == {"pack": {}, "files": {}}
    assert await call(client, "POST", path.format("cats"), "admin", who, expect=409) == {
        "error": 'A pack named "cats" already exists'
    }
    assert await call(client, "POST", path.format(""), "admin", who, expect=400) == {
        "error": "pack name cannot be empty"
    }
    assert await call(client, "DELETE", path.format("cats"), "admin", who) == "ok"
    assert await call(client, "DELETE", path.format("cats"), "admin", who, expect=404) == {
        "error": "Pack cats does not exist"
    }
    assert await call(client, "DELETE", path.format(""), "admin", who, expect=400) == {
        "error": "pack name cannot be empty"
    }


async def test_update_metadata_replaces_pack_and_drops_computed_keys(client, root, settings, who):
    new = {"license": "CC0", "description": "Blank", "share-files": False,
           "can-download": True, "download-sha256": "X"}
    body = await call(client, "POST", "/api/pleroma/emoji/packs/test_pack/update_metadata",
                      "admin", who, json={"new_data": new})
    assert body == {"license": "CC0", "description": "Blank", "share-files": False}
    assert manifest(settings, "test_pack")["pack"] == body
    assert manifest(settings, "test_pack")["files"] == {"blank": "blank.png"}
    listed = await call(client, "GET", "/api/pleroma/emoji/packs")
    assert listed["test_pack"]["pack"]["can-download"] is False
    body = await call(client, "PATCH", "/api/pleroma/emoji/pack?name=test_pack", "admin", who,
                      json={"metadata": {"homepage": "https://e.example", "share-files": True}})
    assert body == {"homepage": "https://e.example", "share-files": True}
    # form fields new_data[key]=value work too
    body = await call(client, "POST", "/api/v1/pleroma/emoji/packs/test_pack/update_metadata",
                      "admin", who, data={"new_data[license]": "MIT",
                                          "new_data[share-files]": "true"})
    assert body == {"license": "MIT", "share-files": True}
    await call(client, "PATCH", "/api/pleroma/emoji/pack?name=nope", "admin", who, expect=404,
               json={"metadata": {}})


# --- files: the seed's update_file --------------------------------------------------------------


async def test_seed_update_file_add_update_remove(client, root, settings, who, policy):
    path = "/api/pleroma/emoji/packs/test_pack/update_file"
    assert await call(client, "POST", path, "admin", who, expect=409,
                      data=upload(action="add", shortcode="blank")) == {
        "error": 'An emoji with the "blank" shortcode already exists'
    }
    body = await call(client, "POST", path, "admin", who,
                      data=upload(action="add", shortcode="blank_2", filename="dir/blank.png"))
    assert body == {"blank": "blank.png", "blank_2": "dir/blank.png"}
    assert (root / "test_pack" / "dir" / "blank.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # the emoji table sees it at once
    assert emoji_service.all_emoji(policy)["blank_2"].path == "dir/blank.png"
    served = await client.get("/emoji/test_pack/dir/blank.png")
    assert served.status == 200

    body = await call(client, "POST", path, "admin", who,
                      data={"action": "update", "shortcode": "blank_2",
                            "new_shortcode": "blank_3", "new_filename": "dir_2/blank_3.png"})
    assert body == {"blank": "blank.png", "blank_3": "dir_2/blank_3.png"}
    assert not (root / "test_pack" / "dir").exists()
    assert (root / "test_pack" / "dir_2" / "blank_3.png").is_file()
    table = emoji_service.all_emoji(policy)
    assert "blank_2" not in table and table["blank_3"].path == "dir_2/blank_3.png"

    body = await call(client, "POST", path, "admin", who,
                      data={"action": "remove", "shortcode": "blank_3"})
    assert body == {"blank": "blank.png"}
    assert not (root / "test_pack" / "dir_2").exists()
    assert "blank_3" not in emoji_service.all_emoji(policy)
    assert manifest(settings, "test_pack")["files"] == {"blank": "blank.png"}


async def test_seed_update_file_errors(client, root, who):
    path = "/api/pleroma/emoji/packs/test_pack/update_file"

    async def err(data, status=400):
        return (await call(client, "POST", path, "admin", who, expect=status, data=data))["error"]

    assert await err(upload(action="add", shortcode="", filename="")) == (
        "shortcode or filename cannot be empty"
    )
    assert await err({"action": "update", "shortcode": "nope", "new_shortcode": "a",
                      "new_filename": "a.png"}) == 'Emoji "nope" does not exist'
    assert await err({"action": "update", "shortcode": "blank", "new_shortcode": "",
                      "new_filename": ""}) == "new_shortcode or new_filename cannot be empty"
    assert await err({"action": "update", "shortcode": "blank"}) == (
        "new_shortcode or new_file were not specified"
    )
    assert await err({"action": "remove", "shortcode": "nope"}) == 'Emoji "nope" does not exist'
    assert await err({"action": "frobnicate"}) == "Unknown action: frobnicate"


# --- files: 2.2+ ---------------------------------------------------------------------------------


async def test_v2_files_add_update_delete(client, root, settings, who, policy):
    path = "/api/pleroma/emoji/packs/files?name=test_pack"
    # shortcode defaults to the filename's stem
    body = await call(client, "POST", path, "admin", who, data=upload("anim.gif", gif()))
    assert body == {"anim": "anim.gif", "blank": "blank.png"}
    assert "anim" in emoji_service.all_emoji(policy)
    assert await call(client, "POST", path, "admin", who, expect=409,
                      data=upload("x.png", shortcode="anim")) == {
        "error": 'An emoji with the "anim" shortcode already exists'
    }
    body = await call(client, "PATCH", path, "admin", who,
                      json={"shortcode": "anim", "new_shortcode": "blank",
                            "new_filename": "anim.gif"}, expect=409)
    assert body == {"error": 'New shortcode "blank" is already used. If you want to override '
                    "emoji use 'force' option"}
    body = await call(client, "PATCH", path, "admin", who,
                      json={"shortcode": "anim", "new_shortcode": "blank",
                            "new_filename": "anim.gif", "force": True})
    assert body == {"blank": "anim.gif"}
    assert emoji_service.all_emoji(policy)["blank"].path == "anim.gif"
    assert await call(client, "PATCH", path, "admin", who, expect=400,
                      json={"shortcode": "blank", "new_shortcode": "",
                            "new_filename": "a.gif"}) == {
        "error": "Missing field: new_shortcode."
    }
    assert await call(client, "PATCH", path, "admin", who, expect=400,
                      json={"shortcode": "nope", "new_shortcode": "a",
                            "new_filename": "a.gif"}) == {"error": 'Emoji "nope" does not exist'}
    body = await call(client, "DELETE", path + "&shortcode=blank", "admin", who)
    assert body == {}
    assert "blank" not in emoji_service.all_emoji(policy)
    assert await call(client, "DELETE", path + "&shortcode=blank", "admin", who,
                      expect=400) == {"error": 'Emoji "blank" does not exist'}
    assert await call(client, "DELETE", path + "&shortcode=", "admin", who,
                      expect=422) == {"error": "pack name or shortcode cannot be empty"}


async def test_v2_files_on_a_missing_pack_or_without_a_name(client, root, who):
    for method, extra, kw in (
        ("POST", "", {"data": upload(shortcode="x")}),
        ("PATCH", "", {"json": {"shortcode": "a", "new_shortcode": "b", "new_filename": "b.png"}}),
        ("DELETE", "&shortcode=a", {}),
    ):
        body = await call(client, method, f"/api/pleroma/emoji/packs/files?name=nope{extra}",
                          "admin", who, expect=404, **kw)
        assert body == {"error": 'pack "nope" is not found'}
    assert await call(client, "POST", "/api/pleroma/emoji/packs/files?name=", "admin", who,
                      expect=422, data=upload()) == {
        "error": "pack name, shortcode or filename cannot be empty"
    }


async def test_uploads_must_be_images_within_the_limit(client, root, settings, who, aiohttp_client):
    path = "/api/pleroma/emoji/packs/files?name=test_pack"
    body = await call(client, "POST", path, "admin", who, expect=415,
                      data=upload("evil.png", b"<svg onload=alert(1)>", shortcode="evil"))
    assert body["error"].startswith("Emoji must be images")
    await call(client, "POST", path, "admin", who, expect=422,
               data=upload("cut.png", png()[:-20], shortcode="cut"))
    # the extension must say what the image is (a GIF named .png is refused)
    await call(client, "POST", path, "admin", who, expect=415,
               data=upload("sneaky.png", gif(), shortcode="sneaky"))
    # a URL instead of an upload is refused (this instance fetches nothing)
    form = FormData({"shortcode": "u", "file": "http://127.0.0.1/x.png"})
    await call(client, "POST", path, "admin", who, expect=400, data=form)
    assert manifest(settings, "test_pack")["files"] == {"blank": "blank.png"}
    assert sorted(p.name for p in (root / "test_pack").iterdir()) == ["blank.png", "pack.json"]


async def test_upload_limit(aiohttp_client, settings, root):
    import dataclasses

    from app.main import create_app

    small = dataclasses.replace(settings, upload_limit=50)
    client = await aiohttp_client(create_app(small))
    who = await issue_tokens(small.policy())
    body = await call(client, "POST", "/api/pleroma/emoji/packs/files?name=test_pack", "admin",
                      who, expect=413, data=upload("big.png", shortcode="big"))
    assert body == {"error": "File is too large"}


# --- path attacks -------------------------------------------------------------------------------

BAD_FILENAMES = [
    "../escape.png", "../../escape.png", "dir/../../escape.png", "/tmp/abs.png",
    "..\\escape.png", "sub\\x.png", "nul\x00.png", "./x.png", "a//b.png", ".hidden.png",
    "pack.json", "script.svg", "x.html",
]


@pytest.mark.parametrize("filename", BAD_FILENAMES)
async def test_bad_filenames_are_refused(client, root, settings, who, filename):
    before = sorted(str(p) for p in settings.data_dir.rglob("*"))
    # NUL never gets past parameter parsing (400); everything else is the service's 422
    expect = 400 if "\x00" in filename else 422
    body = await call(client, "POST", "/api/pleroma/emoji/packs/files?name=test_pack", "admin",
                      who, expect=expect, data=upload("ok.png", shortcode="x", filename=filename))
    assert "filename" in body["error"].lower()
    update = await call(client, "PATCH", "/api/pleroma/emoji/packs/files?name=test_pack",
                        "admin", who, expect=expect,
                        json={"shortcode": "blank", "new_shortcode": "blank",
                              "new_filename": filename})
    assert "filename" in update["error"].lower()
    assert sorted(str(p) for p in settings.data_dir.rglob("*")) == before
    assert manifest(settings, "test_pack")["files"] == {"blank": "blank.png"}


@pytest.mark.parametrize("shortcode", ["../x", "a/b", "a b", "x\x00", ":x:", "a" * 65, "é"])
async def test_bad_shortcodes_are_refused(client, root, settings, who, shortcode):
    expect = 400 if "\x00" in shortcode else 422
    body = await call(client, "POST", "/api/pleroma/emoji/packs/files?name=test_pack", "admin",
                      who, expect=expect, data=upload("ok.png", shortcode=shortcode))
    assert "shortcode" in body["error"].lower()
    assert manifest(settings, "test_pack")["files"] == {"blank": "blank.png"}


@pytest.mark.parametrize("name", ["..", ".", ".hidden", "a\\b", "a\x00b", " padded"])
async def test_bad_pack_names_are_refused(client, root, settings, who, name):
    from urllib.parse import quote

    before = sorted(str(p) for p in settings.data_dir.parent.rglob("*"))
    await call(client, "POST", f"/api/pleroma/emoji/pack?name={quote(name)}", "admin", who,
               expect=400)
    await call(client, "DELETE", f"/api/pleroma/emoji/pack?name={quote(name)}", "admin", who,
               expect=400 if "\x00" in name else 404)
    assert sorted(str(p) for p in settings.data_dir.parent.rglob("*")) == before
    assert (root / "test_pack" / "pack.json").is_file()


async def test_escaping_names_in_the_path_never_reach_outside(client, root, settings, who):
    outside = settings.data_dir / "keep.txt"
    outside.write_text("keep")
    for path in ("/api/pleroma/emoji/packs/..%2F", "/api/pleroma/emoji/packs/%2E%2E",
                 "/api/pleroma/emoji/packs/..%5Cx"):
        response = await client.delete(path, headers=who.headers("admin"))
        assert response.status in {200, 404}, path
    assert outside.read_text() == "keep"
    assert (root / "test_pack" / "pack.json").is_file()
    assert settings.emoji_dir.is_dir()


async def test_listed_paths_escaping_the_pack_are_not_archived_or_served(client, root, settings):
    data = manifest(settings, "test_pack")
    (settings.data_dir / "secret.png").write_bytes(png())
    data["files"]["evil"] = "../../secret.png"
    (root / "test_pack" / "pack.json").write_text(json.dumps(data))
    listed = await call(client, "GET", "/api/pleroma/emoji/packs")
    assert listed["test_pack"]["pack"]["can-download"] is False
    await call(client, "GET", "/api/pleroma/emoji/packs/archive?name=test_pack", expect=403)


async def test_a_symlinked_subdir_cannot_carry_a_file_out(client, root, settings, who, tmp_path):
    target = tmp_path / "elsewhere"
    target.mkdir()
    (root / "test_pack" / "link").symlink_to(target, target_is_directory=True)
    await call(client, "POST", "/api/pleroma/emoji/packs/files?name=test_pack", "admin", who,
               expect=422, data=upload(shortcode="x", filename="link/x.png"))
    assert list(target.iterdir()) == []


# --- import ------------------------------------------------------------------------------------


async def test_import_writes_pack_json_for_dirs_without_one(client, root, settings, who, policy):
    (root / "loose" / "sub").mkdir(parents=True)
    (root / "loose" / "a.png").write_bytes(png())
    (root / "loose" / "sub" / "b.gif").write_bytes(gif())
    (root / "listed").mkdir()
    (root / "listed" / "blank.png").write_bytes(png())
    (root / "listed" / "emoji.txt").write_text("blank, blank.png, Fun\nblank2, blank.png\n")
    assert await call(client, "GET", "/api/pleroma/emoji/packs/import", "admin", who) == [
        "listed", "loose"
    ]
    assert manifest(settings, "loose") == {"pack": {}, "files": {"a": "a.png", "b": "sub/b.gif"}}
    assert manifest(settings, "listed")["files"] == {"blank": "blank.png", "blank2": "blank.png"}
    assert await call(client, "POST", "/api/pleroma/emoji/packs/import_from_fs", "admin",
                      who) == []
    listed = await call(client, "GET", "/api/pleroma/emoji/packs")
    assert list(listed) == ["listed", "loose", "test_pack", "test_pack_nonshared"]
    assert emoji_service.all_emoji(policy)["a"].tags == ("pack:loose",)


async def test_deleting_a_pack_drops_its_emoji_at_once(client, root, who, policy):
    assert "blank" in emoji_service.all_emoji(policy)
    await call(client, "DELETE", "/api/pleroma/emoji/pack?name=test_pack", "admin", who)
    assert "blank" not in emoji_service.all_emoji(policy)
    assert "blank" not in await call(client, "GET", "/api/pleroma/emoji")


async def test_nodeinfo_and_instance_advertise_shareable_emoji_packs(client):
    for path in ("/nodeinfo/2.0.json", "/nodeinfo/2.1.json"):
        body = await call(client, "GET", path)
        assert "shareable_emoji_packs" in body["metadata"]["features"], path
    body = await call(client, "GET", "/api/v1/instance")
    assert "shareable_emoji_packs" in body["pleroma"]["metadata"]["features"]
