from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0005_moderation')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Notification',
            name='report',
            field=fields.ForeignKeyField('models.Report', source_field='report_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='notifications', on_delete=OnDelete.CASCADE),
        ),
    ]
