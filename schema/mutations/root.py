"""The root ``Mutation``: every mutation module's class, merged."""

from __future__ import annotations

import strawberry

from schema.mutations.account_security import AccountSecurityMutations
from schema.mutations.accounts import AccountMutations
from schema.mutations.admin_misc import AdminMiscMutations
from schema.mutations.admin_statuses import AdminStatusMutations
from schema.mutations.admin_users import AdminUserMutations
from schema.mutations.apps import AppMutations
from schema.mutations.conversations import ConversationMutations
from schema.mutations.emoji_packs import EmojiPackMutations
from schema.mutations.invites import InviteMutations
from schema.mutations.lists import ListMutations
from schema.mutations.markers import MarkerMutations
from schema.mutations.media import MediaMutations
from schema.mutations.notifications import NotificationMutations
from schema.mutations.password_reset import PasswordResetMutations
from schema.mutations.profile import ProfileMutations
from schema.mutations.relationships import RelationshipMutations
from schema.mutations.reports import ReportMutations
from schema.mutations.statuses import StatusMutations


@strawberry.type(description="Everything that changes state. Refusals come back as userErrors.")
class Mutation(
    AppMutations,
    AccountMutations,
    AccountSecurityMutations,
    AdminUserMutations,
    AdminMiscMutations,
    AdminStatusMutations,
    ConversationMutations,
    EmojiPackMutations,
    InviteMutations,
    ListMutations,
    MarkerMutations,
    MediaMutations,
    NotificationMutations,
    PasswordResetMutations,
    ProfileMutations,
    RelationshipMutations,
    ReportMutations,
    StatusMutations,
):
    """One input object per mutation, one payload with the object and ``userErrors``."""
