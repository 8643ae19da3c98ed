from django.apps import AppConfig


class QuotesConfig(AppConfig):
    name = "quotes"
    verbose_name = "The record"

    def ready(self):
        from quotes.freshness import connect_signals

        connect_signals()
