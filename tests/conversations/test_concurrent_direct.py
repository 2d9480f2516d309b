"""Direct statuses posted at the same time in one context: every posting succeeds and each
account ends with exactly one participation (the unique account+context index).

On SQLite transactions already run one at a time; on PostgreSQL, without the context lock
in ``record_direct``, this failed with 500s (unique violations and deadlocks)."""

from __future__ import annotations

import asyncio

from models.conversations import Participation, ParticipationRecipient

PEOPLE = ("alice", "bob", "carol", "eve")


async def test_concurrent_direct_replies_make_one_participation_each(rw):
    root = await rw.post("eve", "Anyone?")
    mentions = " ".join(f"@{who}" for who in PEOPLE)
    authors = ["alice", "bob", "carol", "alice", "bob", "carol"]

    async def reply(n: int, who: str):
        response = await rw.client.post(
            "/api/v1/statuses",
            headers=rw.headers(who),
            json={
                "status": f"{mentions} reply {n}",
                "visibility": "direct",
                "in_reply_to_id": root["id"],
            },
        )
        return response.status, await response.json()

    answers = await asyncio.gather(*(reply(n, who) for n, who in enumerate(authors)))

    assert [status for status, _ in answers] == [200] * len(authors), answers
    context = root["id"]
    rows = await Participation.filter(conversation_id=context).values_list("account_id", flat=True)
    assert sorted(rows) == sorted(rw.id(who) for who in PEOPLE)
    everyone = sorted(rw.id(who) for who in PEOPLE)
    for who in PEOPLE:
        participation = await Participation.get(conversation_id=context, account_id=rw.id(who))
        recipients = await ParticipationRecipient.filter(
            participation_id=participation.id
        ).values_list("account_id", flat=True)
        assert sorted(recipients) == everyone, who
        (conversation,) = await rw.call("GET", "/api/v1/conversations", who)
        assert conversation["last_status"]["id"] in {body["id"] for _, body in answers}
