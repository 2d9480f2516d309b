"""Shared field helpers for the models."""

from tortoise import fields

from models.ids import ID_LENGTH, new_id


def id_field():
    """The primary key every aggregate uses: a time-ordered string id made on insert."""
    return fields.CharField(max_length=ID_LENGTH, primary_key=True, default=new_id)
