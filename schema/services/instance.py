"""Instance information: the figures and facts both REST and GraphQL show about this server.

:func:`instance_stats` reads the database (counts); everything else is a pure function of the
:class:`~schema.instance.InstancePolicy`, so ``/api/v1/instance``, ``/api/v2/instance``,
nodeinfo and GraphQL ``instance`` cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise.expressions import Q, Subquery
from tortoise.functions import Count, Sum

from models.accounts import Account
from models.statuses import Status
from schema.instance import PLENUM_VERSION, PLEROMA_COMPAT_VERSION, InstancePolicy
from schema.services import formatting

#: Where the source lives (nodeinfo 2.1 ``software.repository``, v2 ``source_url``).
SOURCE_URL = "https://github.com/plenum-social/plenum"

#: Pleroma feature flags this server honours. Clients (Pleroma-FE, Akkoma-FE, megalodon)
#: switch UI on these names, so a flag is added here only once its endpoints work.
FEATURES: tuple[str, ...] = (
    "pleroma_api",
    "mastodon_api",
)

#: MIME types a status body may be written in (``content_type`` of ``POST /api/v1/statuses``).
POST_FORMATS: tuple[str, ...] = formatting.CONTENT_TYPES

#: Media types uploads may have (shown as ``configuration.media_attachments``).
SUPPORTED_MIME_TYPES: tuple[str, ...] = (
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "video/mp4",
    "video/webm",
    "audio/mpeg",
    "audio/ogg",
)

#: Languages the instance declares (ISO 639-1).
LANGUAGES: tuple[str, ...] = ("en",)


@dataclass(frozen=True)
class InstanceStats:
    """Counts shown by the instance endpoints and nodeinfo.

    ``user_count``: local accounts that are active. ``status_count``: local statuses, summed
    from the per-account ``statuses_count`` counters (kept in the same transaction as the
    statuses they count, so it is exact and costs one aggregate, not a scan of statuses).
    ``domain_count``: distinct remote domains we know accounts of. ``active_month`` /
    ``active_halfyear``: local active accounts that logged in (got or used a token) or posted
    within 30 / 180 days.
    """

    user_count: int
    status_count: int
    domain_count: int
    active_month: int = 0
    active_halfyear: int = 0


async def _active_since(days: int) -> int:
    since = datetime.now(UTC) - timedelta(days=days)
    return (
        await Account.filter(local=True, is_active=True)
        .filter(
            Q(last_status_at__gte=since)
            | Q(tokens__created_at__gte=since)
            | Q(tokens__last_used_at__gte=since)
        )
        .distinct()
        .count()
    )


async def instance_stats(ctx: Any) -> InstanceStats:
    """Count users, statuses and known domains; read-only, a handful of aggregate queries.

    ``ctx`` is the request context (unused today; kept so a cache can hang off it later).
    """
    local = Account.filter(local=True, is_active=True)
    user_count = await local.count()
    summed = await Account.filter(local=True).annotate(total=Sum("statuses_count")).values("total")
    status_count = int((summed[0]["total"] if summed else 0) or 0)
    domains = await Account.filter(local=False, domain__not_isnull=True).distinct().values_list(
        "domain", flat=True
    )
    return InstanceStats(
        user_count=user_count,
        status_count=status_count,
        domain_count=len({d.lower() for d in domains if d}),
        active_month=await _active_since(30),
        active_halfyear=await _active_since(180),
    )


#: The keys of Pleroma's ``status_visibility`` counts (admin ``GET /stats``).
COUNTED_VISIBILITIES: tuple[str, ...] = ("public", "unlisted", "private", "direct")


def statuses_of_domain_q(policy: InstancePolicy, domain: str) -> Q:
    """Statuses whose author belongs to ``domain`` (case-insensitive). This instance's own
    host means the local accounts, as Pleroma matches the host of the author's id."""
    domain = (domain or "").strip().lower()
    if domain == policy.host.lower():
        return Q(local=True)
    return Q(account_id__in=Subquery(Account.filter(domain=domain).values("id")))


async def status_visibility_counts(ctx: Any, instance: str | None = None) -> dict[str, int]:
    """How many statuses (not reblogs) there are of each visibility, all of them or those
    of ``instance``'s accounts (see :func:`statuses_of_domain_q`); one statement.

    Pleroma counts ``public``, ``unlisted``, ``private`` and ``direct``; Plenum's local-only
    statuses are counted as ``public`` (everyone may see them). Admins only
    (``admin:read``).
    """
    ctx.viewer.require_admin("read")
    query = Status.filter(reblog_of_id=None)
    if instance:
        query = query.filter(statuses_of_domain_q(ctx.policy, instance))
    rows = await query.annotate(n=Count("id")).group_by("visibility").values_list(
        "visibility", "n"
    )
    counts = dict.fromkeys(COUNTED_VISIBILITIES, 0)
    for visibility, n in rows:
        key = "public" if visibility == "local" else visibility
        if key in counts:
            counts[key] += int(n)
    return counts


