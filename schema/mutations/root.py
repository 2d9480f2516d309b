"""The root ``Mutation``: every mutation module's class, merged."""

from __future__ import annotations

import strawberry

from schema.mutations.account_security import AccountSecurityMutations
from schema.mutations.accounts import AccountMutations
from schema.mutations.apps import AppMutations
from schema.mutations.conversations import ConversationMutations
from schema.mutations.emoji_packs import EmojiPackMutations
from schema.mutations.lists import ListMutations
from schema.mutations.markers import MarkerMutations
from schema.mutations.media import MediaMutations
from schema.mutations.notifications import NotificationMutations
from schema.mutations.profile import ProfileMutations
from schema.mutations.relationships import RelationshipMutations
from schema.mutations.statuses import StatusMutations


@strawberry.type(description="Everything that changes state. Refusals come back as userErrors.")
class Mutation(
    AppMutations,
    AccountMutations,
    AccountSecurityMutations,
    ConversationMutations,
    EmojiPackMutations,
    ListMutations,
    MarkerMutations,
    MediaMutations,
    NotificationMutations,
    ProfileMutations,
    RelationshipMutations,
    StatusMutations,
):
    """One input object per mutation, one payload with the object and ``userErrors``."""
