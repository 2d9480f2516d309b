"""Tortoise parses SQLite's datetime strings with ciso8601 (a declared dependency).

Without it Tortoise falls back to the pure-Python iso8601 (~14 us a value), which showed
as a large share of every timeline request; the answers are the same either way.
"""

from datetime import UTC, datetime, timedelta, timezone

import ciso8601
from tortoise.fields import data


def test_tortoise_uses_ciso8601():
    assert data.parse_datetime is ciso8601.parse_datetime


def test_stored_forms_parse_to_the_same_aware_datetimes():
    field = data.DatetimeField()
    cases = {
        "2026-11-27 16:49:47.605562+00:00": datetime(2026, 11, 27, 16, 49, 47, 605562, UTC),
        "2026-10-01 00:00:00+00:00": datetime(2026, 10, 1, tzinfo=UTC),
        "2026-10-01T02:00:00+02:00": datetime(2026, 10, 1, tzinfo=UTC),
        "2026-10-01 00:00:00": datetime(2026, 10, 1, tzinfo=UTC),
    }
    for text, expected in cases.items():
        value = field.to_python_value(text)
        assert value == expected and value.utcoffset() == timedelta(0), text
    aware = datetime(2026, 1, 1, 3, tzinfo=timezone(timedelta(hours=3)))
    assert field.to_python_value(aware) == datetime(2026, 1, 1, tzinfo=UTC)