async def contact_account(ctx: Any) -> Account | None:
    """The account shown as the instance's contact: the oldest active local admin, or ``None``."""
    return (
        await Account.filter(local=True, is_admin=True, is_active=True).order_by("id").first()
    )


# --- pure facts -----------------------------------------------------------------------


def title(policy: InstancePolicy) -> str:
    """The instance name."""
    return policy.name


def description(policy: InstancePolicy) -> str:
    """The instance description (also its short description)."""
    return policy.description


def version(policy: InstancePolicy) -> str:
    """The Mastodon-style version string clients parse (``2.7.2 (compatible; Pleroma ...)``)."""
    return policy.version


def software_version() -> str:
    """Plenum's own version."""
    return PLENUM_VERSION


def pleroma_version() -> str:
    """The Pleroma version whose API this server answers (nodeinfo ``software.version``)."""
    return PLEROMA_COMPAT_VERSION


def registrations_open(policy: InstancePolicy) -> bool:
    """True when anyone may register without an invite."""
    return policy.registrations_open


def approval_required(policy: InstancePolicy) -> bool:
    """True when new accounts wait for an admin's approval."""
    return policy.account_approval_required


def invites_enabled(policy: InstancePolicy) -> bool:
    """True when invite tokens let people register (while registrations are closed)."""
    return policy.invites_required


def streaming_url(policy: InstancePolicy) -> str:
    """The base URL of the streaming API (``ws``/``wss`` of the public URL)."""
    url = policy.public_url.rstrip("/")
    if url.startswith("https://"):
        return "wss://" + url[len("https://") :]
    if url.startswith("http://"):
        return "ws://" + url[len("http://") :]
    return url


def poll_limits(policy: InstancePolicy) -> dict[str, int]:
    """Poll limits in Pleroma's ``poll_limits`` shape."""
    return {
        "max_options": policy.poll_max_options,
        "max_option_chars": policy.poll_max_option_chars,
        "min_expiration": policy.poll_min_expiration,
        "max_expiration": policy.poll_max_expiration,
    }


def fields_limits(policy: InstancePolicy) -> dict[str, int]:
    """Profile-field limits in Pleroma's ``fields_limits`` shape."""
    return {
        "max_fields": policy.max_profile_fields,
        "max_remote_fields": policy.max_remote_profile_fields,
        "name_length": policy.profile_field_name_length,
        "value_length": policy.profile_field_value_length,
    }


def configuration(policy: InstancePolicy) -> dict[str, Any]:
    """Mastodon's ``configuration`` limits (statuses, media attachments, polls)."""
    return {
        "statuses": {
            "max_characters": policy.max_toot_chars,
            "max_media_attachments": policy.max_media_attachments,
            "characters_reserved_per_url": policy.characters_reserved_per_url,
        },
        "media_attachments": {
            "supported_mime_types": list(SUPPORTED_MIME_TYPES),
            "image_size_limit": policy.upload_limit,
            "image_matrix_limit": 16_777_216,
            "video_size_limit": policy.upload_limit,
            "video_frame_rate_limit": 60,
            "video_matrix_limit": 2_304_000,
        },
        "polls": {
            "max_options": policy.poll_max_options,
            "max_characters_per_option": policy.poll_max_option_chars,
            "min_expiration": policy.poll_min_expiration,
            "max_expiration": policy.poll_max_expiration,
        },
    }


def federation(policy: InstancePolicy) -> dict[str, Any]:
    """Pleroma's ``federation`` metadata: federation is not implemented yet, so it is off."""
    return {
        "enabled": False,
        "exclusions": False,
        "mrf_policies": [],
        "quarantined_instances": [],
        "quarantined_instances_info": {"quarantined_instances": {}},
    }


def features(policy: InstancePolicy) -> list[str]:
    """The Pleroma feature flags.

    ``shareable_emoji_packs`` says this instance serves shared packs' archives
    (``/api/pleroma/emoji/packs/archive``); other instances check it before downloading.
    """
    flags = list(FEATURES)
    if policy.emoji_dir:
        flags.append("shareable_emoji_packs")
    return flags


def pleroma_metadata(policy: InstancePolicy) -> dict[str, Any]:
    """``pleroma.metadata`` of the v1/v2 instance answer."""
    return {
        "features": features(policy),
        "federation": federation(policy),
        "fields_limits": fields_limits(policy),
        "post_formats": list(POST_FORMATS),
        "account_activation_required": policy.account_activation_required,
        "birthday_required": False,
        "birthday_min_age": 0,
    }


def restricted_nicknames(policy: InstancePolicy) -> list[str]:
    """Nicknames nobody may register, sorted."""
    return sorted(policy.restricted_nicknames)


async def staff_uris(ctx: Any) -> list[str]:
    """ActivityPub ids of the active local admins and moderators (nodeinfo ``staffAccounts``)."""
    rows = (
        await Account.filter(local=True, is_active=True)
        .filter(Q(is_admin=True) | Q(is_moderator=True))
        .order_by("id")
        .values_list("uri", flat=True)
    )
    return list(rows)
