"""The root ``Subscription``: live statuses, notifications and conversations.

Served over WebSocket on ``/graphql`` (``graphql-transport-ws``, and the older
``graphql-ws``), authenticated like every GraphQL request (``access_token`` parameter or
``Authorization: Bearer`` on the upgrade request). Each field is a twin of a stream of the
Mastodon streaming API (``/api/v1/streaming``) and reads the same
:class:`schema.services.streaming.Subscription`, so both deliver exactly the same
statuses to the same viewer.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry
from strawberry.types import Info

from schema.queries.lists import list_rest_id
from schema.services import streaming
from schema.services.notifications import hydrate_notifications
from schema.services.status_views import hydrate_one
from schema.types.conversation import Conversation
from schema.types.notification import Notification
from schema.types.status import Status

LocalArg = Annotated[
    bool, strawberry.argument(description="Only statuses posted on this instance.")
]


async def _statuses(info: Info, name: str, tag: str | None = None) -> AsyncGenerator[Status, None]:
    """The ``update`` deliveries of stream ``name`` as Status objects."""
    async for status in _topic_statuses(info, streaming.topic_for(info.context, name, tag)):
        yield status


async def _topic_statuses(info: Info, topic: streaming.Topic) -> AsyncGenerator[Status, None]:
    """The ``update`` deliveries of ``topic`` as Status objects."""
    ctx = info.context
    async with streaming.Subscription(ctx) as subscription:
        subscription.add(topic)
        async for delivery in subscription.deliveries():
            if delivery.event == "update" and delivery.status is not None:
                yield Status.from_view(await hydrate_one(ctx, delivery.status))


@strawberry.type(description="Live events, pushed over WebSocket (graphql-transport-ws).")
class Subscription:
    """Each field follows one stream of :mod:`schema.services.streaming`."""

    @strawberry.subscription(
        description="Each new status of the viewer's home timeline (own, followed and "
        "addressed statuses, reblogs included; muted accounts and threads left out) as it "
        "is posted (REST: `/api/v1/streaming`, stream `user`). Needs `read:statuses`."
    )
    async def home_updates(self, info: Info) -> AsyncGenerator[Status, None]:
        async for status in _statuses(info, "user"):
            yield status

    @strawberry.subscription(
        description="Each new public status (reblogs left out) as it is posted (REST: "
        "`/api/v1/streaming`, stream `public` or `public:local`). No token needed."
    )
    async def public_updates(
        self, info: Info, local: LocalArg = False
    ) -> AsyncGenerator[Status, None]:
        async for status in _statuses(info, "public:local" if local else "public"):
            yield status

    @strawberry.subscription(
        description="Each new public status with a hashtag (REST: `/api/v1/streaming`, "
        "stream `hashtag` or `hashtag:local` with `tag`)."
    )
    async def tag_updates(
        self,
        info: Info,
        tag: Annotated[str, strawberry.argument(description="The hashtag, without `#`.")],
        local: LocalArg = False,
    ) -> AsyncGenerator[Status, None]:
        async for status in _statuses(info, "hashtag:local" if local else "hashtag", tag):
            yield status

    @strawberry.subscription(
        description="Each new status of one of the viewer's lists that its timeline would "
        "show (REST: `/api/v1/streaming`, stream `list` with `list`). Needs `read:lists`."
    )
    async def list_updates(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID,
            strawberry.argument(description="The list's global id (or its REST id)."),
        ],
    ) -> AsyncGenerator[Status, None]:
        topic = await streaming.list_topic(info.context, list_rest_id(str(id)))
        async for status in _topic_statuses(info, topic):
            yield status

    @strawberry.subscription(
        description="Each new notification of the viewer that the notification list would "
        "show (REST: `/api/v1/streaming`, stream `user:notification`). Needs "
        "`read:notifications`."
    )
    async def notification_added(self, info: Info) -> AsyncGenerator[Notification, None]:
        ctx = info.context
        topic = streaming.topic_for(ctx, "user:notification")
        async with streaming.Subscription(ctx) as subscription:
            subscription.add(topic)
            async for delivery in subscription.deliveries():
                if delivery.event == "notification":
                    views = await hydrate_notifications(ctx, [delivery.notification])
                    if views:
                        yield Notification.from_view(views[0])

    @strawberry.subscription(
        description="The viewer's direct conversation each time a direct status they may "
        "see is posted in it (REST: `/api/v1/streaming`, stream `direct`). Needs "
        "`read:statuses`."
    )
    async def conversation_updated(self, info: Info) -> AsyncGenerator[Conversation, None]:
        ctx = info.context
        topic = streaming.topic_for(ctx, "direct")
        async with streaming.Subscription(ctx) as subscription:
            subscription.add(topic)
            async for delivery in subscription.deliveries():
                if delivery.event == "conversation":
                    yield Conversation.from_view(delivery.conversation)
