"""Tortoise ORM models: persistence and invariants only.

One module per aggregate. ``MODEL_MODULES`` is what the ORM registers; the app label
is ``models`` and its migrations live in ``models.migrations``.
"""

MODEL_MODULES = [
    "models.accounts",
    "models.oauth",
    "models.registration",
    "models.statuses",
    "models.interactions",
    "models.relationships",
    "models.media",
    "models.notifications",
    "models.conversations",
    "models.markers",
    "models.lists",
    "models.moderation",
]
