from django.core.management.base import BaseCommand, CommandError

from quotes.ops.generate import BATCH_SIZE, generate_record


class Command(BaseCommand):
    help = (
        "Fill the database with a synthetic record for load tests and benchmarks: leaders, "
        "statements, sources, citations. Adds to what is there; use a database of its own."
    )

    def add_arguments(self, parser):
        parser.add_argument("--statements", type=int, required=True)
        parser.add_argument("--leaders", type=int, required=True)
        parser.add_argument("--seed", type=int, default=0, help="The same seed, the same record.")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        parser.add_argument(
            "--rebuild-indexes",
            action="store_true",
            default=None,
            help="PostgreSQL: drop and rebuild indexes whatever the size (default: large loads).",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        if options["statements"] < 0 or options["leaders"] < 0 or options["batch_size"] < 1:
            raise CommandError("Counts must not be negative, and a batch holds one row or more.")
        if options["statements"] and not options["leaders"]:
            raise CommandError("Statements need at least one leader (--leaders).")
        generate_record(
            statements=options["statements"],
            leaders=options["leaders"],
            seed=options["seed"],
            batch_size=options["batch_size"],
            rebuild_indexes=options["rebuild_indexes"],
            progress=self.stdout.write,
            using=options["database"],
        )
