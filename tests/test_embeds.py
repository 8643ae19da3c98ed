"""The embeddable card, the only page other sites may frame, and its oEmbed endpoint."""

import datetime
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import pytest

from quotes.editorial.workflow import unpublish
from quotes.models import Statement
from tests.factories import (
    CitationFactory,
    LeaderFactory,
    OfficeHeldFactory,
    SourceFactory,
    StatementFactory,
)
from tests.test_security_headers import EXPECTED_POLICY, policy_of

pytestmark = pytest.mark.django_db

SITE = "https://verbatim.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def statement():
    leader = LeaderFactory(name="Vladimir Putin", slug="vladimir-putin", country="RU")
    OfficeHeldFactory(
        leader=leader, title="President of Russia", start_date=datetime.date(2012, 5, 7)
    )
    statement = StatementFactory(
        speaker=leader,
        text="We will respond to the attack on our airfields.",
        date_said=datetime.date(2025, 6, 4),
        cited=False,
    )
    CitationFactory(
        statement=statement,
        source=SourceFactory(
            publisher="Reuters",
            title="Putin tells Trump he will respond",
            url="https://www.reuters.com/world/putin-respond",
        ),
    )
    return statement


def embed_path(statement) -> str:
    return f"/quotes/{statement.pk}/embed/"


# --- the card ---------------------------------------------------------------------------------


def test_the_card_shows_the_words_speaker_office_date_and_sources(client, statement):
    response = client.get(embed_path(statement))
    assert response.status_code == 200
    html = response.content.decode()
    assert "We will respond to the attack on our airfields." in html
    assert '<span class="embed-office">President of Russia</span>' in html
    assert '<time datetime="2025-06-04">4 June 2025</time>' in html
    assert (
        '<a href="https://www.reuters.com/world/putin-respond" target="_blank" '
        'rel="external noopener noreferrer">Reuters</a>'
    ) in html
    assert (
        f'<a class="embed-link" href="{statement.get_absolute_url()}" target="_blank" '
        'rel="noopener">'
    ) in html


def test_every_link_of_the_card_opens_out_of_the_frame(client, statement):
    html = client.get(embed_path(statement)).content.decode()
    links = re.findall(r"<a\b[^>]*>", html)
    assert len(links) == 4  # the speaker, the source, the statement, the site
    for link in links:
        assert 'target="_blank"' in link
        assert re.search(r'rel="[^"]*\bnoopener\b', link)


def test_the_card_has_its_own_stylesheet_no_script_and_no_site_chrome(client, statement):
    html = client.get(embed_path(statement)).content.decode()
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) == [
        "/static/quotes/embed.css"
    ]
    assert "<script" not in html
    assert "site-header" not in html
    assert "site-footer" not in html


def test_a_contested_statement_says_so_on_its_card(client, statement):
    Statement.objects.filter(pk=statement.pk).update(
        verification=Statement.Verification.MISATTRIBUTED, verification_note="Fabricated."
    )
    html = client.get(embed_path(statement)).content.decode()
    assert "Misattributed: there is no good evidence that Vladimir Putin said this" in html


def test_only_the_card_may_be_framed(client, statement):
    card = client.get(embed_path(statement))
    assert "X-Frame-Options" not in card.headers
    assert policy_of(card) == {**EXPECTED_POLICY, "frame-ancestors": {"*"}}

    for path in [statement.get_absolute_url(), "/quotes/", "/oembed?url=/quotes/1/"]:
        page = client.get(path)
        assert page.headers["X-Frame-Options"] == "DENY"
        assert policy_of(page)["frame-ancestors"] == {"'none'"}


def test_a_cached_card_may_still_be_framed(client, statement, page_cache):
    first = client.get(embed_path(statement))
    second = client.get(embed_path(statement))
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert "X-Frame-Options" not in second.headers
    assert policy_of(second)["frame-ancestors"] == {"*"}


