"""Who may see a status: the one place this rule lives.

- ``public``, ``unlisted`` and ``local``: everyone;
- ``private``: the author, the author's accepted followers, and the accounts it addresses;
- ``direct``: the author and the accounts it addresses;
- never a status whose author blocks the viewer or whom the viewer blocks (Mastodon's rule);
- a reblog is visible when the reblogged status is.

:func:`visible_q` expresses the rule as one SQL condition (for timelines and lists);
:func:`can_see` decides for one status already in hand.
"""

from __future__ import annotations

from tortoise.expressions import Q, Subquery

from models.relationships import Block, Follow
from models.statuses import Mention, Status

PUBLIC_VISIBILITIES = ("public", "unlisted", "local")
LISTED_VISIBILITIES = ("public", "local")
ALL_VISIBILITIES = ("public", "unlisted", "local", "private", "direct")


def blocked_either_way_q(viewer_id: str, field: str = "account_id") -> Q:
    """Excludes rows whose ``field`` account blocks the viewer or is blocked by them."""
    blocked = Subquery(Block.filter(account_id=viewer_id).values("target_id"))
    blockers = Subquery(Block.filter(target_id=viewer_id).values("account_id"))
    return ~Q(**{f"{field}__in": blocked}) & ~Q(**{f"{field}__in": blockers})


def _audience_q(viewer_id: str, p: str) -> Q:
    """The audience part of the rule (blocks aside) for a signed-in viewer."""
    followed = Subquery(Follow.filter(account_id=viewer_id, accepted=True).values("target_id"))
    addressed = Subquery(Mention.filter(account_id=viewer_id).values("status_id"))
    return (
        Q(**{f"{p}visibility__in": PUBLIC_VISIBILITIES})
        | Q(**{f"{p}account_id": viewer_id})
        | Q(**{f"{p}visibility": "private", f"{p}account_id__in": followed})
        | Q(**{f"{p}id__in": addressed})
    )


def visible_q(viewer_id: str | None, prefix: str = "") -> Q:
    """The SQL condition "the viewer may see this status" (``prefix`` for joined rows)."""
    p = prefix
    if viewer_id is None:
        return Q(**{f"{p}visibility__in": PUBLIC_VISIBILITIES})
    return _audience_q(viewer_id, p) & blocked_either_way_q(viewer_id, f"{p}account_id")


def reportable_q(viewer_id: str) -> Q:
    """The statuses a reporter may attach to a report: what :func:`visible_q` shows them,
    plus what is hidden only because the reporter blocks its author (blocking and
    reporting the same account go together). An author who blocks the reporter still
    hides everything, so a report cannot reveal a status its reporter could not see."""
    blockers = Subquery(Block.filter(target_id=viewer_id).values("account_id"))
    return _audience_q(viewer_id, "") & ~Q(account_id__in=blockers)


async def is_blocked_either_way(viewer_id: str, other_id: str) -> bool:
    """True when one of the two accounts blocks the other."""
    return await Block.filter(
        Q(account_id=viewer_id, target_id=other_id) | Q(account_id=other_id, target_id=viewer_id)
    ).exists()


async def can_see(viewer_id: str | None, status: Status) -> bool:
    """Whether the viewer may see ``status`` (at most three small queries)."""
    if viewer_id is None:
        return status.visibility in PUBLIC_VISIBILITIES
    if status.account_id == viewer_id:
        return True
    if await is_blocked_either_way(viewer_id, status.account_id):
        return False
    if status.visibility in PUBLIC_VISIBILITIES:
        return True
    if await Mention.filter(status_id=status.id, account_id=viewer_id).exists():
        return True
    if status.visibility == "private":
        return await Follow.filter(
            account_id=viewer_id, target_id=status.account_id, accepted=True
        ).exists()
    return False
