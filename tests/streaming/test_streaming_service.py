"""The streaming service without HTTP: topics, their access rules, the bounded queue."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from schema.context import RequestContext
from schema.errors import DomainError
from schema.instance import InstancePolicy
from schema.services import events, streaming
from schema.viewer import ANONYMOUS, Viewer


def _ctx(viewer=ANONYMOUS) -> RequestContext:
    return RequestContext(policy=InstancePolicy(), viewer=viewer)


def _viewer(*scopes: str) -> Viewer:
    return Viewer(account=SimpleNamespace(id="A"), scopes=frozenset(scopes), via="token")


def _refusal(ctx, name, tag=None) -> tuple[int, str]:
    with pytest.raises(DomainError) as caught:
        streaming.topic_for(ctx, name, tag)
    return caught.value.status, caught.value.message


def test_topics_and_their_labels():
    anonymous = _ctx()
    assert streaming.topic_for(anonymous, "public").label == ["public"]
    assert streaming.topic_for(anonymous, "public:local").label == ["public:local"]
    assert streaming.topic_for(anonymous, "hashtag", "#Cats ").label == ["hashtag", "cats"]
    reader = _ctx(_viewer("read"))
    for name in ("user", "user:notification", "direct"):
        assert streaming.topic_for(reader, name).label == [name]


def test_refused_topics():
    anonymous = _ctx()
    assert _refusal(anonymous, "nope") == (400, "Unknown stream type")
    assert _refusal(anonymous, None) == (400, "Unknown stream type")
    assert _refusal(anonymous, "hashtag") == (400, "No tag for stream provided")
    assert _refusal(anonymous, "hashtag:local", "#") == (400, "No tag for stream provided")
    for name in ("user", "user:notification", "direct"):
        assert _refusal(anonymous, name) == (401, "Missing access token")
    writer = _ctx(_viewer("write"))
    assert _refusal(writer, "user") == (401, "Access token does not have the required scopes")
    statuses = _ctx(_viewer("read:statuses"))
    assert streaming.topic_for(statuses, "user").name == "user"
    assert _refusal(statuses, "user:notification")[0] == 401


async def test_a_subscription_that_overflows_is_dropped():
    async with streaming.Subscription(_ctx()) as subscription:
        assert subscription in streaming.open_subscriptions()
        for _ in range(streaming.QUEUE_SIZE + 1):
            subscription.offer(events.Event("status.deleted", status_id="x"))
        assert subscription.overflowed is True
        assert subscription not in streaming.open_subscriptions()
    assert streaming.open_subscriptions() == []


async def test_closing_ends_the_deliveries():
    subscription = streaming.Subscription(_ctx())
    async with subscription:
        subscription.close()
        assert [d async for d in subscription.deliveries()] == []
