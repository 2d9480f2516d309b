"""Renderers for the instance answers and discovery documents (pure: facts in, JSON/XML out).

Every fact comes from :mod:`schema.services.instance`, so the v1, v2 and nodeinfo answers and
GraphQL ``instance`` cannot disagree.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape, quoteattr

from schema.instance import InstancePolicy
from schema.services import instance as facts
from schema.services.instance import InstanceStats

NODEINFO_SCHEMA = "http://nodeinfo.diaspora.software/ns/schema/{version}"
NODEINFO_VERSIONS = ("2.0", "2.1")
XRD_NS = "http://docs.oasis-open.org/ns/xri/xrd-1.0"
ACTIVITY_JSON = "application/activity+json"
PROFILE_PAGE_REL = "http://webfinger.net/rel/profile-page"


def thumbnail_url(policy: InstancePolicy) -> str:
    """The instance thumbnail URL (Pleroma's fixed path)."""
    return policy.url("/instance/thumbnail.jpeg")


def _pleroma_block(policy: InstancePolicy, stats: InstanceStats) -> dict[str, Any]:
    return {
        "metadata": facts.pleroma_metadata(policy),
        "stats": {"mau": stats.active_month},
        "vapid_public_key": "",
    }


def instance_v1(
    policy: InstancePolicy, stats: InstanceStats, contact: dict[str, Any] | None
) -> dict[str, Any]:
    """``GET /api/v1/instance``: every field strict v1 clients (toot, Mastodon.py) read."""
    return {
        "uri": policy.public_url,
        "title": facts.title(policy),
        "short_description": facts.description(policy),
        "description": facts.description(policy),
        "email": policy.admin_email,
        "version": facts.version(policy),
        "urls": {"streaming_api": facts.streaming_url(policy)},
        "stats": {
            "user_count": stats.user_count,
            "status_count": stats.status_count,
            "domain_count": stats.domain_count,
        },
        "thumbnail": thumbnail_url(policy),
        "languages": list(facts.LANGUAGES),
        "registrations": facts.registrations_open(policy),
        "approval_required": facts.approval_required(policy),
        "invites_enabled": facts.invites_enabled(policy),
        "configuration": facts.configuration(policy),
        "contact_account": contact,
        "rules": [],
        "max_toot_chars": policy.max_toot_chars,
        "poll_limits": facts.poll_limits(policy),
        "upload_limit": policy.upload_limit,
        "avatar_upload_limit": policy.avatar_upload_limit,
        "background_upload_limit": policy.background_upload_limit,
        "banner_upload_limit": policy.banner_upload_limit,
        "pleroma": _pleroma_block(policy, stats),
    }


def instance_v2(
    policy: InstancePolicy, stats: InstanceStats, contact: dict[str, Any] | None
) -> dict[str, Any]:
    """``GET /api/v2/instance``: Mastodon's v2 shape plus the ``pleroma`` block."""
    config = facts.configuration(policy)
    return {
        "domain": policy.host,
        "title": facts.title(policy),
        "version": facts.version(policy),
        "source_url": facts.SOURCE_URL,
        "description": facts.description(policy),
        "usage": {"users": {"active_month": stats.active_month}},
        "thumbnail": {"url": thumbnail_url(policy)},
        "languages": list(facts.LANGUAGES),
        "configuration": {
            "urls": {"streaming": facts.streaming_url(policy)},
            "accounts": {"max_featured_tags": 0, "max_pinned_statuses": 0},
            "statuses": config["statuses"],
            "media_attachments": config["media_attachments"],
            "polls": config["polls"],
            "translation": {"enabled": False},
        },
        "registrations": {
            "enabled": facts.registrations_open(policy),
            "approval_required": facts.approval_required(policy),
            "message": None,
        },
        "contact": {"email": policy.admin_email, "account": contact},
        "rules": [],
        "pleroma": _pleroma_block(policy, stats),
    }


def nodeinfo_index(policy: InstancePolicy) -> dict[str, Any]:
    """``/.well-known/nodeinfo``: where each nodeinfo version lives."""
    return {
        "links": [
            {
                "rel": NODEINFO_SCHEMA.format(version=v),
                "href": policy.url(f"/nodeinfo/{v}.json"),
            }
            for v in NODEINFO_VERSIONS
        ]
    }


def nodeinfo_content_type(version: str) -> str:
    """The ``Content-Type`` of a nodeinfo document of ``version``."""
    return f'application/json; profile="{NODEINFO_SCHEMA.format(version=version)}#"'


def nodeinfo(
    policy: InstancePolicy, stats: InstanceStats, version: str, staff: list[str]
) -> dict[str, Any]:
    """A nodeinfo 2.0 or 2.1 document; ``software.name`` is ``pleroma`` for client detection."""
    software: dict[str, Any] = {"name": "pleroma", "version": facts.pleroma_version()}
    if version == "2.1":
        software["repository"] = facts.SOURCE_URL
        software["homepage"] = facts.SOURCE_URL
    return {
        "version": version,
        "software": software,
        "protocols": ["activitypub"],
        "services": {"inbound": [], "outbound": []},
        "openRegistrations": facts.registrations_open(policy),
        "usage": {
            "users": {
                "total": stats.user_count,
                "activeMonth": stats.active_month,
                "activeHalfyear": stats.active_halfyear,
            },
            "localPosts": stats.status_count,
        },
        "metadata": {
            "nodeName": facts.title(policy),
            "nodeDescription": facts.description(policy),
            "software": {"name": "Plenum", "version": facts.software_version()},
            "private": False,
            "suggestions": {"enabled": False},
            "staffAccounts": staff,
            "federation": facts.federation(policy),
            "pollLimits": facts.poll_limits(policy),
            "postFormats": list(facts.POST_FORMATS),
            "uploadLimits": {
                "general": policy.upload_limit,
                "avatar": policy.avatar_upload_limit,
                "background": policy.background_upload_limit,
                "banner": policy.banner_upload_limit,
            },
            "fieldsLimits": {
                "maxFields": policy.max_profile_fields,
                "maxRemoteFields": policy.max_remote_profile_fields,
                "nameLength": policy.profile_field_name_length,
                "valueLength": policy.profile_field_value_length,
            },
            "accountActivationRequired": policy.account_activation_required,
            "invitesEnabled": facts.invites_enabled(policy),
            "mailerEnabled": policy.mail_enabled,
            "features": facts.features(policy),
            "restrictedNicknames": facts.restricted_nicknames(policy),
            "skipThreadContainment": True,
        },
    }


def host_meta(policy: InstancePolicy) -> str:
    """``/.well-known/host-meta``: XRD pointing at the WebFinger template."""
    template = policy.url("/.well-known/webfinger") + "?resource={uri}"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<XRD xmlns="{XRD_NS}">'
        f'<Link rel="lrdd" type="application/xrd+xml" template={quoteattr(template)}/>'
        "</XRD>"
    )


def webfinger_jrd(subject: str, uri: str, profile_url: str) -> dict[str, Any]:
    """The JRD answer for one account."""
    aliases = [uri] if uri == profile_url else [uri, profile_url]
    return {
        "subject": subject,
        "aliases": aliases,
        "links": [
            {"rel": PROFILE_PAGE_REL, "type": "text/html", "href": profile_url},
            {"rel": "self", "type": ACTIVITY_JSON, "href": uri},
            {
                "rel": "self",
                "type": 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"',
                "href": uri,
            },
        ],
    }


def webfinger_xrd(jrd: dict[str, Any]) -> str:
    """The same answer as XRD XML."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', f'<XRD xmlns="{XRD_NS}">']
    parts.append(f"<Subject>{escape(jrd['subject'])}</Subject>")
    parts.extend(f"<Alias>{escape(alias)}</Alias>" for alias in jrd["aliases"])
    for link in jrd["links"]:
        attrs = " ".join(f"{k}={quoteattr(str(v))}" for k, v in link.items())
        parts.append(f"<Link {attrs}/>")
    parts.append("</XRD>")
    return "".join(parts)
