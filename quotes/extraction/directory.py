"""The speaker directory: canonical names and aliases, and how a name in the text finds its person.

Matching rules, in order:

1. A full name or multi-word alias (case, accents, hyphens and dots do not count:
   "Kim Jong Un" is "Kim Jong-un"; letters of other alphabets are transliterated, so
   "Łukaszenka" compares as "lukaszenka") names that person.
2. A single word (a surname, a one-word alias such as "Zelensky", or the family name of a
   name written family-name-first such as "Xi") names a person only when the article has
   named that person in full, or when no one else in the directory answers to that word.
   With 557 leaders, "Kim" or "Johnson" alone are ambiguous.
3. Spellings the directory does not list are found by their *sound key* (transliteration
   variants folded: Zelenskiy = Zelenskyy = Zelensky, Lukashenko = Lukashenka is not), then
   by similarity (rapidfuzz) above a high bar, and only where one person fits.
4. A middle name that only one leader has ("Lula") and the initials of a long name
   ("AMLO") name that leader, unless the word is also someone's first or last name.

A person also carries their country (ISO code) and the roles of their offices ("prime
minister", "president", "king"), so that "the Indian premier" can be bound to the leader of
India that the article names.
"""

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz, process

from .countries import QUALIFIER_OF_COUNTRY
from .lexicon import FAMILY_NAME_FIRST, FEMALE_FIRST_NAMES, HONORIFICS, TITLE_WORDS


class DirectoryError(ValueError):
    """The speaker list cannot be read (missing columns, empty names)."""


_NON_WORD = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014.,’'`\"]+")
# Close spellings (rapidfuzz ratio): a word alone must be this close to a directory word;
# a surname after the same first name may be a letter further ("Sogavere", 87.5).
_CLOSE_ALONE = 90
_CLOSE_WITH_FIRST_NAME = 85
_ROMAN = re.compile(r"^(?=[ivxlc]+$)c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")


@lru_cache(maxsize=8192)
def normalise_name(name: str) -> str:
    """The form names are compared in: no accents, no case, words separated by one space."""
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_ish = "".join(c for c in decomposed if not unicodedata.combining(c))
    if not ascii_ish.isascii():
        ascii_ish = anyascii(ascii_ish)  # "ł", "ø", "ı", Cyrillic ...: letters NFKD keeps
    return _NON_WORD.sub(" ", ascii_ish.casefold()).strip()


# Transliteration variants folded into one key: Zelenskiy/Zelenskyy/Zelensky -> zelenski.
_SOUND_RULES = [
    (re.compile(r"(?:iy|yy|ij|yi|ii|y)$"), "i"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"(?:ou|oo)"), "u"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"([a-z])\1"), r"\1"),
    (re.compile(r"(?<=[aeiou])y(?=[aeiou])"), "i"),
    (re.compile(r"w"), "v"),
    (re.compile(r"(?<=[a-z])e$"), ""),
]


@lru_cache(maxsize=8192)
def sound_key(word: str) -> str:
    """A normalised word with its transliteration variants folded (see _SOUND_RULES)."""
    key = word
    for pattern, replacement in _SOUND_RULES:
        key = pattern.sub(replacement, key)
    return key


# Office titles as the news shortens them; the first that a title contains wins.
_OFFICE_ROLES = [
    ("prime minister", "prime minister"),
    ("premier", "prime minister"),
    ("taoiseach", "prime minister"),
    ("chancellor", "chancellor"),
    ("vice president", "vice president"),
    ("president", "president"),
    ("pres", "president"),  # "Pres. Marcos"
    ("pope", "pope"),
    ("supreme leader", "supreme leader"),
    ("king", "king"),
    ("queen", "queen"),
    ("emperor", "emperor"),
    ("emir", "emir"),
    ("sultan", "sultan"),
    ("crown prince", "crown prince"),
    ("prince", "prince"),
    ("monarch", "king"),
    ("chairman", "chairman"),
    ("chairperson", "chairman"),
    ("general secretary", "general secretary"),
]


def office_roles(title: str) -> frozenset[str]:
    """'Prime Minister of India' -> {'prime minister'}; every role a reporter may use."""
    low = normalise_name(title)
    for words, role in _OFFICE_ROLES:
        # The words themselves first: a substring test spares most of the searches.
        if words in low and re.search(rf"\b{words}\b", low):
            return frozenset({role})
    return frozenset()


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
    country: str = ""  # ISO 3166 code, as the record keeps it
    roles: frozenset[str] = frozenset()  # from the titles of their offices

    @cached_property  # read for every role weighed against the leader
    def qualifier(self) -> str | None:
        """The word a role takes for this person's country ("turkish" for TR)."""
        return QUALIFIER_OF_COUNTRY.get(self.country.upper()) if self.country else None