def test_the_card_answers_conditional_requests(client, statement):
    etag = client.get(embed_path(statement))["ETag"]
    again = client.get(embed_path(statement), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


def test_the_card_follows_a_change_to_its_statement(client, statement, page_cache):
    client.get(embed_path(statement))
    statement.text = "We will respond at a time of our choosing."
    statement.save()
    response = client.get(embed_path(statement))
    assert response["X-Cache"] == "miss"
    assert "at a time of our choosing" in response.content.decode()


def test_a_draft_or_unknown_statement_has_no_card(client, statement):
    draft = StatementFactory(text="Draft words nobody may see.", status=Statement.Status.DRAFT)
    for path in [embed_path(draft), "/quotes/999999/embed/", "/quotes/99999999999999999999/embed/"]:
        response = client.get(path)
        assert response.status_code == 404
        assert "Draft words" not in response.content.decode()
        assert "This statement is not on the record." in response.content.decode()


def test_a_withdrawn_statement_card_says_it_was_withdrawn(client, statement, reviewer):
    unpublish(statement, reviewer, note="The interview was misquoted.")
    response = client.get(embed_path(statement))
    assert response.status_code == 410
    html = response.content.decode()
    assert "This statement was withdrawn from the record" in html
    assert "The interview was misquoted." in html
    assert "We will respond" not in html


# --- the snippet on the statement's page ------------------------------------------------------


def snippet_of(response) -> str:
    found = re.search(r'<textarea id="embed-code"[^>]*>(.*?)</textarea>', response.content.decode())
    return unescape(found.group(1))


def test_the_statement_page_offers_the_snippet_to_copy(client, statement):
    response = client.get(statement.get_absolute_url())
    html = response.content.decode()
    assert re.search(r'<textarea id="embed-code"[^>]*\breadonly\b', html)
    snippet = snippet_of(response)
    assert snippet.startswith(f'<iframe src="{SITE}/quotes/{statement.pk}/embed/" width="550"')
    title = "Vladimir Putin: “We will respond to the attack on our airfields.” (Verbatim)"
    assert f'title="{title}"' in snippet
    # The button needs script to work, so the script shows it: without script, select and copy.
    assert re.search(r'<button type="button" class="copy-button" [^>]*\bhidden\b', html)
    assert '<script src="/static/quotes/copy_snippet.js" defer></script>' in html


def test_hostile_words_stay_text_in_the_snippet(client):
    statement = StatementFactory(text='"></textarea><script>alert(1)</script>')
    html = client.get(statement.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert '"></textarea><script>alert(1)</script>' in snippet_of(
        client.get(statement.get_absolute_url())
    )


# --- oEmbed -----------------------------------------------------------------------------------


def oembed(client, url, **parameters):
    return client.get("/oembed", {"url": url, **parameters})


def test_oembed_answers_a_rich_card(client, statement):
    response = oembed(client, SITE + statement.get_absolute_url(), format="json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["version"] == "1.0"
    assert data["type"] == "rich"
    assert data["provider_name"] == "Verbatim"
    assert data["provider_url"] == f"{SITE}/"
    assert data["author_name"] == "Vladimir Putin"
    assert data["author_url"] == f"{SITE}/leaders/vladimir-putin/"
    assert data["title"] == "Vladimir Putin: “We will respond to the attack on our airfields.”"
    assert data["thumbnail_url"] == f"{SITE}/quotes/{statement.pk}/share.png"
    assert (data["thumbnail_width"], data["thumbnail_height"]) == (1200, 630)
    assert data["width"] == 550
    iframe = re.fullmatch(
        r'<iframe src="([^"]+)" width="(\d+)" height="(\d+)" title="[^"]+" loading="lazy" '
        r'style="[^"]+"></iframe>',
        data["html"],
    )
    assert iframe.group(1) == f"{SITE}/quotes/{statement.pk}/embed/"
    assert (int(iframe.group(2)), int(iframe.group(3))) == (data["width"], data["height"])


@pytest.mark.parametrize(
    "form",
    [
        "{site}/quotes/{pk}/",
        "{site}{page}",
        "{site}/quotes/{pk}-an-outdated-slug/",
        "{site}/quotes/{pk}/embed/",
        "{site}{page}?utm_source=newsletter#sources",
        "https://VERBATIM.example.org:443/quotes/{pk}/",
        "http://verbatim.example.org/quotes/{pk}/",
        "http://testserver/quotes/{pk}/",
        "/quotes/{pk}/",
        "  {site}/quotes/{pk}/  ",
    ],
)
def test_oembed_accepts_every_address_of_a_statement(client, statement, form):
    url = form.format(site=SITE, pk=statement.pk, page=statement.get_absolute_url())
    response = oembed(client, url)
    assert response.status_code == 200, response.content
    assert f"/quotes/{statement.pk}/embed/" in response.json()["html"]


@pytest.mark.parametrize(
    "form",
    [
        "https://elsewhere.example.com/quotes/{pk}/",
        "https://verbatim.example.org.evil.example/quotes/{pk}/",
        "https://verbatim.example.org:8443/quotes/{pk}/",
        "ftp://verbatim.example.org/quotes/{pk}/",
        "javascript:alert(1)//verbatim.example.org/quotes/{pk}/",
        "{site}/leaders/vladimir-putin/",
        "{site}/quotes/",
        "{site}/quotes/{pk}/share.png",
        "{site}/quotes/99999999/",
        "{site}/quotes/99999999999999999999999/",
        "{site}/admin/quotes/statement/{pk}/change/",
        "https://[::1/quotes/{pk}/",
        "not a url at all",
    ],
)
def test_oembed_knows_no_other_address(client, statement, form):
    response = oembed(client, form.format(site=SITE, pk=statement.pk))
    assert response.status_code == 404
    assert "is not the address of a published statement on this site" in response.content.decode()


def test_oembed_does_not_show_a_draft_or_a_withdrawn_statement(client, statement, reviewer):
    draft = StatementFactory(status=Statement.Status.DRAFT)
    assert oembed(client, f"{SITE}/quotes/{draft.pk}/").status_code == 404
    unpublish(statement, reviewer, note="Misquoted.")
    assert oembed(client, f"{SITE}/quotes/{statement.pk}/").status_code == 404


def test_oembed_fits_within_the_maximum_size_asked(client, statement):
    data = oembed(client, f"{SITE}/quotes/{statement.pk}/", maxwidth="320", maxheight="150").json()
    assert data["width"] == 320
    assert data["height"] == 150
    assert 'width="320" height="150"' in data["html"]
    # The one share image is larger than asked, and oEmbed's thumbnail must fit too.
    assert "thumbnail_url" not in data


def test_oembed_never_answers_wider_than_its_card(client, statement):
    data = oembed(client, f"{SITE}/quotes/{statement.pk}/", maxwidth="5000").json()
    assert data["width"] == 550
    assert data["thumbnail_width"] == 1200


def test_longer_words_make_a_taller_card(client, statement):
    short = oembed(client, f"{SITE}/quotes/{statement.pk}/").json()["height"]
    long_one = StatementFactory(text=" ".join(["Words that go on and on."] * 20))
    taller = oembed(client, f"{SITE}/quotes/{long_one.pk}/").json()["height"]
    assert taller > short


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({}, "Give the address of a statement in the url parameter"),
        ({"url": "   "}, "Give the address of a statement in the url parameter"),
        ({"url": "/quotes/1/", "maxwidth": "wide"}, "maxwidth must be a whole number of pixels"),
        ({"url": "/quotes/1/", "maxwidth": "0"}, "maxwidth must be a whole number of pixels"),
        ({"url": "/quotes/1/", "maxwidth": "-5"}, "maxwidth must be a whole number of pixels"),
        ({"url": "/quotes/1/", "maxheight": "9" * 5000}, "maxheight must be a whole number"),
        ({"url": "/quotes/1/", "maxheight": "１２"}, "maxheight must be a whole number"),
        ({"url": "https://verbatim.example.org/" + "a" * 3000}, "longer than 2000 characters"),
    ],
)
def test_oembed_explains_bad_input(client, statement, parameters, message):
    response = client.get("/oembed", parameters)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_oembed_answers_in_xml_too(client, statement):
    as_json = oembed(client, f"{SITE}/quotes/{statement.pk}/").json()
    response = oembed(client, f"{SITE}/quotes/{statement.pk}/", format="xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    root = ElementTree.fromstring(response.content)
    assert root.tag == "oembed"
    assert {child.tag: child.text for child in root} == {
        name: str(value) for name, value in as_json.items()
    }


def test_oembed_xml_holds_hostile_words_as_text(client):
    statement = StatementFactory(text="</title><script>alert(1)</script> & ]]>", cited=False)
    CitationFactory(statement=statement)
    Statement.objects.filter(pk=statement.pk).update(text="Bell\x07 </title> & ]]>")
    response = oembed(client, f"/quotes/{statement.pk}/", format="xml")
    root = ElementTree.fromstring(response.content)  # well-formed
    assert root.find("title").text.endswith("“Bell </title> & ]]>”")


def test_oembed_offers_json_and_xml_only(client, statement):
    response = oembed(client, f"{SITE}/quotes/{statement.pk}/", format="yaml")
    assert response.status_code == 501  # oEmbed's answer for a format not offered
    assert "format=json or format=xml" in response.content.decode()


def test_the_statement_page_announces_its_oembed(client, statement):
    html = client.get(statement.get_absolute_url()).content.decode()
    link = re.search(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', html)
    address = urlsplit(unescape(link.group(1)))
    assert f"{address.scheme}://{address.netloc}{address.path}" == f"{SITE}/oembed"
    query = parse_qs(address.query)
    assert query == {"url": [SITE + statement.get_absolute_url()], "format": ["json"]}
    followed = client.get(address.path, query)
    assert followed.status_code == 200
    assert followed.json()["author_name"] == "Vladimir Putin"

    link = re.search(r'<link rel="alternate" type="text/xml\+oembed" href="([^"]+)"', html)
    address = urlsplit(unescape(link.group(1)))
    followed = client.get(address.path, parse_qs(address.query))
    assert ElementTree.fromstring(followed.content).find("author_name").text == "Vladimir Putin"


def test_oembed_answers_are_cached_until_the_statement_changes(client, statement, page_cache):
    url = f"{SITE}/quotes/{statement.pk}/"
    assert oembed(client, url)["X-Cache"] == "miss"
    assert oembed(client, url)["X-Cache"] == "hit"
    statement.speaker.name = "V. V. Putin"
    statement.speaker.save()
    response = oembed(client, url)
    assert response["X-Cache"] == "miss"
    assert response.json()["author_name"] == "V. V. Putin"
