"""The route table: every REST endpoint in one place.

Each row names the method, the path, the handler (``module:function`` under
``rest_compat.handlers``), who may call it (``auth``) with which OAuth scopes (any of),
the Pleroma/Mastodon operation it implements, the paired GraphQL example in
``graphql_examples/`` (or why there is none), and the rate-limit bucket.

Rows marked ``pleroma=True`` are registered under both ``/api/pleroma/...`` and
``/api/v1/pleroma/...``; their ``path`` is written without that prefix.
"""

from __future__ import annotations

from dataclasses import dataclass

#: ``auth`` values: who may call.
AUTH_NONE = "none"  # anyone; the viewer is still resolved when credentials are sent
AUTH_USER = "user"  # an active account (403 "Invalid credentials." otherwise)
AUTH_APP = "app"  # any valid token, app-only tokens included (registration)
AUTH_ADMIN = "admin"  # an admin account with an admin scope


@dataclass(frozen=True)
class Route:
    """One REST endpoint."""

    method: str
    path: str
    handler: str
    operation: str
    auth: str = AUTH_NONE
    scopes: tuple[str, ...] = ()
    graphql: str | None = None
    no_graphql_because: str | None = None
    rate_limit: str | None = None
    pleroma: bool = False
    summary: str = ""

    def paths(self) -> list[str]:
        """Every concrete path this row is served at."""
        if self.pleroma:
            return ["/api/pleroma" + self.path, "/api/v1/pleroma" + self.path]
        return [self.path]


OAUTH_IS_NOT_GRAPHQL = "OAuth is HTTP by design; GraphQL clients authenticate with its tokens"
DISCOVERY = (
    "discovery document for other servers and client detection; "
    "GraphQL `instance` holds the facts"
)

