"""Writers of different keys of an account's ``settings`` JSON at the same time: none is
lost (each read-modify-write holds the row, see schema.services.account_settings).

On SQLite transactions already run one at a time; on PostgreSQL, without the row lock,
profile writes overwrote notification settings written in between."""

from __future__ import annotations

import asyncio

from models.accounts import Account
from tests.profile.conftest import auth, multipart, png


async def test_concurrent_settings_writes_all_survive(client, world):
    headers = auth(world.alice_token)
    for round_ in range(4):
        flag = round_ % 2 == 0
        answers = await asyncio.gather(
            client.put(
                "/api/pleroma/notification_settings",
                json={"hide_notification_contents": flag},
                headers=headers,
            ),
            client.patch(
                "/api/v1/accounts/update_credentials",
                json={
                    "skip_thread_containment": flag,
                    "pleroma_settings_store": {"fe": {"round": round_}},
                },
                headers=headers,
            ),
            client.put("/api/v1/pleroma/mascot", data=multipart(file=png()), headers=headers),
        )
        assert [a.status for a in answers] == [200, 200, 200], [await a.text() for a in answers]
        mascot = await answers[2].json()
        settings = (await Account.get(id=world.accounts["alice"].id)).settings
        assert settings["notification_settings"]["hide_notification_contents"] is flag, settings
        assert settings["skip_thread_containment"] is flag, settings
        assert settings["settings_store"]["fe"] == {"round": round_}, settings
        assert settings["mascot"] == {"id": mascot["id"]}, settings
