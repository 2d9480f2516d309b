"""The text of the mail the server sends. Pure functions: (policy, facts) -> (subject, text)."""

from __future__ import annotations

from typing import Any

from schema.instance import InstancePolicy


def confirmation_link(policy: InstancePolicy, account_id: str, token: str) -> str:
    """The link that confirms ``account_id``'s email address (``GET`` it once)."""
    return policy.url(f"/api/account/confirm_email/{account_id}/{token}")


def account_confirmation(policy: InstancePolicy, account: Any, token: str) -> tuple[str, str]:
    """Subject and body of the mail asking a new account to confirm its address."""
    link = confirmation_link(policy, account.id, token)
    subject = f"{policy.name} account confirmation"
    text = (
        f"Hello {account.nickname},\n\n"
        f"Thank you for registering on {policy.name}.\n"
        "To confirm your email address and activate your account, open this link:\n\n"
        f"{link}\n\n"
        "If you did not register, you can ignore this message.\n"
    )
    return subject, text


def report(
    policy: InstancePolicy,
    reporter: Any,
    target: Any,
    comment: str | None,
    status_urls: list[str],
    report_id: str,
) -> tuple[str, str]:
    """Subject and body of the mail telling a staff member about a new report (Pleroma's
    ``AdminEmail.report``): who reported whom, the comment, the reported statuses' links."""
    subject = f"{policy.name} Report"
    lines = [
        f"Reported by: {reporter.nickname} ({reporter.url or reporter.uri})",
        f"Reported Account: {target.nickname} ({target.url or target.uri})",
    ]
    if comment:
        lines += ["", f"Comment: {comment}"]
    if status_urls:
        lines += ["", "Statuses:"] + [f"- {url}" for url in status_urls]
    lines += [
        "",
        f"Report {report_id} is in the admin API: "
        f"{policy.url('/api/v1/pleroma/admin/reports/' + report_id)}",
    ]
    return subject, "\n".join(lines) + "\n"


def invitation_link(policy: InstancePolicy, token: str) -> str:
    """The registration page for invite ``token`` (Pleroma-FE's ``/registration/:token``)."""
    return policy.url(f"/registration/{token}")


def user_invitation(
    policy: InstancePolicy, token: str, *, inviter: str | None = None
) -> tuple[str, str]:
    """Subject and body of an admin's invitation to register with invite ``token``.

    ``inviter`` is the admin's name (``None`` for the configured admin token).
    """
    who = inviter or f"An administrator of {policy.name}"
    subject = f"Invitation to {policy.name}"
    text = (
        "Hello,\n\n"
        f"{who} invites you to join {policy.name}, a server of the federated social web.\n"
        "To register, open this link:\n\n"
        f"{invitation_link(policy, token)}\n\n"
        "If your app asks for an invite token, use this one:\n\n"
        f"{token}\n\n"
        "If you do not want to join, you can ignore this message.\n"
    )
    return subject, text


def password_reset_link(policy: InstancePolicy, token: str) -> str:
    """The page where the holder of password reset ``token`` sets a new password."""
    return policy.url(f"/api/pleroma/password_reset/{token}")


def password_reset(
    policy: InstancePolicy, account: Any, token: str, *, valid_hours: int
) -> tuple[str, str]:
    """Subject and body of the mail carrying a password reset link for ``account``."""
    subject = "Password reset"
    text = (
        f"Hello {account.nickname},\n\n"
        f"Someone asked to change the password of your account on {policy.name}.\n"
        "If it was you, open this link to choose a new password:\n\n"
        f"{password_reset_link(policy, token)}\n\n"
        f"The link works once, within {valid_hours} hours.\n"
        "If it was someone else, you can ignore this message: your password has not "
        "been changed.\n"
    )
    return subject, text
