"""Search at the service level: the text rule, who may find what, paging, hashtags."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.ratelimit import Bucket, RateLimiter, per_minutes
from models.accounts import Account
from models.relationships import Block, Mute
from models.statuses import Status, searchable_text
from schema.errors import DomainError
from schema.services import interactions, search, statuses
from schema.services.search import SearchRequest, hashtags_for, query_words
from schema.services.statuses import StatusInput
from tests.querycount import count_queries
from tests.world import make_world

WASHINGTON_POST = (
    "https://www.washingtonpost.com/sports/2020/06/10/"
    "nascar-ban-display-confederate-flag-all-events-properties/"
)


@pytest.fixture
async def world(db, policy):
    return await make_world(policy)


async def post(world, who, text, **kw):
    return await statuses.create_status(world.ctx(who), StatusInput(text=text, **kw))


async def found(world, who, q, **kw) -> list[str]:
    """The ids of the statuses a search for ``q`` shows ``who`` (None: anonymous)."""
    ctx = kw.pop("ctx", None) or world.ctx(who)
    results = await search.search(ctx, SearchRequest(q=q, type="statuses", **kw))
    return [view.id for view in results.statuses]


# --- the pure parts ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "tags"),
    [
        # Pleroma's search_controller_test vectors
        ("2hu #private", ["private"]),
        ("天子", ["天子"]),
        ("2hu", ["2hu"]),
        ("some text with #explicit #hashtags", ["explicit", "hashtags"]),
        ("john doe JOHN DOE", ["john", "doe", "JohnDoe"]),
        ("accident-prone", ["accident", "prone", "AccidentProne"]),
        ("https://shpposter.club/users/shpuld", ["shpuld"]),
        (
            WASHINGTON_POST,
            ["nascar", "ban", "display", "confederate", "flag", "all", "events", "properties",
             "NascarBanDisplayConfederateFlagAllEventsProperties"],
        ),
        # explicit tags keep their case and go once, ignoring case
        ("#Cats and #cats and #DOGS", ["Cats", "DOGS"]),
        ("", []),
        ("#", []),
        ("https://example.com", []),
    ],
)
def test_hashtags_follow_pleromas_prepare_tags(query, tags):
    assert hashtags_for(query) == tags


def test_hashtags_page_by_offset_and_limit():
    assert hashtags_for("#some #text #with #hashtags", limit=2, offset=1) == ["text", "with"]
    assert hashtags_for("#some #text", limit=2, offset=5) == []


def test_query_words_are_folded_and_trimmed_of_punctuation():
    assert query_words("  #Private, 2HU!! @Bob 2hu ") == ["private", "2hu", "bob"]
    assert query_words("STRASSE Straße ÉCOLE") == ["strasse", "école"]
    assert query_words("... ## !!") == []
    assert len(query_words(" ".join(f"w{i}" for i in range(50)))) == search.MAX_WORDS


def test_searchable_text_is_the_visible_text_not_the_markup():
    html = (
        '<p>Hello <span class="h-card"><a href="https://x.example/users/bob" '
        'class="u-url mention">@<span>bob</span></a></span><br>World &amp; CO</p>'
        "<p>Ünïcode  ＦＵＬＬ</p>"
    )
    text = searchable_text(html, "Spoiler Here")
    assert text == "spoiler here hello @bob world & co ünïcode full"
    assert "href" not in text and "x.example" not in text and "mention" not in text


# --- the text rule -------------------------------------------------------------------


async def test_every_word_must_match_case_insensitively(world):
    both = await post(world, world.alice, "Cats like BOXES")
    cats = await post(world, world.alice, "only cats here")
    await post(world, world.alice, "nothing related")
    assert await found(world, None, "cats") == [cats.id, both.id]
    assert await found(world, None, "CATS boxes") == [both.id]
    assert await found(world, None, "#cats, @boxes!") == [both.id]
    assert await found(world, None, "cats dogs") == []
    assert await found(world, None, "   ") == []


async def test_non_ascii_text_matches_in_any_case_on_both_databases(world):
    school = await post(world, world.alice, "Die ÉCOLE ist groß")
    tian = await post(world, world.alice, "This is about 2hu private 天子")
    assert await found(world, None, "école") == [school.id]
    assert await found(world, None, "GROSS") == [school.id]
    assert await found(world, None, "天子") == [tian.id]


async def test_markup_and_links_are_not_matched_but_their_text_is(world):
    mention = await post(world, world.alice, "hello @bob")
    await post(world, world.alice, "**bold** words", content_type="text/markdown")
    html = await post(
        world, world.alice, '<a href="https://hidden.example/x">shown</a>', content_type="text/html"
    )
    assert await found(world, None, "@bob") == [mention.id]
    for hidden in ("users", "href", "mention", "h-card", "hidden.example", "strong", "**"):
        assert await found(world, None, hidden) == [], hidden
    assert await found(world, None, "shown") == [html.id]
    assert len(await found(world, None, "bold")) == 1


async def test_content_warnings_are_searched(world):
    warned = await post(world, world.alice, "the body", spoiler_text="Spoiler Alert")
    assert await found(world, None, "alert") == [warned.id]


async def test_like_wildcards_in_the_query_are_literal(world):
    await post(world, world.alice, "abc 1000")
    percent = await post(world, world.alice, "a_c 100%")
    assert await found(world, None, "a_c") == [percent.id]
    assert await found(world, None, "1%0") == []
    assert len(await found(world, None, "100")) == 2  # "100%" is the word 100
    assert await found(world, None, "a%c") == []
    assert await found(world, None, "a\\c") == []


async def test_reblogs_and_deactivated_authors_are_left_out(world):
    original = await post(world, world.alice, "boosted words")
    await interactions.reblog(world.ctx(world.bob), original.id)
    eve_post = await post(world, world.eve, "boosted words from eve")
    assert await found(world, world.carol, "boosted") == [eve_post.id, original.id]
    await Account.filter(id=world.eve.id).update(is_active=False)
    assert await found(world, world.carol, "boosted") == [original.id]


# --- who finds what --------------------------------------------------------------------


async def test_visibility_decides_who_finds_what(world):
    public = await post(world, world.alice, "needle public")
    unlisted = await post(world, world.alice, "needle unlisted", visibility="unlisted")
    local = await post(world, world.alice, "needle local", visibility="local")
    private = await post(world, world.alice, "needle private", visibility="private")
    direct = await post(world, world.alice, "needle @carol", visibility="direct")
    everyone = [local.id, unlisted.id, public.id]
    assert await found(world, None, "needle") == everyone
    assert await found(world, world.eve, "needle") == everyone  # a stranger
    assert await found(world, world.bob, "needle") == [private.id, *everyone]  # a follower
    assert await found(world, world.carol, "needle") == [direct.id, *everyone]  # addressed
    assert await found(world, world.alice, "needle") == [
        direct.id, private.id, local.id, unlisted.id, public.id,
    ]


async def test_blocks_hide_statuses_both_ways(world):
    alices = await post(world, world.alice, "blocked words")
    eves = await post(world, world.eve, "blocked words too")
    await Block.create(account_id=world.alice.id, target_id=world.eve.id)
    assert await found(world, world.eve, "blocked") == [eves.id]
    assert await found(world, world.alice, "blocked") == [alices.id]
    assert await found(world, world.bob, "blocked") == [eves.id, alices.id]


async def test_mutes_hide_statuses_as_in_timelines(world):
    alices = await post(world, world.alice, "muted words")
    mute = await Mute.create(
        account_id=world.bob.id, target_id=world.alice.id,
        expires_at=datetime(2000, 1, 1, tzinfo=UTC),
    )
    assert await found(world, world.bob, "muted") == [alices.id]  # expired
    mute.expires_at = None
    await mute.save()
    assert await found(world, world.bob, "muted") == []
    assert await found(world, world.eve, "muted") == [alices.id]


async def test_a_token_without_read_search_searches_as_anonymous(world):
    private = await post(world, world.alice, "scoped private", visibility="private")
    public = await post(world, world.alice, "scoped public")
    assert await found(world, world.bob, "scoped") == [public.id, private.id]
    narrow = world.ctx(world.bob, scopes=frozenset({"read:statuses"}))
    assert await found(world, None, "scoped", ctx=narrow) == [public.id]
    wide = world.ctx(world.bob, scopes=frozenset({"read"}))
    assert await found(world, None, "scoped", ctx=wide) == [public.id, private.id]


async def test_anonymous_viewers_find_only_local_statuses(world):
    remote_author = await Account.create(
        nickname="far", nickname_lower="far", domain="remote.example", local=False,
        uri="https://remote.example/users/far", url="https://remote.example/@far",
    )
    remote = await Status.create(
        account_id=remote_author.id, uri="https://remote.example/objects/1",
        url="https://remote.example/@far/1", local=False, content="<p>remote words</p>",
        search_text=searchable_text("<p>remote words</p>"), conversation_id="c1",
    )
    assert await found(world, None, "remote") == []
    assert await found(world, world.eve, "remote") == [remote.id]


# --- options -------------------------------------------------------------------------


async def test_account_id_keeps_one_authors_statuses(world):
    alices = await post(world, world.alice, "shared topic")
    bobs = await post(world, world.bob, "shared topic too")
    assert await found(world, None, "topic", account_id=world.alice.id) == [alices.id]
    assert await found(world, None, "topic", account_id="bob") == [bobs.id]
    assert await found(world, None, "topic", account_id="nobody-here") == []
    await Account.filter(id=world.bob.id).update(is_active=False)
    assert await found(world, None, "topic", account_id=world.bob.id) == []


async def test_offset_and_limit_page_newest_first(world):
    posted = [await post(world, world.alice, f"paged {i}") for i in range(5)]
    newest_first = [s.id for s in reversed(posted)]
    assert await found(world, None, "paged", limit=2) == newest_first[:2]
    assert await found(world, None, "paged", limit=2, offset=2) == newest_first[2:4]
    assert await found(world, None, "paged", limit=2, offset=4) == newest_first[4:]
    assert await found(world, None, "paged", limit=0) == newest_first[:1]  # at least one
    assert await found(world, None, "paged", limit=500) == newest_first  # at most 40
    assert await found(world, None, "paged", offset=-3) == newest_first


async def test_a_status_url_finds_that_status_first_when_visible(world):
    target = await post(world, world.alice, "the linked one", visibility="private")
    first_link = await post(world, world.bob, f"look at {target.url}")
    second_link = await post(world, world.carol, f"earlier: {target.url} !")
    for address in (target.url, target.uri, target.url + "/"):
        assert await found(world, world.bob, address) == [
            target.id, second_link.id, first_link.id,
        ][: 3 if address != target.uri else 1], address
    # paging counts the found status as the first result
    assert await found(world, world.bob, target.url, limit=1) == [target.id]
    assert await found(world, world.bob, target.url, limit=1, offset=1) == [second_link.id]
    assert await found(world, world.bob, target.url, limit=2, offset=1) == [
        second_link.id, first_link.id,
    ]
    assert await found(world, world.bob, target.url, offset=3) == []
    # a stranger and an anonymous viewer only find the statuses that link it
    assert await found(world, world.eve, target.url) == [second_link.id, first_link.id]
    assert await found(world, None, target.uri) == []


async def test_type_limits_the_kinds_searched(world):
    await post(world, world.alice, "alice wrote this")
    ctx = world.ctx(world.bob)
    everything = await search.search(ctx, SearchRequest(q="alice"))
    assert [a.nickname for a in everything.accounts] == ["alice"]
    assert len(everything.statuses) == 1
    assert [t.name for t in everything.hashtags] == ["alice"]
    assert everything.hashtags[0].url == "https://plenum.example/tag/alice"
    only = await search.search(ctx, SearchRequest(q="alice", type="hashtags"))
    assert (only.accounts, only.statuses, [t.name for t in only.hashtags]) == ([], [], ["alice"])
    with pytest.raises(DomainError) as err:
        await search.search(ctx, SearchRequest(q="alice", type="people"))
    assert err.value.status == 400


# --- accounts ------------------------------------------------------------------------


async def names(world, who, q, **kw):
    results = await search.search(world.ctx(who), SearchRequest(q=q, type="accounts", **kw))
    return [a.nickname for a in results.accounts]


async def test_accounts_by_prefix_handle_and_url(world):
    assert await names(world, None, "a") == ["alice"]
    assert await names(world, None, "@ALICE@plenum.example") == ["alice"]
    assert await names(world, None, "alice@elsewhere.example") == []
    assert await names(world, None, world.alice.uri) == ["alice"]
    assert await names(world, None, world.alice.url + "/") == ["alice"]
    assert await names(world, None, "https://plenum.example/users/nobody") == []


async def test_accounts_page_by_offset_with_the_exact_match_first(world):
    await Account.filter(id=world.eve.id).update(display_name="Bobby E.")
    assert await names(world, None, "bob") == ["bob", "eve"]
    assert await names(world, None, "bob", limit=1) == ["bob"]
    assert await names(world, None, "bob", limit=1, offset=1) == ["eve"]
    assert await names(world, None, "bob", offset=2) == []


async def test_accounts_leave_out_those_the_viewer_blocks(world):
    await Block.create(account_id=world.bob.id, target_id=world.alice.id)
    assert await names(world, world.bob, "alice") == []
    assert await names(world, world.eve, "alice") == ["alice"]


async def test_following_needs_an_account(world):
    assert await names(world, world.bob, "a", following=True) == ["alice"]
    assert await names(world, world.eve, "a", following=True) == []
    with pytest.raises(DomainError) as err:
        await names(world, None, "a", following=True)
    assert err.value.status == 403


# --- costs ---------------------------------------------------------------------------


async def test_a_page_costs_the_same_statements_whatever_its_size(world):
    for i in range(6):
        await post(world, world.alice if i % 2 else world.carol, f"costly @bob #tag{i}")
    ctx = world.ctx(world.bob)
    with count_queries() as one:
        page = await search.search(ctx, SearchRequest(q="costly", limit=1))
    assert len(page.statuses) == 1
    ctx = world.ctx(world.bob)
    with count_queries() as six:
        page = await search.search(ctx, SearchRequest(q="costly", limit=6))
    assert len(page.statuses) == 6
    assert six.count == one.count <= 5


async def test_one_search_spends_the_search_budget_once(world):
    limiter = RateLimiter({"search": Bucket(per_minutes(2, 1))})
    ctx = world.ctx(world.bob)
    ctx.extras["rate_limiter"] = limiter
    await search.search(ctx, SearchRequest(q="x"))
    await search.search(ctx, SearchRequest(q="x"))
    with pytest.raises(DomainError) as err:
        await search.search(ctx, SearchRequest(q="x"))
    assert (err.value.status, err.value.message) == (429, "Throttled")
