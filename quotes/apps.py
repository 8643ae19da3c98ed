from django.apps import AppConfig


class QuotesConfig(AppConfig):
    name = "quotes"
    verbose_name = "The record"

    def ready(self):
        from django.db.models.signals import post_migrate

        from quotes.record import browse_tallies, source_tallies
        from quotes.record.cache_scopes import connect_signals
        from quotes.record.tally import ensure_triggers
        from quotes.search.sqlite_fts import ensure_index

        connect_signals()
        post_migrate.connect(ensure_triggers, sender=self, dispatch_uid="tally-triggers")
        post_migrate.connect(
            browse_tallies.ensure_triggers, sender=self, dispatch_uid="browse-tally-triggers"
        )
        post_migrate.connect(
            source_tallies.ensure_triggers, sender=self, dispatch_uid="source-tally-triggers"
        )
        post_migrate.connect(ensure_index, sender=self, dispatch_uid="sqlite-fulltext")
