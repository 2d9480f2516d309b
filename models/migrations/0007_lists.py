from tortoise import migrations
from tortoise.migrations import operations as ops
from models.ids import new_id
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0006_reports')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AccountList',
            fields=[
                ('id', fields.CharField(primary_key=True, default=new_id, unique=True, db_index=True, max_length=18)),
                ('account', fields.ForeignKeyField('models.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='lists', on_delete=OnDelete.CASCADE)),
                ('title', fields.CharField(max_length=255)),
                ('replies_policy', fields.CharField(default='list', max_length=16)),
                ('exclusive', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'lists', 'app': 'models', 'indexes': [Index(fields=['account_id', 'id'])], 'pk_attr': 'id', 'table_description': "A list owned by ``account`` (Mastodon's List entity)."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ListMember',
            fields=[
                ('id', fields.CharField(primary_key=True, default=new_id, unique=True, db_index=True, max_length=18)),
                ('list', fields.ForeignKeyField('models.AccountList', source_field='list_id', db_constraint=True, to_field='id', related_name='members', on_delete=OnDelete.CASCADE)),
                ('account', fields.ForeignKeyField('models.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='list_memberships', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'list_members', 'app': 'models', 'unique_together': (('list', 'account'),), 'indexes': [Index(fields=['account_id', 'list_id'])], 'pk_attr': 'id', 'table_description': "``account`` is a member of ``list``: its statuses show in that list's timeline."},
            bases=['Model'],
        ),
    ]
