from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0003_conversations')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Marker',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('account', fields.ForeignKeyField('models.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='markers', on_delete=OnDelete.CASCADE)),
                ('timeline', fields.CharField(max_length=32)),
                ('last_read_id', fields.CharField(max_length=64)),
                ('version', fields.IntField(default=0)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'markers', 'app': 'models', 'unique_together': (('account', 'timeline'),), 'pk_attr': 'id', 'table_description': "An account's read position in one timeline (Mastodon's Marker)."},
            bases=['Model'],
        ),
    ]
