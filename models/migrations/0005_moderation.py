from tortoise import migrations
from tortoise.migrations import operations as ops
from models.ids import new_id
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0004_markers')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AccountTag',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('account', fields.ForeignKeyField('models.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='tag_rows', on_delete=OnDelete.CASCADE)),
                ('tag', fields.CharField(db_index=True, max_length=255)),
            ],
            options={'table': 'account_tags', 'app': 'models', 'unique_together': (('account', 'tag'),), 'pk_attr': 'id', 'table_description': 'One admin-set tag of an account (``mrf_tag:media-force-nsfw``, ``verified``, ...).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ModerationLogEntry',
            fields=[
                ('id', fields.CharField(primary_key=True, default=new_id, unique=True, db_index=True, max_length=18)),
                ('actor', fields.ForeignKeyField('models.Account', source_field='actor_id', null=True, db_constraint=True, to_field='id', related_name='moderation_actions', on_delete=OnDelete.SET_NULL)),
                ('actor_nickname', fields.CharField(max_length=255)),
                ('action', fields.CharField(max_length=64)),
                ('data', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('message', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'moderation_log', 'app': 'models', 'pk_attr': 'id', 'table_description': "One action taken through the admin API, as Pleroma's moderation log keeps it."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PasswordResetToken',
            fields=[
                ('id', fields.CharField(primary_key=True, default=new_id, unique=True, db_index=True, max_length=18)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('account', fields.ForeignKeyField('models.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='password_reset_tokens', on_delete=OnDelete.CASCADE)),
                ('used', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'password_reset_tokens', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A single-use token mailed (or handed to an admin) to set a new password.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Report',
            fields=[
                ('id', fields.CharField(primary_key=True, default=new_id, unique=True, db_index=True, max_length=18)),
                ('reporter', fields.ForeignKeyField('models.Account', source_field='reporter_id', db_constraint=True, to_field='id', related_name='reports_made', on_delete=OnDelete.CASCADE)),
                ('target', fields.ForeignKeyField('models.Account', source_field='target_id', db_constraint=True, to_field='id', related_name='reports_received', on_delete=OnDelete.CASCADE)),
                ('content', fields.TextField(default='', unique=False)),
                ('state', fields.CharField(default='open', max_length=16)),
                ('category', fields.CharField(default='other', max_length=32)),
                ('rule_ids', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('forward', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'reports', 'app': 'models', 'indexes': [Index(fields=['state', 'id']), Index(fields=['target_id', 'id'])], 'pk_attr': 'id', 'table_description': 'A complaint about an account (and some of its statuses), sent to the moderators.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ReportNote',
            fields=[
                ('id', fields.CharField(primary_key=True, default=new_id, unique=True, db_index=True, max_length=18)),
                ('report', fields.ForeignKeyField('models.Report', source_field='report_id', db_constraint=True, to_field='id', related_name='notes', on_delete=OnDelete.CASCADE)),
                ('author', fields.ForeignKeyField('models.Account', source_field='author_id', null=True, db_constraint=True, to_field='id', related_name='report_notes', on_delete=OnDelete.SET_NULL)),
                ('content', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'report_notes', 'app': 'models', 'pk_attr': 'id', 'table_description': "A moderator's note on a report. The note stays when its author is deleted."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ReportStatus',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('report', fields.ForeignKeyField('models.Report', source_field='report_id', db_constraint=True, to_field='id', related_name='status_rows', on_delete=OnDelete.CASCADE)),
                ('status', fields.ForeignKeyField('models.Status', source_field='status_id', db_constraint=True, to_field='id', related_name='report_rows', on_delete=OnDelete.CASCADE)),
            ],
            options={'table': 'report_statuses', 'app': 'models', 'unique_together': (('report', 'status'),), 'pk_attr': 'id', 'table_description': 'A status a report points at. Deleting the status takes it out of the report.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Account',
            name='password_reset_pending',
            field=fields.BooleanField(default=False, db_default=False, description="Set by an admin's ``force_password_reset``: the account must choose a new password"),
        ),
        ops.AddField(
            model_name='Account',
            name='tags',
            field=fields.JSONField(default=list, db_default=[], description="The admin-set tags (Pleroma's user tags), a copy of this account's ``AccountTag``", encoder=JSON_DUMPS, decoder=loads),
        ),
    ]
