"""The addresses of the site's pages, reversed once and then remembered.

A page links to its records and to the site's fixed pages dozens of times (the frame, each
card's speaker, topics, sources and statement, a table's leaders), and Django's `reverse()`
works out each address afresh: on a list of twenty cards rendered from nothing, a quarter of
the cards' time. An address depends only on the URL's name and arguments, the URLconf and the
script prefix the site is mounted under, so the latest few thousand are kept in each process:
the leaders and topics every page names stay among them, a statement seldom asked twice goes.
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

REMEMBERED = 4096


def address(name: str, *args) -> str:
    """`reverse(name, args=args)`, remembered."""
    return _reversed(name, args, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


@functools.lru_cache(maxsize=REMEMBERED)
def _reversed(name: str, args: tuple, urlconf: str, prefix: str) -> str:
    return reverse(name, args=args, urlconf=urlconf)
