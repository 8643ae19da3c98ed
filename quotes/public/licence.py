"""The licence of the published record, and how to cite it: one wording for the open data page,
"How we work", the downloads, the feeds and each statement's "Cite this statement".

The record (the statements as Verbatim entered them, their dates, kinds, channels, sources and
corrections) is shared under CC BY 4.0. The leaders directory was seeded from a list built in
part from CC BY-SA sources (Wikipedia, world-leaders-current), whose licence and credit follow
those parts.
"""

import datetime

from django.conf import settings
from django.utils.dateformat import format as date_format

LICENCE = "CC BY 4.0"
LICENCE_TITLE = "Creative Commons Attribution 4.0 International"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
DIRECTORY_LICENCE = "CC BY-SA 4.0"
DIRECTORY_LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"
DIRECTORY_SOURCES = (
    "Wikidata (CC0), Wikipedia's “List of state leaders in 2022” (CC BY-SA) and "
    "open-data-archive/world-leaders-current (CC BY-SA 4.0)"
)

# RFC 8288's link relation for a licence (the "license" spelling is the registered one).
LINK_HEADER = f'<{LICENCE_URL}>; rel="license"'


def notice() -> str:
    """What a reuser must know, in one paragraph (feeds' rights, the JSON download)."""
    return (
        f"Verbatim's record is shared under {LICENCE} ({LICENCE_URL}): credit Verbatim "
        f"({settings.SITE_URL}/) and link to the statement's page. The words are the speakers' "
        "and the cited articles their publishers'. Leaders' names, other spellings and offices "
        f"come in part from {DIRECTORY_SOURCES}, shared under {DIRECTORY_LICENCE} "
        f"({DIRECTORY_LICENCE_URL})."
    )


def _day(accessed: datetime.date) -> str:
    return date_format(accessed, "j F Y")


def record_citation(accessed: datetime.date) -> str:
    """The suggested citation of the record as a data set, accessed on `accessed`."""
    return (
        f"Verbatim ({accessed.year}). A sourced record of what world leaders say [data set]. "
        f"{settings.SITE_URL}/data/ (accessed {_day(accessed)}). Licence: {LICENCE}."
    )


def statement_citation(statement, accessed: datetime.date) -> str:
    """A plain-text citation of one published statement, accessed on `accessed`."""
    return (
        f"{statement.speaker.name}, “{statement.text}” ({statement.date_said_display}). "
        f"Verbatim, {settings.SITE_URL}{statement.get_absolute_url()} "
        f"(accessed {_day(accessed)}). Licence: {LICENCE}."
    )
