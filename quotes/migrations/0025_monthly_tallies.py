"""Each leader's and each topic's published statements by month and kind, kept by triggers on
PostgreSQL (see quotes/record/timeline_tally.py), for their pages' timelines. Counting what is
already there groups every published statement once (a few seconds at a million)."""

import django.db.models.deletion
from django.db import migrations, models

from quotes.record import timeline_tally


def install(apps, schema_editor):
    timeline_tally.install(schema_editor.connection.alias)


def uninstall(apps, schema_editor):
    timeline_tally.uninstall(schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ('quotes', '0024_source_tallies'),
    ]

    operations = [
        migrations.CreateModel(
            name='LeaderMonthlyTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField(help_text="The month's first day (the year's, when year_only).")),
                ('kind', models.CharField(choices=[('direct', 'Direct quote'), ('partial', 'Partial quote'), ('paraphrase', 'Paraphrase')], max_length=12)),
                ('year_only', models.BooleanField()),
                ('statements', models.IntegerField(default=0)),
                ('leader', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='quotes.leader')),
            ],
            options={
                'verbose_name': "leader's statements in a month",
                'verbose_name_plural': "leaders' statements by month",
                'constraints': [models.UniqueConstraint(fields=('leader', 'month', 'kind', 'year_only'), name='leader_month_tally_key')],
            },
        ),
        migrations.CreateModel(
            name='TopicMonthlyTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField(help_text="The month's first day (the year's, when year_only).")),
                ('kind', models.CharField(choices=[('direct', 'Direct quote'), ('partial', 'Partial quote'), ('paraphrase', 'Paraphrase')], max_length=12)),
                ('year_only', models.BooleanField()),
                ('statements', models.IntegerField(default=0)),
                ('topic', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='quotes.topic')),
            ],
            options={
                'verbose_name': "topic's statements in a month",
                'verbose_name_plural': "topics' statements by month",
                'constraints': [models.UniqueConstraint(fields=('topic', 'month', 'kind', 'year_only'), name='topic_month_tally_key')],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
