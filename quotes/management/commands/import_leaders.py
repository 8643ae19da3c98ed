from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from quotes.ops.leaders_import import LeaderCSVError, import_leaders

# Enough to see what is wrong with a file; a file that is not a leaders CSV at all has a
# problem on every line.
PROBLEMS_SHOWN = 200


class Command(BaseCommand):
    help = "Add or update leaders and their offices from a CSV (name, country, office, …)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the CSV file, e.g. a copy of the shared leaders.csv")

    def handle(self, *args, path, **options):
        try:
            with open(path, "rb") as stream:
                result = import_leaders(stream)
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}") from None
        except LeaderCSVError as error:
            raise CommandError(refusal(path, error.problems)) from None
        except DatabaseError as error:
            raise CommandError(
                f"{path}: the database refused the import ({error}); nothing was imported"
            ) from None
        for reason in result.skipped:
            self.stderr.write(f"skipped {reason}")
        self.stdout.write(
            f"{result.created} leaders added, {result.updated} updated, "
            f"{result.offices} offices added, {len(result.skipped)} skipped."
        )


def refusal(path: str, problems: list[str]) -> str:
    count = f"{len(problems)} problems" if len(problems) > 1 else "a problem"
    shown = [f"  {problem}" for problem in problems[:PROBLEMS_SHOWN]]
    if len(problems) > PROBLEMS_SHOWN:
        shown.append(f"  … and {len(problems) - PROBLEMS_SHOWN:,} more")
    return "\n".join([f"{path}: nothing was imported; the file has {count}:", *shown])
