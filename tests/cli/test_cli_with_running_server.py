"""The CLI writes while a server runs on the same database, and the server sees it."""

from __future__ import annotations

import asyncio
import socket
import sys

import aiohttp

from tests.cli.conftest import ROOT


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def _wait_until_up(base: str, proc: asyncio.subprocess.Process) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(600):  # up to a minute: migrations + imports on a loaded machine
            if proc.returncode is not None:
                raise AssertionError(f"server exited with {proc.returncode}")
            try:
                async with session.get(f"{base}/api/v1/instance") as resp:
                    if resp.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError("server did not come up")


async def test_user_new_while_server_runs(cli_env, tmp_path):
    port = _free_port()
    env = dict(cli_env, PLENUM_PORT=str(port), PLENUM_HOST="127.0.0.1")
    base = f"http://127.0.0.1:{port}"
    log = (tmp_path / "server.log").open("wb")
    server = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "app", "serve", cwd=ROOT, env=env,
        stdout=log, stderr=log,
    )
    try:
        await _wait_until_up(base, server)
        async with aiohttp.ClientSession() as session:
            async with session.get(f"{base}/api/v1/instance") as resp:
                before = (await resp.json())["stats"]["user_count"]
            cli = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "app", "user", "new", "dana", "dana@x.org",
                "--password", "pw", cwd=ROOT, env=env,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            )
            out, err = await asyncio.wait_for(cli.communicate(), 60)
            assert cli.returncode == 0, err.decode()
            new_id = out.decode().strip()
            async with session.get(f"{base}/api/v1/instance") as resp:
                assert (await resp.json())["stats"]["user_count"] == before + 1
            async with session.get(f"{base}/api/v1/accounts/dana") as resp:
                assert resp.status == 200
                assert (await resp.json())["id"] == new_id
    finally:
        if server.returncode is None:
            server.terminate()
        await asyncio.wait_for(server.wait(), 30)
        log.close()
