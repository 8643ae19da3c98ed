"""Fetching an article (`quotes.article_fetch`): saved pages and simulated failures only.

No test here reaches the network: name resolution and the HTTP opener are replaced.
"""

import datetime
import email.message
import io
import socket
import urllib.error
from pathlib import Path

import pytest

from quotes import article_fetch
from quotes.article_fetch import FetchError, download, extract_article, fetch_article, parse_date

DATA = Path(__file__).parent / "data" / "import"
URL = "https://wire.example.com/world/2025/06/04/zelenskyy-winter-strikes"
PUBLIC_ADDRESS = "93.184.216.34"


def resolves_to(address: str):
    def getaddrinfo(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, 0))]

    return getaddrinfo


class FakeResponse(io.BytesIO):
    def __init__(self, body: bytes, content_type: str = "text/html; charset=utf-8", url=URL):
        super().__init__(body)
        self.headers = email.message.Message()
        self.headers["Content-Type"] = content_type
        self.url = url

    def geturl(self):
        return self.url


class FakeOpener:
    def __init__(self, answer):
        self.answer = answer
        self.requests = []

    def open(self, request, timeout=None):
        self.requests.append((request, timeout))
        if isinstance(self.answer, BaseException):
            raise self.answer
        return self.answer


@pytest.fixture
def public_dns(monkeypatch):
    monkeypatch.setattr(socket, "getaddrinfo", resolves_to(PUBLIC_ADDRESS))


def use_opener(monkeypatch, answer) -> FakeOpener:
    opener = FakeOpener(answer)
    monkeypatch.setattr(article_fetch, "opener", lambda: opener)
    return opener


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
    def test_a_page_is_read_with_its_final_address(self, monkeypatch, public_dns):
        opener = use_opener(monkeypatch, FakeResponse(b"<html>hello</html>", url=URL + "/amp"))
        assert download(URL) == (URL + "/amp", b"<html>hello</html>")
        request, timeout = opener.requests[0]
        assert request.full_url == URL
        assert "Verbatim" in request.get_header("User-agent")
        assert timeout == article_fetch.TIMEOUT_SECONDS

    def test_an_unknown_host(self, monkeypatch):
        def no_such_host(*args, **kwargs):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

        monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
        with pytest.raises(FetchError, match="could not be found"):
            download("https://no-such-site.example/")

    @pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "192.168.0.1", "::1", "fe80::1"])
    def test_local_and_private_addresses_are_refused(self, monkeypatch, address):
        monkeypatch.setattr(socket, "getaddrinfo", resolves_to(address))
        opener = use_opener(monkeypatch, FakeResponse(b"secret"))
        with pytest.raises(FetchError, match="private or local"):
            download("http://intranet.example/")
        assert opener.requests == []

    @pytest.mark.parametrize("url", ["ftp://example.com/a", "file:///etc/passwd", "https://"])
    def test_only_web_addresses(self, url):
        with pytest.raises(FetchError, match="http:// or https://"):
            download(url)

    def test_a_timeout(self, monkeypatch, public_dns):
        use_opener(monkeypatch, TimeoutError("timed out"))
        with pytest.raises(FetchError, match="did not answer within 15 seconds"):
            download(URL)

    def test_a_timeout_while_connecting(self, monkeypatch, public_dns):
        use_opener(monkeypatch, urllib.error.URLError(TimeoutError("timed out")))
        with pytest.raises(FetchError, match="did not answer"):
            download(URL)

    def test_a_refused_connection(self, monkeypatch, public_dns):
        use_opener(monkeypatch, urllib.error.URLError(ConnectionRefusedError("refused")))
        with pytest.raises(FetchError, match="Could not connect to wire.example.com"):
            download(URL)

    @pytest.mark.parametrize(
        "status, reason, message",
        [
            (404, "Not Found", "404 Not Found: there is no page"),
            (403, "Forbidden", "refused to give the page .403 Forbidden., perhaps a paywall"),
            (429, "Too Many Requests", "slow down"),
            (503, "Service Unavailable", "had an error .503"),
            (418, "I'm a teapot", "answered 418"),
        ],
    )
    def test_http_errors(self, monkeypatch, public_dns, status, reason, message):
        error = urllib.error.HTTPError(URL, status, reason, email.message.Message(), None)
        use_opener(monkeypatch, error)
        with pytest.raises(FetchError, match=message):
            download(URL)

    def test_a_file_that_is_not_a_web_page(self, monkeypatch, public_dns):
        use_opener(monkeypatch, FakeResponse(b"%PDF-1.7", content_type="application/pdf"))
        with pytest.raises(FetchError, match="application/pdf file, not a web page"):
            download(URL)

    def test_a_page_too_large(self, monkeypatch, public_dns):
        monkeypatch.setattr(article_fetch, "MAX_BYTES", 10)
        use_opener(monkeypatch, FakeResponse(b"<html>" + b"x" * 20))
        with pytest.raises(FetchError, match="larger than"):
            download(URL)

    def test_redirects_are_checked_like_the_first_address(self, monkeypatch):
        addresses = {"wire.example.com": PUBLIC_ADDRESS, "internal.example": "10.0.0.5"}

        def getaddrinfo(host, *args, **kwargs):
            return resolves_to(addresses[host])(host, None)

        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
        handler = article_fetch.CheckedRedirects()
        request = article_fetch.urllib.request.Request(URL)
        with pytest.raises(FetchError, match="private or local"):
            handler.redirect_request(request, None, 302, "Found", {}, "http://internal.example/")
        with pytest.raises(FetchError, match="not a web page"):
            handler.redirect_request(request, None, 302, "Found", {}, "file:///etc/passwd")
        followed = handler.redirect_request(request, None, 302, "Found", {}, URL + "/next")
        assert followed.full_url == URL + "/next"
