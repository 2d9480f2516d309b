"""Statuses (posts and reblogs), their mentions and hashtags, and posting idempotency."""

import unicodedata
from html.parser import HTMLParser

from tortoise import fields
from tortoise.models import Model

from models.fields import id_field

VISIBILITIES = ("public", "unlisted", "local", "private", "direct")

#: Tags after which the text of a status breaks (a space in :func:`searchable_text`).
_BREAKING_TAGS = frozenset(
    {"br", "p", "div", "li", "ul", "ol", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6"}
)


def fold(text: str) -> str:
    """``text`` as status search compares it: NFKC-normalised and case-folded."""
    return unicodedata.normalize("NFKC", text).casefold()


class _TextOf(HTMLParser):
    """The text nodes of an HTML fragment, a space where a block or line breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _BREAKING_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BREAKING_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def searchable_text(content_html: str, spoiler_text: str = "") -> str:
    """What status search matches (``Status.search_text``): the text a reader sees.

    The content's text nodes (tags and attributes left out, entities decoded) after the
    content warning, :func:`fold`-ed, with every run of whitespace made one space.
    """
    parser = _TextOf()
    parser.feed(content_html or "")
    parser.close()
    text = f"{spoiler_text or ''} {''.join(parser.parts)}"
    return " ".join(fold(text).split())


class Status(Model):
    """A post, or a reblog of one (``reblog_of`` set, no content of its own).

    ``conversation_id`` is the id of the thread's root status (Pleroma's context id).
    Counters are kept in the row and changed in the same transaction as the rows they
    count. The composite indexes serve the keyset scans of every timeline.
    """

    id = id_field()
    account = fields.ForeignKeyField(
        "models.Account", related_name="statuses", on_delete=fields.CASCADE
    )
    uri = fields.CharField(max_length=2048, unique=True)
    url = fields.CharField(max_length=2048)
    local = fields.BooleanField(default=True)
    visibility = fields.CharField(max_length=16, default="public")
    content = fields.TextField(default="")
    source = fields.TextField(default="")
    #: :func:`searchable_text` of ``content`` and ``spoiler_text``, set with them (search)
    search_text = fields.TextField(default="", db_default="")
    content_type = fields.CharField(max_length=32, default="text/plain")
    spoiler_text = fields.TextField(default="")
    sensitive = fields.BooleanField(default=False)
    language = fields.CharField(max_length=16, null=True)
    in_reply_to = fields.ForeignKeyField(
        "models.Status", related_name="replies", null=True, on_delete=fields.SET_NULL
    )
    in_reply_to_account = fields.ForeignKeyField(
        "models.Account", related_name="replies_received", null=True, on_delete=fields.SET_NULL
    )
    reblog_of = fields.ForeignKeyField(
        "models.Status", related_name="reblogs", null=True, on_delete=fields.CASCADE
    )
    conversation_id = fields.CharField(max_length=18, db_index=True)
    application_name = fields.CharField(max_length=255, null=True)
    application_website = fields.CharField(max_length=2048, null=True)
    has_media = fields.BooleanField(default=False)
    emojis = fields.JSONField(default=list)
    replies_count = fields.IntField(default=0)
    reblogs_count = fields.IntField(default=0)
    favourites_count = fields.IntField(default=0)
    expires_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    edited_at = fields.DatetimeField(null=True)

    class Meta:
        table = "statuses"
        indexes = (("account_id", "id"), ("visibility", "id"), ("reblog_of_id", "account_id"))


class Mention(Model):
    """An account addressed by a status (a mention, or a recipient of a direct post)."""

    id = fields.IntField(primary_key=True)
    status = fields.ForeignKeyField(
        "models.Status", related_name="mentions", on_delete=fields.CASCADE
    )
    account = fields.ForeignKeyField(
        "models.Account", related_name="mentioned_in", on_delete=fields.CASCADE
    )

    class Meta:
        table = "mentions"
        unique_together = (("status", "account"),)
        indexes = (("account_id", "status_id"),)


class StatusTag(Model):
    """A hashtag used by a status (``name`` lower-cased, without the ``#``)."""

    id = fields.IntField(primary_key=True)
    status = fields.ForeignKeyField("models.Status", related_name="tags", on_delete=fields.CASCADE)
    name = fields.CharField(max_length=255)

    class Meta:
        table = "status_tags"
        unique_together = (("status", "name"),)
        indexes = (("name", "status_id"),)


class IdempotencyKey(Model):
    """A posting ``Idempotency-Key`` already used by an account, with the status it made."""

    id = fields.IntField(primary_key=True)
    account = fields.ForeignKeyField(
        "models.Account", related_name="idempotency_keys", on_delete=fields.CASCADE
    )
    key = fields.CharField(max_length=255)
    status = fields.ForeignKeyField(
        "models.Status", related_name="idempotency_keys", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "idempotency_keys"
        unique_together = (("account", "key"),)
