"""The work behind `manage.py extract_quotes`, kept free of Django so it can be tested alone."""

import json
import sys
from collections.abc import Callable, Iterable
from typing import TextIO

from .directory import DirectoryError, SpeakerDirectory
from .engine import Candidate, extract


class ExtractionInputError(ValueError):
    """Bad input for the command line: a missing file, an empty text, a malformed CSV."""


def read_article(path: str, stdin: TextIO | None = None) -> str:
    """The article's text from a file, or from standard input when path is '-'."""
    try:
        if path == "-":
            text = (stdin or sys.stdin).read()
        else:
            with open(path, encoding="utf-8") as f:
                text = f.read()
    except FileNotFoundError as error:
        raise ExtractionInputError(f"no such file: {path}") from error
    except IsADirectoryError as error:
        raise ExtractionInputError(f"{path} is a directory, not a text file") from error
    except UnicodeDecodeError as error:
        raise ExtractionInputError(f"{path} is not UTF-8 text") from error
    except OSError as error:
        raise ExtractionInputError(f"cannot read {path}: {error.strerror}") from error
    if not text.strip():
        raise ExtractionInputError(f"the article text is empty ({path})")
    return text


def load_directory(
    leaders_csv: str | None,
    pairs: Callable[[], Iterable[tuple[str, list[str]]]] | None = None,
) -> SpeakerDirectory:
    """From the CSV when one is given, else from `pairs()` (the database), else empty."""
    if leaders_csv:
        try:
            with open(leaders_csv, encoding="utf-8", newline="") as f:
                return SpeakerDirectory.from_csv(f)
        except FileNotFoundError as error:
            raise ExtractionInputError(f"no such leaders file: {leaders_csv}") from error
        except DirectoryError as error:
            raise ExtractionInputError(f"{leaders_csv}: {error}") from error
        except OSError as error:
            raise ExtractionInputError(f"cannot read {leaders_csv}: {error.strerror}") from error
    return SpeakerDirectory.from_pairs(pairs() if pairs else [])


def format_listing(candidates: list[Candidate]) -> str:
    """A readable listing, one block per candidate."""
    if not candidates:
        return "No quotations found."
    blocks = []
    for number, c in enumerate(candidates, start=1):
        speaker = c.speaker or (
            f"{c.unlisted_speaker} (not in the directory)" if c.unlisted_speaker else "unknown"
        )
        lines = [
            f"{number}. [{c.kind}, confidence {c.confidence:.2f}] {speaker}",
            f"   “{c.text}”",
            f"   characters {c.start}-{c.end}; speaker found by: {c.evidence}",
        ]
        if c.relayed_by:
            lines.append(f"   relayed by: {c.relayed_by}")
        if c.mentions:
            lines.append(f"   mentions: {', '.join(c.mentions)}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def run_command(
    path: str,
    leaders_csv: str | None = None,
    as_json: bool = False,
    pairs: Callable[[], Iterable[tuple[str, list[str]]]] | None = None,
    stdin: TextIO | None = None,
) -> str:
    """Read, extract, format. Raises ExtractionInputError on bad input."""
    text = read_article(path, stdin)
    directory = load_directory(leaders_csv, pairs)
    candidates = extract(text, directory)
    if as_json:
        return json.dumps([c.as_dict() for c in candidates], ensure_ascii=False, indent=2)
    return format_listing(candidates)
