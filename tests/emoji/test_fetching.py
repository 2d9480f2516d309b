"""The fetch service's guard, redirects and size cap, the aiohttp transport's resolver, and
the safe extraction of pack zips (no traversal, no symlinks, size caps)."""

from __future__ import annotations

import dataclasses
import io
import zipfile

import pytest

from app.fetcher import AiohttpFetcher
from schema.context import RequestContext
from schema.errors import FORBIDDEN, REMOTE_ERROR, DomainError
from schema.instance import InstancePolicy
from schema.services import emoji_pack_zips, fetching
from schema.services.fetching import PrivateAddressError, Response, TransportError
from tests.emoji.remote import BLANK, start_remote, zip_bytes

PUBLIC = "http://93.184.216.34/"


@pytest.mark.parametrize("address", [
    "127.0.0.1", "127.8.9.10", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254",
    "0.0.0.0", "224.0.0.251", "255.255.255.255", "100.64.0.1", "192.0.2.1", "240.0.0.1",
    "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "::ffff:127.0.0.1",
    "::ffff:10.0.0.1", "2002:7f00:1::1", "fec0::1", "2001:db8::1", "not-an-address",
])
def test_non_public_addresses(address):
    assert fetching.is_public_address(address) is False


@pytest.mark.parametrize("address", ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111",
                                     "::ffff:93.184.216.34"])
def test_public_addresses(address):
    assert fetching.is_public_address(address) is True


