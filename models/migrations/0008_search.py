from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

from models.statuses import searchable_text

#: Statuses read and rewritten per round trip while backfilling ``search_text``.
BATCH = 500


async def fill_search_text(apps, schema_editor):
    """Give every existing status its ``search_text`` (new ones get it when posted)."""
    client = schema_editor.client
    postgres = client.capabilities.dialect == "postgres"
    select = (
        "SELECT id, content, spoiler_text FROM statuses WHERE id > {} ORDER BY id LIMIT {}"
    ).format("$1" if postgres else "?", BATCH)
    update = "UPDATE statuses SET search_text = {} WHERE id = {}".format(
        *(("$1", "$2") if postgres else ("?", "?"))
    )
    last = ""
    while True:
        _, rows = await client.execute_query(select, [last])
        if not rows:
            return
        changes = [
            [text, row["id"]]
            for row in rows
            if (text := searchable_text(row["content"], row["spoiler_text"]))
        ]
        if changes:
            await client.execute_many(update, changes)
        last = rows[-1]["id"]


class Migration(migrations.Migration):
    dependencies = [('models', '0007_lists')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Status',
            name='search_text',
            field=fields.TextField(default='', description=':func:`searchable_text` of ``content`` and ``spoiler_text``, set with them (search)', db_default='', unique=False),
        ),
        ops.RunPython(fill_search_text, ops.RunPython.noop),
    ]
