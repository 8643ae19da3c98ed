"""Verbatim's quotation extraction engine: plain Python, no Django, usable on its own.

Public API::

    from quotes.extraction import SpeakerDirectory, extract

    directory = SpeakerDirectory.from_pairs([("Volodymyr Zelenskyy", ["Zelensky"])])
    directory = SpeakerDirectory.from_csv(open("leaders.csv", encoding="utf-8"))
    for candidate in extract(article_text, directory):
        candidate.text, candidate.speaker, candidate.confidence
        candidate.as_dict()  # JSON-ready

- ``extract(text, directory=None) -> list[Candidate]``: the quotations of an article, in
  order of appearance.
- ``Candidate``: a frozen dataclass with ``text``, ``start``, ``end``, ``parts``,
  ``speaker`` (canonical directory name or None), ``unlisted_speaker`` (a person named in
  the text who is not in the directory), ``kind`` ("direct" or "partial"), ``relayed_by``,
  ``mentions`` (directory names inside the quotation), ``confidence`` (0-1; 0.5 and above
  is a confident candidate), ``evidence`` (how the speaker was found); ``as_dict()``.
- ``SpeakerDirectory.from_pairs(pairs)``: from (name, aliases) pairs, such as
  ``Leader.objects.values_list("name", "aliases")``.
- ``SpeakerDirectory.from_csv(file)``: from a CSV with columns ``name`` and ``aliases``
  (separated by ``;``); raises ``DirectoryError`` on a malformed file.
- ``reads_as_english(text)`` in ``quotes.extraction.language``: whether the rules, which
  know English only, can be expected to read the article.
- ``run_command(...)`` in ``quotes.extraction.cli``: the work behind
  ``manage.py extract_quotes``; raises ``ExtractionInputError`` on bad input.

See docs/EXTRACTION.md for the rules, the evaluation and the measured speed.
"""

from .directory import DirectoryError, SpeakerDirectory, normalise_name
from .engine import DIRECT, PARTIAL, Candidate, extract

__all__ = [
    "DIRECT",
    "PARTIAL",
    "Candidate",
    "DirectoryError",
    "SpeakerDirectory",
    "extract",
    "normalise_name",
]
