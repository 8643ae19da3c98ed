"""Fetching an article (`quotes.editorial.article_fetch`): saved pages, and pages from a server on
this
machine's loopback reached through a stand-in name resolution; never the network.

The fetch's defences against hostile addresses and servers are in `test_fetch_safety.py`.
"""

import datetime
import socket
from pathlib import Path

import pytest

from quotes.editorial import article_fetch
from quotes.editorial.article_fetch import (
    FetchError,
    download,
    extract_article,
    fetch_article,
    parse_date,
)
from tests.local_site import page, redirect, silence

DATA = Path(__file__).parent / "data" / "import"
URL = "https://wire.example.com/world/2025/06/04/zelenskyy-winter-strikes"
HTML = b"<html><body><p>hello</p></body></html>"


def resolves_to(address: str):
    def getaddrinfo(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, 0))]

    return getaddrinfo


@pytest.fixture
def no_connection(monkeypatch):
    """Fails the test if the fetch opens any connection; notes the addresses it tried."""
    attempts = []

    def open_socket(address, port, deadline):
        attempts.append(address)
        raise AssertionError("no connection should be opened")

    monkeypatch.setattr(article_fetch, "open_socket", open_socket)
    return attempts


class TestExtraction:
    def test_the_main_text_and_metadata_of_a_saved_page(self):
        article = extract_article((DATA / "article-air-defence.html").read_bytes(), url=URL)
        assert article.title == "Zelenskyy warns of winter strikes as Europe pledges air defence"
        assert article.publisher == "Example Wire"
        assert article.author == "Anna Reporter"
        assert article.published_on == datetime.date(2025, 6, 4)
        paragraphs = article.text.split("\n")
        assert "Europe will stand with Ukraine for as long as it takes" in article.text
        assert any(p.startswith("Maria Lopez, a spokeswoman") for p in paragraphs)
        # The page's furniture is left out.
        for furniture in ("Subscribe for unlimited", "Markets close higher", "Privacy"):
            assert furniture not in article.text

    def test_a_page_with_no_article_text(self):
        with pytest.raises(FetchError, match="No article text was found"):
            extract_article((DATA / "no-article-text.html").read_text(), url=URL)

    @pytest.mark.parametrize("page", ["", "not html at all", "<html><body><p>Hi</p></body></html>"])
    def test_empty_or_tiny_pages(self, page):
        with pytest.raises(FetchError):
            extract_article(page, url=URL)

    def test_dates_that_are_missing_malformed_or_in_the_future_are_dropped(self):
        assert parse_date("2025-06-04") == datetime.date(2025, 6, 4)
        assert parse_date(None) is None
        assert parse_date("June 2025") is None
        assert parse_date("2999-01-01") is None

    def test_fetch_article_is_download_then_extract(self, monkeypatch):
        html = (DATA / "article-air-defence.html").read_bytes()
        monkeypatch.setattr(article_fetch, "download", lambda url: (url + "?final", html))
        article = fetch_article(URL)
        assert article.url == URL + "?final"
        assert article.publisher == "Example Wire"


class TestDownload:
    def test_a_page_is_read_with_its_final_address(self, sites):
        site = sites.add(
            "news.example", {"/story": redirect("/story/amp"), "/story/amp": page(HTML)}
        )
        url = f"http://news.example:{site.port}/story"
        assert download(url) == (url + "/amp", HTML)
        assert [path for path, _ in site.requests] == ["/story", "/story/amp"]
        headers = site.requests[0][1]
        assert "Verbatim" in headers["User-Agent"]
        assert headers["Host"] == f"news.example:{site.port}"

    def test_an_address_that_is_not_ascii_is_sent_escaped(self, sites):
        site = sites.add("news.example", {"/caf%C3%A9": page(HTML)})
        assert download(f"http://news.example:{site.port}/café?q=a b")[1] == HTML
        assert site.requests[0][0] == "/caf%C3%A9?q=a%20b"

    def test_an_unknown_host(self, monkeypatch):
        def no_such_host(*args, **kwargs):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

        monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
        with pytest.raises(FetchError, match="could not be found"):
            download("https://no-such-site.example/")

    @pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "192.168.0.1", "::1", "fe80::1"])
    def test_local_and_private_addresses_are_refused(self, monkeypatch, no_connection, address):
        monkeypatch.setattr(socket, "getaddrinfo", resolves_to(address))
        with pytest.raises(FetchError, match="private or local"):
            download("http://intranet.example/")
        assert no_connection == []

    @pytest.mark.parametrize(
        "url",
        [
            "ftp://example.com/a",
            "file:///etc/passwd",
            "https://",
            "javascript:alert(1)",
            "http://[::1/",
        ],
    )
    def test_only_web_addresses(self, url):
        with pytest.raises(FetchError, match="http:// or https://"):
            download(url)

    def test_a_port_that_is_not_a_number(self):
        with pytest.raises(FetchError, match="port number that is not valid"):
            download("http://news.example:99999/")

    def test_a_site_that_does_not_answer(self, sites):
        site = sites.add("news.example", {})
        site.routes["/"] = silence(site.stopping)
        with pytest.raises(FetchError, match="did not answer within 0.3 seconds"):
            download(f"http://news.example:{site.port}/", timeout=0.3)

    def test_a_timeout_while_connecting(self, monkeypatch, sites):
        sites.addresses["news.example"] = ["93.184.216.34"]

        def open_socket(address, port, deadline):
            raise TimeoutError("timed out")

        monkeypatch.setattr(article_fetch, "open_socket", open_socket)
        with pytest.raises(FetchError, match="did not answer within 15 seconds"):
            download("https://news.example/")

    def test_a_refused_connection(self, sites):
        with socket.socket() as closed:
            closed.bind(("127.0.0.1", 0))
            port = closed.getsockname()[1]
        sites.addresses["news.example"] = ["127.0.0.1"]
        with pytest.raises(FetchError, match="Could not connect to news.example"):
            download(f"http://news.example:{port}/")

    @pytest.mark.parametrize(
        "status, message",
        [
            (404, "404 Not Found: there is no page"),
            (403, "refused to give the page .403 Forbidden., perhaps a paywall"),
            (429, "slow down"),
            (503, "had an error .503"),
            (418, "answered 418"),
        ],
    )
    def test_http_errors(self, sites, status, message):
        site = sites.add("news.example", {"/": page(b"<html>no</html>", status=status)})
        with pytest.raises(FetchError, match=message):
            download(f"http://news.example:{site.port}/")

    def test_a_file_that_is_not_a_web_page(self, sites):
        site = sites.add("news.example", {"/a.pdf": page(b"%PDF-1.7", "application/pdf")})
        with pytest.raises(FetchError, match="application/pdf file, not a web page"):
            download(f"http://news.example:{site.port}/a.pdf")

    @pytest.mark.parametrize("says_length", [True, False])
    def test_a_page_too_large(self, monkeypatch, sites, says_length):
        monkeypatch.setattr(article_fetch, "MAX_BYTES", 10)
        body = b"<html>" + b"x" * 20
        site = sites.add("news.example", {"/": page(body, says_length=says_length)})
        with pytest.raises(FetchError, match="larger than"):
            download(f"http://news.example:{site.port}/")

    def test_a_page_of_just_the_largest_size(self, monkeypatch, sites):
        monkeypatch.setattr(article_fetch, "MAX_BYTES", 10)
        site = sites.add("news.example", {"/": page(b"<html>1234", says_length=False)})
        assert download(f"http://news.example:{site.port}/")[1] == b"<html>1234"
