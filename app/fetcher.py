"""The transport of :mod:`schema.services.fetching`: one GET with aiohttp's client.

The app leaves an :class:`AiohttpFetcher` in ``ctx.extras["fetcher"]``. Each request gets
its own session whose connector resolves names through :class:`GuardedResolver` (unless
private fetches are allowed), so the addresses checked are the addresses connected to.
No proxy from the environment, no cookies kept, no redirects followed (the service
follows them and checks every hop), the body read in chunks and abandoned past the cap.
"""

from __future__ import annotations

import socket

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult

from schema.services.fetching import (
    CONNECT_TIMEOUT,
    TOTAL_TIMEOUT,
    PrivateAddressError,
    Response,
    TransportError,
    is_public_address,
)

USER_AGENT = "Plenum"


class GuardedResolver(AbstractResolver):
    """The system resolver, refusing a name when any of its addresses is not public."""

    def __init__(self) -> None:
        self._inner = aiohttp.ThreadedResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        for result in results:
            if not is_public_address(result["host"]):
                raise PrivateAddressError(host, result["host"])
        return results

    async def close(self) -> None:
        await self._inner.close()


def _find_refusal(err: BaseException) -> PrivateAddressError | None:
    seen: BaseException | None = err
    for _ in range(5):
        if seen is None:
            return None
        if isinstance(seen, PrivateAddressError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


class AiohttpFetcher:
    """Implements :class:`schema.services.fetching.Transport`."""

    async def get(
        self, url: str, *, accept: str, max_bytes: int, allow_private: bool
    ) -> Response:
        """One GET of ``url``; see the module doc."""
        resolver = None if allow_private else GuardedResolver()
        connector = aiohttp.TCPConnector(resolver=resolver, use_dns_cache=False, limit=4)
        timeout = aiohttp.ClientTimeout(total=TOTAL_TIMEOUT, sock_connect=CONNECT_TIMEOUT)
        try:
            async with (
                aiohttp.ClientSession(
                    connector=connector,
                    timeout=timeout,
                    cookie_jar=aiohttp.DummyCookieJar(),
                    trust_env=False,
                    headers={"User-Agent": USER_AGENT},
                ) as session,
                session.get(url, allow_redirects=False, headers={"Accept": accept}) as answer,
            ):
                if answer.status in (301, 302, 303, 307, 308):
                    return Response(answer.status, location=answer.headers.get("Location"))
                body = await _read_capped(answer, max_bytes)
                return Response(answer.status, answer.content_type, None, body)
        except PrivateAddressError:
            raise
        except TimeoutError:
            raise TransportError("timed out") from None
        except aiohttp.ClientConnectorError as err:
            refusal = _find_refusal(err)
            if refusal is not None:
                raise refusal from None
            raise TransportError(f"could not connect ({err.strerror or 'refused'})") from None
        except aiohttp.ClientError as err:
            refusal = _find_refusal(err)
            if refusal is not None:
                raise refusal from None
            raise TransportError(type(err).__name__) from None
        except OSError as err:
            raise TransportError(err.strerror or type(err).__name__) from None


async def _read_capped(answer: aiohttp.ClientResponse, limit: int) -> bytes:
    declared = answer.content_length
    if declared is not None and declared > limit:
        raise TransportError(f"the answer is larger than {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in answer.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > limit:
            raise TransportError(f"the answer is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
