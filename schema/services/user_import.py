"""Pleroma's follow, block and mute imports (``/api/pleroma/*_import``).

The list is parsed at once; the follows/blocks/mutes are made by a background job (see
:mod:`schema.services.jobs`), so a long list does not hold up the answer. Identifiers that
name no visible account, or that the rules refuse (blocked, yourself...), are skipped
silently, as Pleroma does.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from models.accounts import Account
from schema.context import RequestContext
from schema.errors import DomainError
from schema.instance import InstancePolicy
from schema.services import jobs, relationships
from schema.services.accounts import find_by_acct, visible_to

log = logging.getLogger("plenum.import")

#: Entries past this many are ignored (a bound on the work one request can cause).
MAX_ENTRIES = 10_000
CSV_HEADER = "account address"
JOB_STARTED = "job started"


@dataclass(frozen=True)
class ImportKind:
    """One kind of import: its scopes and how its list is split."""

    name: str
    scopes: tuple[str, ...]
    csv: bool


FOLLOWS = ImportKind("follows", relationships.FOLLOW_SCOPES, csv=True)
BLOCKS = ImportKind("blocks", relationships.BLOCK_SCOPES, csv=False)
MUTES = ImportKind("mutes", relationships.MUTE_SCOPES, csv=False)


def _clean(entry: str) -> str:
    entry = entry.strip()
    return entry[1:] if entry.startswith("@") else entry


def parse_follow_list(text: str) -> list[str]:
    """Lines, each cut at its first comma (Mastodon CSV), without the CSV header or blanks."""
    out = []
    for line in text.splitlines():
        entry = _clean(line.split(",", 1)[0])
        if entry and entry.lower() != CSV_HEADER:
            out.append(entry)
    return list(dict.fromkeys(out))[:MAX_ENTRIES]


def parse_word_list(text: str) -> list[str]:
    """Whitespace-separated identifiers (blocks and mutes), one leading ``@`` stripped."""
    out = [_clean(word) for word in text.split()]
    return list(dict.fromkeys(e for e in out if e))[:MAX_ENTRIES]


def parse(kind: ImportKind, text: str) -> list[str]:
    """The identifiers of ``text`` for an import of ``kind``."""
    return parse_follow_list(text) if kind.csv else parse_word_list(text)


async def resolve_identifier(policy: InstancePolicy, identifier: str) -> Account | None:
    """The account named by ``nick``, ``nick@host`` or an actor URI/profile URL, if known."""
    if identifier.startswith(("http://", "https://")):
        found = await Account.filter(uri=identifier).first()
        if found is None:
            found = await Account.filter(url=identifier).first()
        return found
    return await find_by_acct(policy, identifier)


async def start_import(ctx: RequestContext, kind: ImportKind, text: str) -> str:
    """Check the scope, parse ``text`` and start the import job; returns ``"job started"``.

    Errors: 403 without an account or the kind's scope.
    """
    viewer = ctx.viewer.require(*kind.scopes)
    identifiers = parse(kind, text)
    await jobs.run(
        ctx,
        run_import(ctx.policy, viewer.id, kind, identifiers),
        name=f"{kind.name}_import:{viewer.id}",
    )
    return JOB_STARTED


async def run_import(
    policy: InstancePolicy, account_id: str, kind: ImportKind, identifiers: list[str]
) -> list[str]:
    """Apply the import as ``account_id``; returns the ids of the accounts it reached."""
    me = await Account.filter(id=account_id).first()
    if me is None or not me.is_active:
        return []
    done: list[str] = []
    for identifier in identifiers:
        target = await resolve_identifier(policy, identifier)
        if target is None or not visible_to(policy, target, None):
            continue
        try:
            if kind is FOLLOWS:
                await relationships.follow_account(me, target)
            elif kind is BLOCKS:
                await relationships.block_account(me, target)
            else:
                await relationships.mute_account(me, target)
        except DomainError as err:
            log.info("%s import: skipped an entry (%s)", kind.name, err.message)
            continue
        done.append(target.id)
    return done
