from tortoise import migrations
from tortoise.migrations import operations as ops
from models.ids import new_id
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0002_notifications')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Participation',
            fields=[
                ('id', fields.CharField(primary_key=True, default=new_id, unique=True, db_index=True, max_length=18)),
                ('account', fields.ForeignKeyField('models.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='participations', on_delete=OnDelete.CASCADE)),
                ('conversation_id', fields.CharField(max_length=18)),
                ('read', fields.BooleanField(default=False)),
                ('last_activity_id', fields.CharField(max_length=18)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'participations', 'app': 'models', 'unique_together': (('account', 'conversation_id'),), 'indexes': [Index(fields=['account_id', 'last_activity_id']), Index(fields=['conversation_id', 'account_id'])], 'pk_attr': 'id', 'table_description': "An account's place in a direct conversation (Pleroma's participation)."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ParticipationRecipient',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('participation', fields.ForeignKeyField('models.Participation', source_field='participation_id', db_constraint=True, to_field='id', related_name='recipients', on_delete=OnDelete.CASCADE)),
                ('account', fields.ForeignKeyField('models.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='conversation_recipient_of', on_delete=OnDelete.CASCADE)),
            ],
            options={'table': 'participation_recipients', 'app': 'models', 'unique_together': (('participation', 'account'),), 'indexes': [Index(fields=['account_id', 'participation_id'])], 'pk_attr': 'id', 'table_description': "One account in a participation's recipient set (only PATCH changes the set)."},
            bases=['Model'],
        ),
    ]