@dataclass
class SpeakerDirectory:
    """Known speakers and the keys by which the text may name them."""

    people: list[Person] = field(default_factory=list)
    # normalised full name or multi-word alias -> person indexes
    full_keys: dict[str, set[int]] = field(default_factory=dict)
    # normalised single word (surname, one-word alias, family name) -> person indexes
    short_keys: dict[str, set[int]] = field(default_factory=dict)
    # Looser keys, used only when the exact ones find no one (rules 3 and 4).
    sound_keys: dict[str, set[int]] = field(default_factory=dict)
    part_keys: dict[str, set[int]] = field(default_factory=dict)
    middle_keys: dict[str, set[int]] = field(default_factory=dict)
    first_names: set[str] = field(default_factory=set)
    initials: dict[str, set[int]] = field(default_factory=dict)
    close_spellings: dict[tuple[str, int], set[int]] = field(default_factory=dict)  # rule 3

    # --- construction -------------------------------------------------------------------

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, Iterable[str] | None]]) -> "SpeakerDirectory":
        """Build from (canonical name, aliases) pairs, e.g. a Leader queryset's values_list.

        Rows with the same normalised name are merged (their aliases pooled), so a list
        holding "Kim Jong-un" and "Kim Jong Un" yields one person.
        """
        return cls.from_records((name, aliases, "", ()) for name, aliases in pairs)

    @classmethod
    def from_records(
        cls, records: Iterable[tuple[str, Iterable[str] | None, str, Iterable[str]]]
    ) -> "SpeakerDirectory":
        """Build from (name, aliases, country code, office titles) records.

        Rows with the same normalised name are merged (their aliases and offices pooled),
        so a list holding "Kim Jong-un" and "Kim Jong Un" yields one person.
        """
        directory = cls()
        by_key: dict[str, int] = {}
        for name, aliases, country, offices in records:
            name = (name or "").strip()
            if not name:
                continue
            alias_list = [a.strip() for a in (aliases or []) if a and a.strip()]
            roles = frozenset().union(*(office_roles(title) for title in offices or ()))
            country = (country or "").strip()
            key = normalise_name(name)
            if key in by_key:
                index = by_key[key]
                old = directory.people[index]
                pooled = tuple(dict.fromkeys(old.aliases + tuple(alias_list)))
                directory.people[index] = Person(
                    old.name, pooled, old.female, old.country or country, old.roles | roles
                )
            else:
                by_key[key] = len(directory.people)
                directory.people.append(Person(name, tuple(alias_list), False, country, roles))
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
                country = (row.get("country") or "").strip()
                office = (row.get("office") or "").strip()
                pairs.append((name, aliases, country if len(country) == 2 else "", [office]))
        except csv.Error as error:
            raise DirectoryError(f"the leaders CSV cannot be read: {error}") from error
        except UnicodeDecodeError as error:
            raise DirectoryError("the leaders CSV is not UTF-8 text") from error
        if not pairs:
            raise DirectoryError("the leaders CSV lists no one")
        return cls.from_records(pairs)

    def merged_with(self, other: "SpeakerDirectory") -> "SpeakerDirectory":
        """A directory holding the people of both (same normalised name: one person)."""
        records = [(p.name, p.aliases, p.country, ()) for p in self.people + other.people]
        merged = SpeakerDirectory.from_records(records)
        roles: dict[str, frozenset[str]] = {}
        for p in self.people + other.people:
            key = normalise_name(p.name)
            roles[key] = roles.get(key, frozenset()) | p.roles
        merged.people = [
            Person(p.name, p.aliases, p.female, p.country, roles[normalise_name(p.name)])
            for p in merged.people
        ]
        return merged

    def _index(self) -> None:
        self.full_keys, self.short_keys = {}, {}
        self.sound_keys, self.part_keys, self.middle_keys, self.initials = {}, {}, {}, {}
        self.first_names = set()
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
                # Part of a long name: "Tayyip Erdogan", "Lula da Silva", "Recep Erdogan".
                meaningful = [w for w in stripped if not _ROMAN.match(w)]
                if len(meaningful) > 2:
                    for i in range(1, len(meaningful) - 1):
                        if meaningful[i] in _PATRONYMIC_PARTICLES:
                            # "Crown Prince bin Salman": the patronymic with its particle
                            self.part_keys.setdefault(" ".join(meaningful[i:]), set()).add(index)
                        if meaningful[i] not in _NAME_PARTICLES:
                            for form in (
                                " ".join(meaningful[i:]),
                                f"{meaningful[i]} {meaningful[-1]}",
                                f"{meaningful[0]} {meaningful[-1]}",
                            ):
                                self.part_keys.setdefault(form, set()).add(index)
                for short in _short_forms(stripped):
                    self.short_keys.setdefault(short, set()).add(index)
                    self.sound_keys.setdefault(sound_key(short), set()).add(index)
                if len(stripped) > 1:
                    self.sound_keys.setdefault(" ".join(sound_key(w) for w in stripped), set()).add(
                        index
                    )
                    self.first_names.add(stripped[0])
                    for middle in stripped[1:-1]:
                        if len(middle) > 3 and middle not in _NAME_PARTICLES:
                            self.middle_keys.setdefault(middle, set()).add(index)
                    capitals = [w for w in variant.split() if w[:1].isupper()]
                    if len(capitals) >= 3:
                        letters = "".join(normalise_name(w)[:1] for w in capitals)
                        self.initials.setdefault(letters.upper(), set()).add(index)
            if female:
                person = Person(person.name, person.aliases, True, person.country, person.roles)
                self.people[index] = person

    # --- lookup ---------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.people)

    def full_match(self, words: list[str]) -> set[int]:
        return self.full_keys.get(" ".join(words), set())

    def short_match(self, word: str) -> set[int]:
        return self.short_keys.get(word, set())

    def near_full_match(self, words: list[str]) -> set[int]:
        """A full name spelt another way (same sound key, word by word), or written in part
        ("Tayyip Erdogan" for "Recep Tayyip Erdoğan")."""
        found = self.sound_keys.get(" ".join(sound_key(w) for w in words), set())
        found = found or self.part_keys.get(" ".join(words), set())
        if found or len(words) != 2 or len(words[0]) < 3:
            return found
        # A first name in another form: "Joseph Biden" for "Joe Biden", "Vlad" for "Vladimir".
        found = {
            p
            for p in self.short_keys.get(words[1], ())
            if _same_first_name(self._first_name(p), words[0])
        }
        if found or len(words[1]) < 5:
            return found
        # The same first name, the surname spelt a letter apart: "Isaias Afewerki",
        # "Manasseh Sogavere"; the first name is evidence enough for a looser spelling.
        return {
            p
            for p in self._close_spelling(words[1], cutoff=_CLOSE_WITH_FIRST_NAME)
            if self._first_name(p) == words[0]
        }

    def _first_name(self, index: int) -> str:
        words = _strip_titles(normalise_name(self.people[index].name).split())
        return words[0] if len(words) > 1 else ""

    def near_short_match(self, word: str) -> set[int]:
        """People a single word may name though the directory spells it otherwise.

        The sound key first; then a close spelling (rapidfuzz ratio >= 90, same first
        letter, five letters or more), only when one word of the directory is that close.
        """
        if len(word) < 4:
            return set()  # "U" (of "U.S.") must not be the sound of anyone's "Oo"
        people = self.sound_keys.get(sound_key(word))
        if people:
            return people
        if len(word) < 5:
            return set()
        return self._close_spelling(word)

    def _close_spelling(self, word: str, cutoff: int = _CLOSE_ALONE) -> set[int]:
        if (word, cutoff) not in self.close_spellings:
            close = process.extract(
                word, list(self.short_keys), scorer=fuzz.ratio, score_cutoff=cutoff, limit=2
            )
            close = [c for c in close if c[0][:1] == word[:1]]
            found = self.short_keys[close[0][0]] if len(close) == 1 else set()
            self.close_spellings[word, cutoff] = found
        return self.close_spellings[word, cutoff]

    def middle_match(self, word: str) -> set[int]:
        """A middle name ("Lula"), unless it is also someone's first name or surname."""
        if word in self.first_names or word in self.short_keys:
            return set()
        return self.middle_keys.get(word, set())

    def initials_match(self, letters: str) -> set[int]:
        """A long name's initials written as one word ("AMLO")."""
        return self.initials.get(letters, set())

    def name_of(self, index: int) -> str:
        return self.people[index].name


