"""The speaker directory: canonical names and aliases, and how a name in the text finds its person.

Matching rules, in order:

1. A full name or multi-word alias (case, accents, hyphens and dots do not count:
   "Kim Jong Un" is "Kim Jong-un") names that person.
2. A single word (a surname, a one-word alias such as "Zelensky", or the family name of a
   name written family-name-first such as "Xi") names a person only when the article has
   named that person in full, or when no one else in the directory answers to that word.
   With 557 leaders, "Kim" or "Johnson" alone are ambiguous.
"""

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from .lexicon import FAMILY_NAME_FIRST, FEMALE_FIRST_NAMES, HONORIFICS, TITLE_WORDS


class DirectoryError(ValueError):
    """The speaker list cannot be read (missing columns, empty names)."""


_NON_WORD = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014.,’'`\"]+")
_ROMAN = re.compile(r"^(?=[ivxlc]+$)c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")


@lru_cache(maxsize=8192)
def normalise_name(name: str) -> str:
    """The form names are compared in: no accents, no case, words separated by one space."""
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_ish = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", ascii_ish.casefold()).strip()


def _strip_titles(words: list[str]) -> list[str]:
    """Drop leading titles ("President Donald Trump" -> "Donald Trump"), never the last word."""
    while len(words) > 1 and words[0] in TITLE_WORDS and words[0] != "pope":
        words = words[1:]
    return words


@dataclass(frozen=True)
class Person:
    """One leader of the directory."""

    name: str
    aliases: tuple[str, ...] = ()
    female: bool = False


@dataclass
class SpeakerDirectory:
    """Known speakers and the keys by which the text may name them."""

    people: list[Person] = field(default_factory=list)
    # normalised full name or multi-word alias -> person indexes
    full_keys: dict[str, set[int]] = field(default_factory=dict)
    # normalised single word (surname, one-word alias, family name) -> person indexes
    short_keys: dict[str, set[int]] = field(default_factory=dict)

    # --- construction -------------------------------------------------------------------

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, Iterable[str] | None]]) -> "SpeakerDirectory":
        """Build from (canonical name, aliases) pairs, e.g. a Leader queryset's values_list.

        Rows with the same normalised name are merged (their aliases pooled), so a list
        holding "Kim Jong-un" and "Kim Jong Un" yields one person.
        """
        directory = cls()
        by_key: dict[str, int] = {}
        for name, aliases in pairs:
            name = (name or "").strip()
            if not name:
                continue
            alias_list = [a.strip() for a in (aliases or []) if a and a.strip()]
            key = normalise_name(name)
            if key in by_key:
                index = by_key[key]
                old = directory.people[index]
                pooled = tuple(dict.fromkeys(old.aliases + tuple(alias_list)))
                directory.people[index] = Person(old.name, pooled, old.female)
            else:
                by_key[key] = len(directory.people)
                directory.people.append(Person(name, tuple(alias_list)))
        directory._index()
        return directory

    @classmethod
    def from_csv(cls, file: io.TextIOBase | Iterable[str]) -> "SpeakerDirectory":
        """Build from a CSV with columns `name` and `aliases` (aliases separated by `;`).

        Other columns are ignored. Raises DirectoryError when the file is not such a CSV.
        """
        try:
            reader = csv.DictReader(file)
            fields = [f.strip().lower() for f in (reader.fieldnames or [])]
            if "name" not in fields:
                raise DirectoryError(
                    "the leaders CSV needs a header row with a 'name' column "
                    f"(found: {', '.join(fields) or 'no header'})"
                )
            reader.fieldnames = fields
            pairs = []
            for line, row in enumerate(reader, start=2):
                if None in row:
                    raise DirectoryError(f"the leaders CSV has too many fields on line {line}")
                name = (row.get("name") or "").strip()
                if not name:
                    raise DirectoryError(f"the leaders CSV has an empty name on line {line}")
                aliases = (row.get("aliases") or "").split(";")
                pairs.append((name, aliases))
        except csv.Error as error:
            raise DirectoryError(f"the leaders CSV cannot be read: {error}") from error
        except UnicodeDecodeError as error:
            raise DirectoryError("the leaders CSV is not UTF-8 text") from error
        if not pairs:
            raise DirectoryError("the leaders CSV lists no one")
        return cls.from_pairs(pairs)

    def merged_with(self, other: "SpeakerDirectory") -> "SpeakerDirectory":
        """A directory holding the people of both (same normalised name: one person)."""
        pairs = [(p.name, p.aliases) for p in self.people + other.people]
        return SpeakerDirectory.from_pairs(pairs)

    def _index(self) -> None:
        self.full_keys, self.short_keys = {}, {}
        for index, person in enumerate(self.people):
            female = False
            for variant in (person.name, *person.aliases):
                words = normalise_name(variant).split()
                if not words:
                    continue
                if words[0] in ("mrs", "ms", "queen", "dame") or words[0] in FEMALE_FIRST_NAMES:
                    female = True
                stripped = _strip_titles(words)
                for form in {" ".join(words), " ".join(stripped)}:
                    if len(form.split()) > 1 or len(words) == 1 and variant == person.name:
                        self.full_keys.setdefault(form, set()).add(index)
                for short in _short_forms(stripped):
                    self.short_keys.setdefault(short, set()).add(index)
            if female:
                self.people[index] = Person(person.name, person.aliases, True)

    # --- lookup ---------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.people)

    def full_match(self, words: list[str]) -> set[int]:
        return self.full_keys.get(" ".join(words), set())

    def short_match(self, word: str) -> set[int]:
        return self.short_keys.get(word, set())

    def name_of(self, index: int) -> str:
        return self.people[index].name


def _short_forms(words: list[str]) -> list[str]:
    """Single words a person may be called by: surname, one-word alias, family name."""
    if len(words) == 1:
        return [] if words[0] in HONORIFICS else words
    forms = []
    # Regnal numbers are not names ("Leo XIV"), but a first word is never one ("Xi").
    meaningful = words[:1] + [w for w in words[1:] if not _ROMAN.match(w) and w != "of"]
    if meaningful[0] in FAMILY_NAME_FIRST:
        # "Kim Jong Un" is "Kim", never "Un".
        forms.append(meaningful[0])
        if len(meaningful[-1]) > 3:
            forms.append(meaningful[-1])
    else:
        forms.append(meaningful[-1])
    # "Pope Leo XIV" is "Leo"; "Charles III" is "Charles".
    if words[0] == "pope" and len(meaningful) > 1:
        forms.append(meaningful[1])
    return forms
