"""``Captcha``: a challenge to solve before registering."""

from __future__ import annotations

from enum import Enum

import strawberry

from schema.types.scalars import URL


@strawberry.enum(description="How a captcha challenge is presented.")
class CaptchaType(Enum):
    """The providers Pleroma knows."""

    NATIVE = strawberry.enum_value("native", description="An image drawn by this server.")
    KOCAPTCHA = strawberry.enum_value("kocaptcha", description="An image from a Kocaptcha server.")
    NONE = strawberry.enum_value("none", description="Captcha is disabled: nothing to solve.")


@strawberry.type(
    description="A captcha challenge. Echo `token`, `answerData` and your answer to "
    "`accountRegister` as captchaToken, captchaAnswerData and captchaSolution."
)
class Captcha:
    """Built from ``schema.services.captcha.new_captcha``."""

    type: CaptchaType = strawberry.field(description="The provider; `NONE` when disabled.")
    token: str | None = strawberry.field(description="The challenge's one-time token.")
    url: URL | None = strawberry.field(description="The image to read (often a data: URL).")
    answer_data: str | None = strawberry.field(
        description="The sealed answer; opaque to clients, sent back at registration."
    )
    seconds_valid: int | None = strawberry.field(
        description="How long the challenge may be answered, in seconds."
    )

    @classmethod
    def from_dict(cls, data: dict) -> Captcha:
        """The projection of the service's challenge object."""
        return cls(
            type=CaptchaType(data.get("type", "none")),
            token=data.get("token"),
            url=URL(data["url"]) if data.get("url") else None,
            answer_data=data.get("answer_data"),
            seconds_valid=data.get("seconds_valid"),
        )
