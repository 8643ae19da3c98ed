from django.core.management.base import BaseCommand, CommandError

from quotes.leaders_import import LeaderCSVError, import_leaders


class Command(BaseCommand):
    help = "Add or update leaders and their offices from a CSV (name, country, office, …)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the CSV file, e.g. a copy of the shared leaders.csv")

    def handle(self, *args, path, **options):
        try:
            with open(path, encoding="utf-8", newline="") as stream:
                result = import_leaders(stream)
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path} is not UTF-8 text") from None
        except LeaderCSVError as error:
            raise CommandError(f"{path}: {error}; nothing was imported") from None
        for reason in result.skipped:
            self.stderr.write(f"skipped {reason}")
        self.stdout.write(
            f"{result.created} leaders added, {result.updated} updated, "
            f"{result.offices} offices added, {len(result.skipped)} rows skipped."
        )