ROUTES: tuple[Route, ...] = (
    # --- OAuth and apps -------------------------------------------------------------
    Route("POST", "/api/v1/apps", "apps:create", "AppOperation.create",
          graphql="appCreate",
          summary="Register an OAuth client"),
    Route("GET", "/api/v1/apps/verify_credentials", "apps:verify", "AppOperation.verify",
          auth=AUTH_APP, graphql="viewerApp", summary="The app behind the token"),
    Route("GET", "/oauth/authorize", "oauth:authorize_form", "OAuth.authorize",
          no_graphql_because=OAUTH_IS_NOT_GRAPHQL, summary="Login and consent page"),
    Route("POST", "/oauth/authorize", "oauth:authorize_submit", "OAuth.authorize",
          no_graphql_because=OAUTH_IS_NOT_GRAPHQL, rate_limit="authentication",
          summary="Submit the login and consent form"),
    Route("POST", "/oauth/token", "oauth:token", "OAuth.token",
          no_graphql_because=OAUTH_IS_NOT_GRAPHQL, rate_limit="authentication",
          summary="Exchange a grant for a token"),
    Route("POST", "/oauth/revoke", "oauth:revoke", "OAuth.revoke",
          no_graphql_because=OAUTH_IS_NOT_GRAPHQL, summary="Revoke a token"),
    Route("GET", "/auth/sign_out", "oauth:sign_out", "OAuth.sign_out",
          no_graphql_because=OAUTH_IS_NOT_GRAPHQL, summary="End the browser session"),
    Route("POST", "/auth/sign_out", "oauth:sign_out", "OAuth.sign_out",
          no_graphql_because=OAUTH_IS_NOT_GRAPHQL, summary="End the browser session"),
    Route("GET", "/.well-known/oauth-authorization-server", "oauth:metadata",
          "OAuth.metadata", no_graphql_because=OAUTH_IS_NOT_GRAPHQL,
          summary="RFC 8414 authorization server metadata"),
    # --- Accounts and registration ---------------------------------------------------
    Route("POST", "/api/v1/accounts", "accounts:register", "AccountOperation.create",
          auth=AUTH_APP, graphql="accountRegister",
          summary="Register an account (app token)"),
    Route("POST", "/api/account/register", "accounts:register_legacy",
          "TwitterAPI.register", graphql="accountRegister",
          summary="Register an account (seed, TwitterAPI-style answer)"),
    Route("GET", "/api/account/confirm_email/{id}/{token}", "accounts:confirm_email",
          "TwitterAPI.confirm_email",
          no_graphql_because="a link followed from the confirmation email; it redirects a browser",
          summary="Confirm an account's email address, then redirect to /"),
    Route("GET", "/api/v1/accounts/verify_credentials", "accounts:verify_credentials",
          "AccountOperation.verify_credentials", auth=AUTH_USER, scopes=("read:accounts",),
          graphql="viewer", summary="The authenticated account with its source"),
    Route("GET", "/api/v1/accounts/lookup", "accounts:lookup", "AccountOperation.lookup",
          graphql="accountLookup", summary="Find an account by acct"),
    Route("GET", "/api/v1/accounts/{id}", "accounts:show", "AccountOperation.show",
          graphql="account", summary="An account by id or nickname"),
    Route("GET", "/captcha", "captcha:new", "PleromaAPI.captcha", pleroma=True,
          graphql="captcha", summary="A new captcha challenge"),
    # --- Instance and discovery -----------------------------------------------------
    Route("GET", "/api/v1/instance", "instance:v1", "InstanceOperation.show",
          graphql="instance", summary="Instance information (v1)"),
    Route("GET", "/api/v1/instance/", "instance:v1", "InstanceOperation.show",
          graphql="instance", summary="Instance information (v1, trailing slash)"),
    Route("GET", "/api/v2/instance", "instance:v2", "InstanceOperation.show2",
          graphql="instance", summary="Instance information (v2)"),
    Route("GET", "/api/v2/instance/", "instance:v2", "InstanceOperation.show2",
          graphql="instance", summary="Instance information (v2, trailing slash: Mastodon.py)"),
    Route("GET", "/.well-known/nodeinfo", "instance:nodeinfo_index", "NodeInfo.index",
          no_graphql_because=DISCOVERY, summary="NodeInfo discovery"),
    Route("GET", "/nodeinfo/2.0.json", "instance:nodeinfo_20", "NodeInfo.show",
          graphql="instance", summary="NodeInfo 2.0"),
    Route("GET", "/nodeinfo/2.1.json", "instance:nodeinfo_21", "NodeInfo.show",
          graphql="instance", summary="NodeInfo 2.1"),
    Route("GET", "/.well-known/host-meta", "instance:host_meta", "WebFinger.host_meta",
          no_graphql_because=DISCOVERY, summary="host-meta (XRD)"),
    Route("GET", "/.well-known/webfinger", "instance:webfinger", "WebFinger.webfinger",
          graphql="accountLookup", summary="WebFinger for local accounts"),
    Route("GET", "/healthcheck", "instance:healthcheck", "PleromaAPI.healthcheck",
          pleroma=True, graphql="health", summary="Health figures of this server"),
    Route("GET", "/api/openapi.json", "meta:openapi", "OpenAPI.spec",
          no_graphql_because="describes the REST layer itself; GraphQL has introspection",
          summary="OpenAPI document generated from this table"),
    # --- Relationships: follows, blocks, mutes, subscriptions, imports ---------------
    Route("GET", "/api/v1/accounts/relationships", "relationships:relationships",
          "AccountOperation.relationships", auth=AUTH_USER, scopes=("read:follows", "follow"),
          graphql="relationships", summary="The viewer's relationships with accounts"),
    Route("GET", "/api/v1/accounts/search", "relationships:search",
          "SearchOperation.account_search",
          graphql="accountSearch", summary="Local accounts by nickname or display name prefix"),
    Route("POST", "/api/v1/accounts/{id}/follow", "relationships:follow",
          "AccountOperation.follow", auth=AUTH_USER, scopes=("follow", "write:follows"),
          graphql="accountFollow", summary="Follow an account (a request when it is locked)"),
    Route("POST", "/api/v1/accounts/{id}/unfollow", "relationships:unfollow",
          "AccountOperation.unfollow", auth=AUTH_USER, scopes=("follow", "write:follows"),
          graphql="accountUnfollow", summary="Unfollow an account (also unsubscribes)"),
    Route("POST", "/api/v1/accounts/{id}/block", "relationships:block",
          "AccountOperation.block", auth=AUTH_USER, scopes=("follow", "write:blocks"),
          graphql="accountBlock", summary="Block an account (removes follows both ways)"),
    Route("POST", "/api/v1/accounts/{id}/unblock", "relationships:unblock",
          "AccountOperation.unblock", auth=AUTH_USER, scopes=("follow", "write:blocks"),
          graphql="accountUnblock", summary="Unblock an account"),
    Route("POST", "/api/v1/accounts/{id}/mute", "relationships:mute",
          "AccountOperation.mute", auth=AUTH_USER, scopes=("follow", "write:mutes"),
          graphql="accountMute",
          summary="Mute an account (optionally its notifications, for a time)"),
    Route("POST", "/api/v1/accounts/{id}/unmute", "relationships:unmute",
          "AccountOperation.unmute", auth=AUTH_USER, scopes=("follow", "write:mutes"),
          graphql="accountUnmute", summary="Unmute an account"),
    Route("GET", "/api/v1/accounts/{id}/followers", "relationships:followers",
          "AccountOperation.followers", graphql="accountFollowers",
          summary="An account's followers (empty when hidden), paginated"),
    Route("GET", "/api/v1/accounts/{id}/following", "relationships:following",
          "AccountOperation.following", graphql="accountFollowing",
          summary="The accounts an account follows (empty when hidden), paginated"),
    Route("GET", "/api/v1/blocks", "relationships:blocks", "AccountOperation.blocks",
          auth=AUTH_USER, scopes=("read:blocks", "follow"), graphql="viewerBlocks",
          summary="The accounts the viewer blocks, paginated"),
    Route("GET", "/api/v1/mutes", "relationships:mutes", "AccountOperation.mutes",
          auth=AUTH_USER, scopes=("read:mutes", "follow"), graphql="viewerMutes",
          summary="The accounts the viewer mutes, paginated"),
    Route("GET", "/api/v1/follow_requests", "relationships:follow_requests",
          "FollowRequestOperation.index", auth=AUTH_USER, scopes=("read:follows", "follow"),
          graphql="viewerFollowRequests", summary="Pending follow requests to the viewer"),
    Route("POST", "/api/v1/follow_requests/{id}/authorize", "relationships:authorize",
          "FollowRequestOperation.authorize", auth=AUTH_USER, scopes=("follow", "write:follows"),
          graphql="followRequestAuthorize", summary="Accept a follow request"),
    Route("POST", "/api/v1/follow_requests/{id}/reject", "relationships:reject",
          "FollowRequestOperation.reject", auth=AUTH_USER, scopes=("follow", "write:follows"),
          graphql="followRequestReject", summary="Refuse a follow request"),
    Route("POST", "/accounts/{id}/subscribe", "relationships:subscribe",
          "PleromaAPI.subscribe", auth=AUTH_USER, scopes=("follow", "write:follows"),
          pleroma=True, graphql="accountSubscribe",
          summary="Be notified of an account's new top-level statuses"),
    Route("POST", "/accounts/{id}/unsubscribe", "relationships:unsubscribe",
          "PleromaAPI.unsubscribe", auth=AUTH_USER, scopes=("follow", "write:follows"),
          pleroma=True, graphql="accountUnsubscribe", summary="Stop a subscription"),
    Route("POST", "/follow_import", "imports:follow_import", "UserImport.follow",
          auth=AUTH_USER, scopes=("follow", "write:follows"), pleroma=True,
          graphql="followImport", summary="Follow every account of a list (background job)"),
    Route("POST", "/blocks_import", "imports:blocks_import", "UserImport.blocks",
          auth=AUTH_USER, scopes=("follow", "write:blocks"), pleroma=True,
          graphql="blocksImport", summary="Block every account of a list (background job)"),
    Route("POST", "/mutes_import", "imports:mutes_import", "UserImport.mutes",
          auth=AUTH_USER, scopes=("follow", "write:mutes"), pleroma=True,
          graphql="mutesImport", summary="Mute every account of a list (background job)"),
    # --- Statuses and what accounts do to them -------------------------------------
    Route("POST", "/api/v1/statuses", "statuses:create", "StatusOperation.create",
          auth=AUTH_USER, scopes=("write:statuses",), graphql="statusCreate",
          summary="Post a status (`Idempotency-Key` makes a retry return the first one)"),
    Route("GET", "/api/v1/statuses", "statuses:index", "StatusOperation.index",
          scopes=("read:statuses",), graphql="statuses",
          summary="The visible statuses among `ids[]`, in the order given"),
    Route("GET", "/api/v1/statuses/{id}", "statuses:show", "StatusOperation.show",
          scopes=("read:statuses",), graphql="status", summary="One visible status"),
    Route("DELETE", "/api/v1/statuses/{id}", "statuses:delete", "StatusOperation.delete",
          auth=AUTH_USER, scopes=("write:statuses",), graphql="statusDelete",
          summary="Delete one's status; answers it with its source in `text`"),
    Route("GET", "/api/v1/statuses/{id}/context", "statuses:context",
          "StatusOperation.context", scopes=("read:statuses",), graphql="statusContext",
          summary="The visible ancestors and descendants of a status"),
    Route("POST", "/api/v1/statuses/{id}/favourite", "statuses:favourite",
          "StatusOperation.favourite", auth=AUTH_USER, scopes=("write:favourites",),
          graphql="statusFavourite",
          summary="Favourite a status (idempotent)"),
    Route("POST", "/api/v1/statuses/{id}/unfavourite", "statuses:unfavourite",
          "StatusOperation.unfavourite", auth=AUTH_USER, scopes=("write:favourites",),
          graphql="statusUnfavourite",
          summary="Take back a favourite"),
    Route("POST", "/api/v1/statuses/{id}/reblog", "statuses:reblog",
          "StatusOperation.reblog", auth=AUTH_USER, scopes=("write:statuses",),
          graphql="statusReblog",
          summary="Reblog a status (idempotent); answers the reblog"),
    Route("POST", "/api/v1/statuses/{id}/unreblog", "statuses:unreblog",
          "StatusOperation.unreblog", auth=AUTH_USER, scopes=("write:statuses",),
          graphql="statusUnreblog",
          summary="Undo a reblog; answers the original"),
    Route("GET", "/api/v1/statuses/{id}/favourited_by", "statuses:favourited_by",
          "StatusOperation.favourited_by", scopes=("read:accounts",),
          graphql="statusFavouritedBy", summary="Who favourited a status (paged)"),
    Route("GET", "/api/v1/statuses/{id}/reblogged_by", "statuses:reblogged_by",
          "StatusOperation.reblogged_by", scopes=("read:accounts",),
          graphql="statusRebloggedBy", summary="Who reblogged a status (paged)"),
    Route("POST", "/api/v1/statuses/{id}/pin", "statuses:pin", "StatusOperation.pin",
          auth=AUTH_USER, scopes=("write:accounts",), graphql="statusPin",
          summary="Pin one's own public or unlisted status to one's profile"),
    Route("POST", "/api/v1/statuses/{id}/unpin", "statuses:unpin", "StatusOperation.unpin",
          auth=AUTH_USER, scopes=("write:accounts",), graphql="statusUnpin",
          summary="Unpin a status"),
    Route("POST", "/api/v1/statuses/{id}/bookmark", "statuses:bookmark",
          "StatusOperation.bookmark", auth=AUTH_USER, scopes=("write:bookmarks",),
          graphql="statusBookmark", summary="Bookmark a status (idempotent)"),
    Route("POST", "/api/v1/statuses/{id}/unbookmark", "statuses:unbookmark",
          "StatusOperation.unbookmark", auth=AUTH_USER, scopes=("write:bookmarks",),
          graphql="statusUnbookmark", summary="Remove a bookmark"),
    Route("POST", "/api/v1/statuses/{id}/mute", "statuses:mute",
          "StatusOperation.mute_conversation", auth=AUTH_USER, scopes=("write:mutes",),
          graphql="statusMute", summary="Mute a status's thread"),
    Route("POST", "/api/v1/statuses/{id}/unmute", "statuses:unmute",
          "StatusOperation.unmute_conversation", auth=AUTH_USER, scopes=("write:mutes",),
          graphql="statusUnmute", summary="Unmute a status's thread"),
    # --- Media attachments ----------------------------------------------------------
    Route("POST", "/api/v1/media", "media:upload", "MediaOperation.create",
          auth=AUTH_USER, scopes=("write:media",), graphql="mediaUpload",
          summary="Upload a file (multipart `file`, `description`, `focus`)"),
    Route("POST", "/api/v2/media", "media:upload", "MediaOperation.create2",
          auth=AUTH_USER, scopes=("write:media",), graphql="mediaUpload",
          summary="Upload a file (v2; processed at once, so 200)"),
    Route("GET", "/api/v1/media/{id}", "media:show", "MediaOperation.show",
          auth=AUTH_USER, scopes=("write:media",), graphql="media",
          summary="One of the viewer's own uploads"),
    Route("PUT", "/api/v1/media/{id}", "media:update", "MediaOperation.update",
          auth=AUTH_USER, scopes=("write:media",), graphql="mediaUpdate",
          summary="Change the description or focus of one's upload"),
    Route("GET", "/emoji", "emoji:pleroma_index", "PleromaAPI.emoji", pleroma=True,
          graphql="customEmojis",
          summary="The instance's custom emoji: shortcode -> image_url (relative), tags"),
    Route("GET", "/api/v1/custom_emojis", "emoji:custom_emojis", "CustomEmojiOperation.index",
          graphql="customEmojis",
          summary="The instance's custom emoji (Mastodon list, by shortcode)"),
    Route("GET", "/emoji/{pack}/{path:.+}", "emoji:serve_file", "Emoji.file",
          no_graphql_because="serves the image's bytes; GraphQL gives its URL",
          summary="A custom emoji image (only files that are emoji of a pack)"),
    Route("GET", "/media/{path:.+}", "media:serve_file", "Media.file",
          no_graphql_because="serves the file's bytes; GraphQL gives its URL",
          summary="An uploaded file (no listing; images, video and audio inline)"),
    # --- Timelines ------------------------------------------------------------------------
    Route("GET", "/api/v1/timelines/home", "timelines:home", "TimelineOperation.home",
          auth=AUTH_USER, scopes=("read:statuses",), graphql="homeTimeline",
          summary="Own, followed and addressed statuses"),
    Route("GET", "/api/v1/timelines/public", "timelines:public", "TimelineOperation.public",
          graphql="publicTimeline", summary="Public statuses (local, remote, only_media)"),
    Route("GET", "/api/v1/timelines/tag/{hashtag}", "timelines:tag", "TimelineOperation.hashtag",
          graphql="tagTimeline", summary="Public statuses with a hashtag (any, all, none)"),
    Route("GET", "/api/v1/accounts/{id}/statuses", "timelines:account_statuses",
          "AccountOperation.statuses", graphql="accountStatuses",
          summary="An account's statuses the viewer may see"),
    Route("GET", "/api/v1/favourites", "timelines:favourites", "StatusOperation.favourites",
          auth=AUTH_USER, scopes=("read:favourites",), graphql="favourites",
          summary="The viewer's favourites, newest favourite first"),
    Route("GET", "/api/v1/bookmarks", "timelines:bookmarks", "StatusOperation.bookmarks",
          auth=AUTH_USER, scopes=("read:bookmarks",), graphql="bookmarks",
          summary="The viewer's bookmarks, newest bookmark first"),
    Route("GET", "/accounts/{id}/favourites", "timelines:account_favourites",
          "PleromaAPI.favourites", scopes=("read:favourites",), pleroma=True,
          graphql="accountFavourites",
          summary="Favourites of any account that does not hide them"),
)
