import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quotes.ops.backup import TYPES, export_record


class Command(BaseCommand):
    help = (
        "Write the record (topics, leaders, offices, sources, statements, citations, "
        "corrections) as JSON Lines, the same bytes for the same record. See docs/BACKUP.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            metavar="PATH",
            help="the file to write (written in full, then moved into place); default: stdout",
        )

    def handle(self, *args, output=None, **options):
        if output is None or output == "-":
            counts = export_record(self.stdout)
            self.stderr.write(self._summary(counts, "stdout"))
            return
        path = Path(output)
        # Written beside the target and renamed at the end, so a file at PATH is never half one.
        partial = path.with_name(f".{path.name}.partial")
        try:
            with open(partial, "w", encoding="utf-8", newline="\n") as stream:
                counts = export_record(stream)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(partial, path)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise CommandError(f"cannot write {output}: {error.strerror}") from None
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        self.stdout.write(self._summary(counts, output))

    def _summary(self, counts, where: str) -> str:
        kinds = ", ".join(
            f"{counts[kind]} {kind}{'' if counts[kind] == 1 else 's'}" for kind in TYPES
        )
        return f"Exported the record to {where}: {kinds}."
