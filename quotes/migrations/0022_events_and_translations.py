"""Events (a call, a meeting, a speech …) that statements are accounts of, and who translated a
statement's English words.

The new statement columns have database defaults and the event column is empty, so on a large
record adding them rewrites no row; the two indexes are partial: the statements in an event,
and the published statements with an original language.

Editors and Reviewers keep events as they keep the rest of the record.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


EVENT_PERMISSIONS = [f"{action}_event" for action in ("add", "change", "delete", "view")]


def let_editors_keep_events(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrate finishes; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="quotes", codename__in=EVENT_PERMISSIONS
    )
    for name in ("Editors", "Reviewers"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def take_events_from_editors(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="quotes", codename__in=EVENT_PERMISSIONS
    )
    for group in apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Reviewers"]):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):

    dependencies = [
        ('quotes', '0021_alerts'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalEvent',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('version', models.PositiveIntegerField(db_default=1, default=1, editable=False, help_text='How many times this record has been saved.')),
                ('title', models.CharField(help_text='Phone call between Donald Trump and Vladimir Putin', max_length=300)),
                ('slug', models.SlugField(max_length=200)),
                ('kind', models.CharField(choices=[('phone_call', 'Phone call'), ('meeting', 'Meeting'), ('summit', 'Summit'), ('press_conference', 'Press conference'), ('speech', 'Speech'), ('interview', 'Interview'), ('post', 'Post'), ('other', 'Other')], max_length=20)),
                ('date', models.DateField()),
                ('date_precision', models.CharField(choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year')], default='day', help_text="How much of the date is known. A month's or a year's event is kept under its first day (any day of it may be entered).", max_length=5)),
                ('place', models.CharField(blank=True, help_text='By telephone, the Kremlin, Pyongyang …', max_length=200)),
                ('description', models.TextField(blank=True, help_text='One or two sentences on what it was about.')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical event',
                'verbose_name_plural': 'historical events',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalEvent_participants',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
            ],
            options={
                'verbose_name': 'HistoricalEvent_participants',
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalEvent_sources',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
            ],
            options={
                'verbose_name': 'HistoricalEvent_sources',
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name='historicalstatement',
            name='translated_by',
            field=models.CharField(blank=True, choices=[('outlet', 'The outlet that reported it'), ('agency', 'A news agency'), ('government', "The speaker's government (its own English version)"), ('editors', "Verbatim's editors")], db_default='', default='', help_text='Who gave these English words, when the speaker used another language.', max_length=12),
        ),
        migrations.AddField(
            model_name='historicalstatement',
            name='translation_source',
            field=models.CharField(blank=True, db_default='', default='', help_text='Which outlet, agency or government: KCNA, Reuters, the Kremlin …', max_length=200, verbose_name='translator'),
        ),
        migrations.AddField(
            model_name='statement',
            name='translated_by',
            field=models.CharField(blank=True, choices=[('outlet', 'The outlet that reported it'), ('agency', 'A news agency'), ('government', "The speaker's government (its own English version)"), ('editors', "Verbatim's editors")], db_default='', default='', help_text='Who gave these English words, when the speaker used another language.', max_length=12),
        ),
        migrations.AddField(
            model_name='statement',
            name='translation_source',
            field=models.CharField(blank=True, db_default='', default='', help_text='Which outlet, agency or government: KCNA, Reuters, the Kremlin …', max_length=200, verbose_name='translator'),
        ),
        migrations.CreateModel(
            name='Event',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(db_default=1, default=1, editable=False, help_text='How many times this record has been saved.')),
                ('title', models.CharField(help_text='Phone call between Donald Trump and Vladimir Putin', max_length=300)),
                ('slug', models.SlugField(max_length=200, unique=True)),
                ('kind', models.CharField(choices=[('phone_call', 'Phone call'), ('meeting', 'Meeting'), ('summit', 'Summit'), ('press_conference', 'Press conference'), ('speech', 'Speech'), ('interview', 'Interview'), ('post', 'Post'), ('other', 'Other')], max_length=20)),
                ('date', models.DateField()),
                ('date_precision', models.CharField(choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year')], default='day', help_text="How much of the date is known. A month's or a year's event is kept under its first day (any day of it may be entered).", max_length=5)),
                ('place', models.CharField(blank=True, help_text='By telephone, the Kremlin, Pyongyang …', max_length=200)),
                ('description', models.TextField(blank=True, help_text='One or two sentences on what it was about.')),
                ('participants', models.ManyToManyField(help_text="The leaders who took part: the event's page has a column for each.", related_name='events', to='quotes.leader')),
                ('sources', models.ManyToManyField(blank=True, help_text='Reports of the event itself: readouts, posts, articles.', related_name='events', to='quotes.source')),
            ],
            options={
                'ordering': ['-date', '-id'],
            },
        ),
        migrations.AddField(
            model_name='historicalstatement',
            name='event',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='The call, meeting or speech this is an account of, if any.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='quotes.event'),
        ),
        migrations.AddField(
            model_name='statement',
            name='event',
            field=models.ForeignKey(blank=True, db_index=False, help_text='The call, meeting or speech this is an account of, if any.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='statements', to='quotes.event'),
        ),
        migrations.AddIndex(
            model_name='statement',
            index=models.Index(condition=models.Q(('event__isnull', False)), fields=['event', '-date_said', '-id'], name='statement_event_date'),
        ),
        migrations.AddIndex(
            model_name='statement',
            index=models.Index(condition=models.Q(('status', 'published'), models.Q(('original_language', ''), _negated=True)), fields=['original_language', '-date_said', '-id'], name='statement_by_language'),
        ),
        migrations.AddField(
            model_name='historicalevent',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalevent_participants',
            name='event',
            field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='quotes.event'),
        ),
        migrations.AddField(
            model_name='historicalevent_participants',
            name='history',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='quotes.historicalevent'),
        ),
        migrations.AddField(
            model_name='historicalevent_participants',
            name='leader',
            field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='quotes.leader'),
        ),
        migrations.AddField(
            model_name='historicalevent_sources',
            name='event',
            field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='quotes.event'),
        ),
        migrations.AddField(
            model_name='historicalevent_sources',
            name='history',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='quotes.historicalevent'),
        ),
        migrations.AddField(
            model_name='historicalevent_sources',
            name='source',
            field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='quotes.source'),
        ),
        migrations.AddIndex(
            model_name='event',
            index=models.Index(fields=['-date', '-id'], name='event_date'),
        ),
        migrations.AddConstraint(
            model_name='event',
            constraint=models.CheckConstraint(condition=models.Q(('title', ''), _negated=True), name='event_title_not_empty'),
        ),
        migrations.RunPython(let_editors_keep_events, take_events_from_editors),
    ]