# Short forms of first names that do not begin like the long form's first letters.
_FIRST_NAME_FORMS = {
    "joe": "joseph",
    "bill": "william",
    "bob": "robert",
    "jim": "james",
    "mike": "michael",
    "tony": "anthony",
    "dick": "richard",
    "ted": "edward",
    "jack": "john",
    "chuck": "charles",
    "sasha": "alexander",
    "volodymyr": "vladimir",
}


def _same_first_name(listed: str, written: str) -> bool:
    """'Joe' and 'Joseph', 'Vlad' and 'Vladimir': one name in two forms."""
    if not listed or len(written) < 3:
        return False
    if listed.startswith(written) or written.startswith(listed):
        return min(len(listed), len(written)) >= 3
    return _FIRST_NAME_FORMS.get(listed) == written or _FIRST_NAME_FORMS.get(written) == listed


_NAME_PARTICLES = frozenset(
    "bin bint ibn al el da de do dos das du van von der den la le di".split()
)
_PATRONYMIC_PARTICLES = frozenset({"bin", "ibn", "bint"})


def _short_forms(words: list[str]) -> list[str]:
    """Single words a person may be called by: surname, one-word alias, family name."""
    if len(words) == 1:
        return [] if words[0] in HONORIFICS else words
    forms = []
    # Regnal numbers are not names ("Leo XIV"), but a first word is never one ("Xi").
    if "of" in words[1:]:
        words = words[: words.index("of", 1)]  # "Philippe I of Belgium" is not "Belgium"
        if len(words) == 1:
            return words
    meaningful = words[:1] + [w for w in words[1:] if not _ROMAN.match(w)]
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
