"""What posting costs in SQL on the subscription side (runs on every post)."""

from schema.services import events, statuses, subscriptions
from schema.services.statuses import StatusInput
from tests.querycount import count_queries
from tests.world import make_world


async def test_no_subscribers_means_the_status_is_not_read_back(db, policy):
    world = await make_world(policy)
    status = await statuses.create_status(world.ctx(world.alice), StatusInput(text="hi"))
    event = events.Event("status.created", actor_id=world.alice.id, status_id=status.id)
    with count_queries() as queries:
        await subscriptions.on_status_created(event)
    assert queries.count == 1, queries.statements  # subscriptions and notifying follows
