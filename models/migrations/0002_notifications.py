from tortoise import migrations
from tortoise.migrations import operations as ops
from models.ids import new_id
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Notification',
            fields=[
                ('id', fields.CharField(primary_key=True, default=new_id, unique=True, db_index=True, max_length=18)),
                ('account', fields.ForeignKeyField('models.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='notifications', on_delete=OnDelete.CASCADE)),
                ('actor', fields.ForeignKeyField('models.Account', source_field='actor_id', db_constraint=True, to_field='id', related_name='caused_notifications', on_delete=OnDelete.CASCADE)),
                ('type', fields.CharField(max_length=32)),
                ('status', fields.ForeignKeyField('models.Status', source_field='status_id', null=True, db_constraint=True, to_field='id', related_name='notifications', on_delete=OnDelete.CASCADE)),
                ('seen', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'notifications', 'app': 'models', 'indexes': [Index(fields=['account_id', 'id']), Index(fields=['account_id', 'seen', 'id']), Index(fields=['status_id', 'type', 'actor_id']), Index(fields=['actor_id', 'account_id', 'type'])], 'pk_attr': 'id', 'table_description': '``actor`` did something that concerns ``account`` (the recipient).'},
            bases=['Model'],
        ),
    ]
