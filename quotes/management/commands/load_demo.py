from django.core.management.base import BaseCommand

from quotes.ops.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo record (the sample article, its quotations, its events). Safe to rerun."

    def handle(self, *args, **options):
        result = load_demo()
        self.stdout.write(
            f"Demo record ready: {result.leaders} leaders, {result.statements} statements "
            f"({result.created} new), {result.events} events."
        )
