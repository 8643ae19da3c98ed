"""Every public page: landmarks, a skip link, one h1, a label for every control, metadata."""

import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import override_settings

from tests.factories import (
    CitationFactory,
    LeaderFactory,
    OfficeHeldFactory,
    StatementFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


class PageOutline(HTMLParser):
    """What an assistive technology would find on the page."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.label_targets: set[str] = set()
        self.controls: list[dict] = []
        self.h1_count = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "label" and attrs.get("for"):
            self.label_targets.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit"):
            self.controls.append(attrs)
        if tag == "h1":
            self.h1_count += 1

    def has(self, tag, **wanted) -> bool:
        return any(
            name == tag and all(attrs.get(k) == v for k, v in wanted.items())
            for name, attrs in self.tags
        )


@pytest.fixture
def pages():
    speaker = LeaderFactory(name="Vladimir Putin", slug="vladimir-putin", country="RU")
    OfficeHeldFactory(leader=speaker, title="President of Russia")
    topic = TopicFactory(slug="war")
    statement = StatementFactory(speaker=speaker, date_said=datetime.date(2025, 6, 4))
    statement.topics.add(topic)
    citation = CitationFactory(statement=statement)
    return [
        "/",
        "/quotes/",
        "/quotes/?date_from=2025-13-45",
        statement.get_absolute_url(),
        "/leaders/",
        speaker.get_absolute_url(),
        citation.source.get_absolute_url(),
        topic.get_absolute_url(),
        "/topics/",
        "/sources/",
        "/sources/?publisher=Example+News",
        "/on/2025/",
        "/on/2025/06/",
        "/on/2025/06/04/",
        "/no-such-page/",
    ]


def outline(client, url) -> PageOutline:
    response = client.get(url)
    assert response.status_code in (200, 404)
    parser = PageOutline()
    parser.feed(response.content.decode())
    return parser


def test_every_page_has_the_landmarks_and_a_skip_link_to_the_main_content(client, pages):
    for url in pages:
        page = outline(client, url)
        assert page.has("html", lang="en-GB"), url
        assert page.has("a", href="#main", **{"class": "skip-link"}), url
        assert page.has("main", id="main"), url
        assert page.has("header", **{"class": "site-header"}), url
        assert page.has("nav", **{"aria-label": "Main"}), url
        assert page.has("footer", **{"class": "site-footer"}), url


def test_every_page_has_exactly_one_main_heading(client, pages):
    for url in pages:
        assert outline(client, url).h1_count == 1, url


def test_every_form_control_has_a_label(client, pages):
    for url in pages:
        page = outline(client, url)
        for control in page.controls:
            assert control.get("id") in page.label_targets or control.get("aria-label"), (
                url,
                control,
            )


def test_a_refused_filter_marks_its_control_invalid_and_describes_the_error(client, pages):
    page = outline(client, "/quotes/?date_from=2025-13-45")
    control = next(c for c in page.controls if c.get("name") == "date_from")
    assert control["aria-invalid"] == "true"
    assert "id_date_from_error" in control["aria-describedby"]


@override_settings(SITE_URL="https://verbatim.example")
def test_every_page_has_a_title_a_description_and_a_canonical_link(client, pages):
    for url in pages:
        page = outline(client, url)
        assert page.has("meta", name="description"), url
        if url != "/no-such-page/":
            canonicals = [a["href"] for tag, a in page.tags if a.get("rel") == "canonical"]
            assert len(canonicals) == 1 and canonicals[0].startswith("https://verbatim.example/")


def test_the_current_section_is_marked_in_the_navigation(client, pages):
    page = outline(client, "/leaders/")
    assert page.has("a", href="/leaders/", **{"aria-current": "page"})
    assert not page.has("a", href="/quotes/", **{"aria-current": "page"})
    page = outline(client, "/topics/")
    assert page.has("a", href="/topics/", **{"aria-current": "page"})
    page = outline(client, "/sources/")
    assert page.has("a", href="/sources/", **{"aria-current": "page"})


def test_the_stylesheet_is_served_from_the_site_and_nothing_from_elsewhere(client, pages, settings):
    for url in pages:
        page = outline(client, url)
        assert page.has("link", rel="stylesheet", href="/static/quotes/site.css"), url
        # The site's own scripts, deferred: suggestions for the leader chooser, clean addresses
        # from the filter forms, and on a statement's page the embed snippet's Copy button, all
        # working without them. Structured data (JSON-LD) is data in the page, which no browser
        # runs.
        scripts = [
            attrs
            for tag, attrs in page.tags
            if tag == "script" and attrs.get("type") != "application/ld+json"
        ]
        chooser = {"src": "/static/quotes/chooser.js", "defer": None}
        filters = {"src": "/static/quotes/filters.js", "defer": None}
        copy_button = {"src": "/static/quotes/copy_snippet.js", "defer": None}
        assert chooser in scripts and filters in scripts, url
        assert all(attrs in (chooser, filters, copy_button) for attrs in scripts), url
        external = [
            attrs
            for tag, attrs in page.tags
            if tag in ("link", "img", "script")
            and "//" in (attrs.get("href") or attrs.get("src") or "")
            and attrs.get("rel") != "canonical"
            # The oEmbed discovery links name the site's own address.
            and not (
                attrs.get("rel") == "alternate"
                and attrs["href"].startswith(f"{settings.SITE_URL}/oembed?")
            )
        ]
        assert external == [], url


def test_the_stylesheet_shows_keyboard_focus_and_has_a_skip_link_style():
    css = (Path(__file__).resolve().parent.parent / "static/quotes/site.css").read_text()
    assert ":focus-visible" in css and "outline:" in css
    assert ".skip-link:focus" in css
    assert "@import" not in css and "url(" not in css  # nothing fetched from elsewhere
