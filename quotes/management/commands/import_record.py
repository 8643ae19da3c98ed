from django.core.management.base import BaseCommand, CommandError

from quotes.ops.backup import RecordFileError, import_record


class Command(BaseCommand):
    help = (
        "Read a record file written by export_record: check all of it, then add what is "
        "missing and update what differs, in one transaction. See docs/BACKUP.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the record file (JSON Lines)")
        parser.add_argument(
            "--check",
            action="store_true",
            help="check the file and report what an import would do, writing nothing",
        )

    def handle(self, *args, path, check=False, **options):
        try:
            with open(path, "rb") as stream:
                result = import_record(stream, check_only=check)
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}") from None
        except RecordFileError as error:
            count = len(error.problems)
            raise CommandError(
                f"{path}: {count} problem{'' if count == 1 else 's'}, nothing was imported:\n"
                f"{error}"
            ) from None
        if check:
            self.stdout.write(f"{path} is a sound record file; importing it would give:")
        else:
            self.stdout.write(f"Imported {path}:")
        for line in result.summary():
            self.stdout.write(line)
        if check:
            self.stdout.write("Nothing was written.")
