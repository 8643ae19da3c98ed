from django.core.management.base import BaseCommand, CommandError

from quotes.extraction.cli import ExtractionInputError, run_command


class Command(BaseCommand):
    # call_command(..., stdin=StringIO(text)) feeds "-" in tests.
    stealth_options = ("stdin",)
    help = (
        "List the quotations of an article's plain text (PATH, or - for standard input), "
        "with their proposed speakers. Speakers come from the leaders in the database, "
        "or from --leaders FILE.csv (columns name, aliases)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the article's plain text, or - for standard input")
        parser.add_argument("--leaders", metavar="FILE.csv", help="speaker directory as a CSV")
        parser.add_argument("--json", action="store_true", help="print a JSON array")

    def handle(self, *args, **options):
        def database_pairs():
            from quotes.models import Leader  # the engine itself stays free of Django

            return Leader.objects.values_list("name", "aliases")

        try:
            output = run_command(
                options["path"],
                leaders_csv=options["leaders"],
                as_json=options["json"],
                pairs=database_pairs,
                stdin=options.get("stdin"),
            )
        except ExtractionInputError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(output)