class Scripted:
    """A transport answering from a script, recording the URLs it was asked for."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.calls = []

    async def get(self, url, *, accept, max_bytes, allow_private):
        self.calls.append((url, allow_private))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def ctx_with(transport, **policy):
    return RequestContext(policy=InstancePolicy(**policy), extras={"fetcher": transport})


async def test_a_redirect_to_a_private_address_is_refused():
    transport = Scripted(Response(302, location="http://127.0.0.1:8080/admin"))
    with pytest.raises(DomainError) as caught:
        await fetching.fetch(ctx_with(transport), PUBLIC)
    assert caught.value.kind is FORBIDDEN
    assert "127.0.0.1" in caught.value.message
    assert transport.calls == [(PUBLIC, False)]


async def test_redirects_are_followed_and_capped():
    transport = Scripted(Response(301, location="/next"), Response(200, "text/plain", None, b"hi"))
    fetched = await fetching.fetch(ctx_with(transport), PUBLIC)
    assert (fetched.url, fetched.status, fetched.body) == (PUBLIC + "next", 200, b"hi")
    loop = Scripted(*[Response(302, location="/again")] * 10)
    with pytest.raises(DomainError) as caught:
        await fetching.fetch(ctx_with(loop), PUBLIC)
    assert caught.value.kind is REMOTE_ERROR and "Too many redirects" in caught.value.message
    assert len(loop.calls) == fetching.MAX_REDIRECTS + 1


async def test_resolver_refusals_and_transport_failures_become_domain_errors():
    refused = Scripted(PrivateAddressError("internal.example", "10.0.0.5"))
    with pytest.raises(DomainError) as caught:
        await fetching.fetch(ctx_with(refused), "https://internal.example/x")
    assert caught.value.kind is FORBIDDEN
    assert caught.value.message.startswith(
        "Refusing to fetch https://internal.example/x: internal.example is a private"
    )
    failed = Scripted(TransportError("timed out"))
    with pytest.raises(DomainError) as caught:
        await fetching.fetch(ctx_with(failed), "https://example.org/x")
    assert caught.value.kind is REMOTE_ERROR
    assert caught.value.message == "Failed to fetch https://example.org/x: timed out"


async def test_allowing_private_fetches_passes_the_flag_to_the_transport():
    transport = Scripted(Response(200, "application/json", None, b"{}"))
    ctx = ctx_with(transport, allow_private_network_fetch=True)
    assert (await fetching.fetch(ctx, "http://127.0.0.1:1/")).json() == {}
    assert transport.calls == [("http://127.0.0.1:1/", True)]


async def test_fetch_ok_carries_the_remote_error_text():
    transport = Scripted(
        Response(404, "application/json", None, b'{"error": "Pack x does not exist"}')
    )
    with pytest.raises(DomainError) as caught:
        await fetching.fetch_ok(ctx_with(transport), PUBLIC)
    assert caught.value.message == "Pack x does not exist"


async def test_without_a_transport_fetching_is_unavailable():
    with pytest.raises(DomainError) as caught:
        await fetching.fetch(RequestContext(policy=InstancePolicy()), PUBLIC)
    assert caught.value.kind.status == 503


# --- the aiohttp transport against a real local server -----------------------------------


async def test_the_guarded_resolver_refuses_localhost_before_connecting(aiohttp_server):
    remote = await start_remote(aiohttp_server)
    url = remote.base.replace("127.0.0.1", "localhost") + "/fallback.zip"
    with pytest.raises(PrivateAddressError) as caught:
        await AiohttpFetcher().get(url, accept="*/*", max_bytes=1000, allow_private=False)
    assert caught.value.host == "localhost"
    assert fetching.is_public_address(caught.value.address) is False
    assert remote.hits == []


async def test_the_transport_reads_follows_nothing_and_caps_the_size(aiohttp_server):
    remote = await start_remote(aiohttp_server)
    fetcher = AiohttpFetcher()
    answer = await fetcher.get(remote.base + "/fallback.zip", accept="application/zip",
                               max_bytes=1_000_000, allow_private=True)
    assert (answer.status, answer.content_type, answer.body) == (
        200, "application/zip", remote.fallback)
    answer = await fetcher.get(remote.base + "/redirect?to=/big", accept="*/*",
                               max_bytes=1000, allow_private=True)
    assert (answer.status, answer.location) == (302, "/big")
    with pytest.raises(TransportError, match="larger than 1000 bytes"):
        await fetcher.get(remote.base + "/big", accept="*/*", max_bytes=1000,
                          allow_private=True)
    with pytest.raises(TransportError, match="could not connect"):
        await fetcher.get("http://127.0.0.1:9/", accept="*/*", max_bytes=10,
                          allow_private=True)


# --- zips --------------------------------------------------------------------------------


def test_only_listed_regular_files_are_extracted(tmp_path):
    data = zip_bytes({"a.png": BLANK, "d/b.png": BLANK, "../up.png": BLANK,
                      "/abs.png": BLANK, "extra.png": BLANK})
    emoji_pack_zips.extract_listed(data, {"a.png", "d/b.png"}, tmp_path, 10_000)
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == [
        "a.png", "d", "d/b.png"]
    assert not (tmp_path.parent / "up.png").exists()


def test_symlinks_directories_and_duplicates_count_as_missing(tmp_path):
    data = zip_bytes({"dup.png": BLANK}, {"link.png": "/etc/passwd"})
    with_dup = zip_bytes({"dup.png": BLANK, "ok.png": BLANK})
    assert emoji_pack_zips.missing_files(data, {"link.png", "dup.png"}) == ["link.png"]
    buffer = io.BytesIO(with_dup)
    with zipfile.ZipFile(buffer, "a") as archive, pytest.warns(UserWarning, match="Duplicate"):
        archive.writestr("dup.png", b"other")
    assert emoji_pack_zips.missing_files(buffer.getvalue(), {"dup.png", "ok.png"}) == ["dup.png"]
    with pytest.raises(emoji_pack_zips.MissingFiles):
        emoji_pack_zips.extract_listed(data, {"link.png"}, tmp_path, 10_000)
    assert list(tmp_path.iterdir()) == []


def test_size_caps_are_counted_while_reading(tmp_path):
    data = zip_bytes({"a.png": b"x" * 5000})
    with pytest.raises(DomainError, match=r"a\.png in the archive is too large"):
        emoji_pack_zips.extract_listed(data, {"a.png"}, tmp_path, 4000)
    with pytest.raises(DomainError, match="not a valid zip"):
        emoji_pack_zips.extract_listed(b"not a zip", {"a.png"}, tmp_path, 4000)


def test_policy_default_refuses_private_fetches():
    assert InstancePolicy().allow_private_network_fetch is False
    assert dataclasses.replace(
        InstancePolicy(), allow_private_network_fetch=True
    ).allow_private_network_fetch
