"""``download-sha256`` is cached per pack and recomputed only when the pack's files change."""

from __future__ import annotations

import hashlib
import json

from schema.instance import InstancePolicy
from schema.services import emoji_packs
from tests.emoji.packs import gif, make_shared_packs


def test_the_digest_is_cached_until_a_file_changes(tmp_path, monkeypatch):
    root = make_shared_packs(tmp_path / "emoji")
    policy = InstancePolicy(emoji_dir=str(root))
    built = []
    real = emoji_packs._archive_bytes

    def counting(pack_dir, files):
        built.append(pack_dir.name)
        return real(pack_dir, files)

    monkeypatch.setattr(emoji_packs, "_archive_bytes", counting)
    first = emoji_packs.list_packs(policy)["test_pack"].pack["download-sha256"]
    expected = hashlib.sha256(real(root / "test_pack", {"b": "blank.png"}))
    assert first == expected.hexdigest().upper()
    assert emoji_packs.list_packs(policy)["test_pack"].pack["download-sha256"] == first
    assert built == ["test_pack"]  # the non-shared pack is never archived
    (root / "test_pack" / "blank.png").write_bytes(gif())
    second = emoji_packs.list_packs(policy)["test_pack"].pack["download-sha256"]
    assert second != first and built == ["test_pack", "test_pack"]
    assert second == hashlib.sha256(emoji_packs.archive(policy, "test_pack")).hexdigest().upper()
    data = json.loads((root / "test_pack" / "pack.json").read_text())
    data["pack"]["license"] = "Other"
    (root / "test_pack" / "pack.json").write_text(json.dumps(data))
    third = emoji_packs.list_packs(policy)["test_pack"].pack["download-sha256"]
    assert third != second and len(built) == 4  # archive() above built once more
