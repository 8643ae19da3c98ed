"""Fetching an article by its address and taking out its main text and metadata.

Two halves, so that tests never touch the network:

- `download(url)` is the only function that goes on the network, and it is written for an
  address an attacker may have chosen:
  - each request (the first and each of at most `MAX_REDIRECTS` redirects) looks its host up
    once (`resolve`), vets every address it gets (`is_allowed_address`: public addresses only,
    and an IPv6 address that carries an IPv4 one, as NAT64, 6to4, Teredo or IPv4-mapped
    addresses do, only if that IPv4 address is public too), then connects to a vetted address
    itself, sending the site's name in the Host header and, over https, for SNI and the
    certificate check. The name is never looked up a second time, so a DNS server that
    answers differently from one moment to the next cannot send the connection inside.
  - the whole download (look-ups, connecting, TLS, redirects, headers, body) must be done
    within `DEADLINE_SECONDS`, and any one answer within `TIMEOUT_SECONDS`, so a site that
    drips a byte now and then is cut off.
  - it reads at most `MAX_BYTES` of an HTML page and turns every failure into a `FetchError`
    whose message an editor can act on.
- `extract_article(html, url=...)` finds the article's main text (paragraphs separated by one
  newline), title, outlet, author and publication date with trafilatura.

`fetch_article(url)` is the two together; tests replace `download` with a function that returns
a saved page, or point `resolve` at a server of their own on this machine.
"""

import datetime
import functools
import http.client
import io
import ipaddress
import socket
import ssl
import string
import threading
import time
from dataclasses import dataclass
from http.client import HTTPException
from urllib.parse import quote, urljoin, urlsplit

import trafilatura

from quotes.record.text import clean_words

TIMEOUT_SECONDS = 15  # the longest wait for any one answer from the site
DEADLINE_SECONDS = 20  # the whole download, redirects included
MAX_BYTES = 5 * 1024 * 1024
CHUNK_BYTES = 64 * 1024
MAX_REDIRECTS = 5
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
MIN_WORDS = 15
USER_AGENT = "Mozilla/5.0 (compatible; Verbatim article import)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
REQUEST_HEADERS = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml"}


class FetchError(Exception):
    """The article could not be fetched or read; the message says why, for an editor."""


@dataclass(frozen=True)
class FetchedArticle:
    url: str
    title: str
    publisher: str
    author: str
    published_on: datetime.date | None
    text: str


def fetch_article(url: str) -> FetchedArticle:
    final_url, html = download(url)
    return extract_article(html, url=final_url)


# --- the network ------------------------------------------------------------------------


class Deadline:
    """The one moment by which the whole download must be done, and the wait for any one answer.

    Every wait on the network (the DNS look-up, connecting, TLS, each read of the headers and
    the body) is bounded by the time left, so a site that sends a byte now and then cannot hold
    the editor's page for longer than `seconds`.
    """

    def __init__(self, seconds: float, answer_timeout: float):
        self.seconds = seconds
        self.answer_timeout = answer_timeout
        self.ends_at = time.monotonic() + seconds
        self.last_wait_cut_short = False

    def remaining(self) -> float:
        return self.ends_at - time.monotonic()

    def check(self) -> None:
        if self.remaining() <= 0:
            raise FetchError(self.message())

    def next_wait(self) -> float:
        """The longest the next wait may last; refuses to wait once the deadline has passed."""
        self.check()
        remaining = self.remaining()
        self.last_wait_cut_short = remaining < self.answer_timeout
        return max(min(remaining, self.answer_timeout), 0.001)

    def bound(self, sock: socket.socket) -> None:
        sock.settimeout(self.next_wait())

    def message(self) -> str:
        return (
            f"The site took longer than {self.seconds:g} seconds to send the page: "
            "try again later, or paste the article text."
        )

    def timeout_message(self) -> str:
        """What a wait that ran out means: the whole deadline, or one slow answer."""
        if self.last_wait_cut_short or self.remaining() <= 0:
            return self.message()
        return (
            f"The site did not answer within {self.answer_timeout:g} seconds: try again later, "
            "or paste the article text."
        )


@dataclass(frozen=True)
class WebAddress:
    url: str
    scheme: str
    host: str  # in its ASCII (IDNA) form, as DNS, the Host header and TLS want it
    port: int
    target: str  # the path and query, as sent in the request line

    @classmethod
    def parse(cls, url: str) -> "WebAddress | None":
        """The parts of an http or https address, or None for anything else."""
        try:
            parts = urlsplit(url)
        except ValueError:  # a malformed IPv6 address in brackets, for one
            return None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return None
        host = parts.hostname
        if not host.isascii():
            try:
                host = host.encode("idna").decode("ascii")
            except UnicodeError:
                raise FetchError(
                    f"The site {host} could not be found (no such address in DNS): "
                    "check the address."
                ) from None
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise FetchError(
                "The address has a port number that is not valid: check the address."
            ) from None
        # Only what is not ASCII or is a space gets escaped: the site's own escapes stand.
        target = quote(parts.path or "/", safe=string.punctuation)
        if parts.query:
            target += "?" + quote(parts.query, safe=string.punctuation)
        return cls(url=url, scheme=parts.scheme, host=host, port=port, target=target)


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Beyond what `is_global` says (which has changed between Python releases): shared (CGNAT),
# benchmarking, documentation, relay, multicast and reserved blocks.
NON_PUBLIC_IPV4 = tuple(
    ipaddress.IPv4Network(block)
    for block in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.0.2.0/24",
        "192.88.99.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",
        "240.0.0.0/4",
    )
)
# ::/8 holds the IPv4-carrying forms below (allowed only for a public IPv4) and the local-use
# NAT64 prefix 64:ff9b:1::/48, whose IPv4 sits where each network chooses, so it cannot be
# checked and is refused whole. 2001::/23 holds Teredo and other protocol assignments.
NON_PUBLIC_IPV6 = tuple(
    ipaddress.IPv6Network(block)
    for block in (
        "::/8",
        "100::/64",
        "2001::/23",
        "2001:db8::/32",
        "3fff::/20",
        "5f00::/16",
        "fc00::/7",
        "fe80::/10",
        "fec0::/10",
        "ff00::/8",
    )
)
# IPv6 addresses that are an IPv4 address in another form: the connection goes to that IPv4.
IPV4_IN_IPV6_FORMS = tuple(
    ipaddress.IPv6Network(block)
    for block in (
        "::ffff:0:0/96",  # IPv4-mapped
        "::/96",  # IPv4-compatible (deprecated)
        "::ffff:0:0:0/96",  # IPv4-translated (SIIT)
        "64:ff9b::/96",  # NAT64, the well-known prefix
    )
)
ISATAP_INTERFACE_IDS = (0x00005EFE, 0x02005EFE)


def resolve(host: str, port: int) -> list[str]:
    """Every address the host name has in DNS: the one look-up made for each request."""
    answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(answer[4][0] for answer in answers))


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """Every IPv4 address an IPv6 address carries, in the forms a network may route it by."""
    low_32_bits = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    carried = []
    if any(ip in form for form in IPV4_IN_IPV6_FORMS):
        carried.append(low_32_bits)
    if ip.sixtofour is not None:
        carried.append(ip.sixtofour)
    if ip.teredo is not None:
        carried.extend(ip.teredo)  # the server, and the client with its bits flipped back
    if (int(ip) >> 32) & 0xFFFFFFFF in ISATAP_INTERFACE_IDS:
        carried.append(low_32_bits)
    return carried


def is_public_ipv4(ip: ipaddress.IPv4Address) -> bool:
    return ip.is_global and not ip.is_multicast and not any(ip in net for net in NON_PUBLIC_IPV4)


def is_public_address(ip: IPAddress) -> bool:
    """True for an address on the public internet, and not one that leads back inside.

    An IPv6 address that carries an IPv4 one (NAT64, 6to4, Teredo, mapped, compatible) is
    judged by that IPv4 address too: 64:ff9b::7f00:1 is this machine's 127.0.0.1.
    """
    if ip.version == 4:
        return is_public_ipv4(ip)
    carried = embedded_ipv4(ip)
    if not all(is_public_ipv4(ipv4) for ipv4 in carried):
        return False
    if any(ip in form for form in IPV4_IN_IPV6_FORMS):
        return True
    return (
        ip.is_global
        and not ip.is_multicast
        and not ip.is_site_local
        and not any(ip in net for net in NON_PUBLIC_IPV6)
    )


def is_allowed_address(ip: IPAddress) -> bool:
    """The policy every address is vetted by; tests widen it to reach their loopback server."""
    return is_public_address(ip)


def vetted_addresses(host: str, port: int, deadline: Deadline) -> list[IPAddress]:
    """The host's addresses from one look-up, all of them vetted: the only ones connected to.

    Connecting to these, never to the name again, is what stops a DNS server from answering
    a public address for the check and a private one for the connection.
    """
    answers = resolve_in_time(host, port, deadline)
    addresses = []
    for answer in answers:
        try:
            address = ipaddress.ip_address(answer.split("%", 1)[0])
        except ValueError:
            address = None
        if address is None or not is_allowed_address(address):
            raise FetchError(
                f"The address {host} points to a private or local network; "
                "only public web pages can be fetched."
            )
        addresses.append(address)
    if not addresses:
        raise FetchError(
            f"The site {host} could not be found (no such address in DNS): check the address."
        )
    return addresses


def resolve_in_time(host: str, port: int, deadline: Deadline) -> list[str]:
    """`resolve`, given up on when the deadline comes (the system's look-up takes no timeout)."""
    outcome: dict[str, object] = {}

    def look_up() -> None:
        try:
            outcome["answers"] = resolve(host, port)
        except Exception as error:
            outcome["error"] = error

    # A daemon thread, so a look-up that never ends cannot keep the process from stopping.
    thread = threading.Thread(target=look_up, name=f"resolve {host}", daemon=True)
    thread.start()
    thread.join(deadline.next_wait())
    if thread.is_alive():
        raise FetchError(deadline.timeout_message())
    error = outcome.get("error")
    if isinstance(error, (socket.gaierror, UnicodeError)):
        raise FetchError(
            f"The site {host} could not be found (no such address in DNS): check the address."
        )
    if error is not None:
        raise FetchError(f"Could not connect to {host}: {error}.")
    return outcome["answers"]


def open_socket(address: IPAddress, port: int, deadline: Deadline) -> socket.socket:
    """A TCP connection to this very address (no name, so nothing is looked up again)."""
    if address.version == 6 and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        deadline.bound(sock)
        sock.connect((str(address), port))
    except BaseException:
        sock.close()
        raise
    return sock


def tls_context() -> ssl.SSLContext:
    """Certificates checked against the system's authorities and the site's name."""
    return ssl.create_default_context()


class DeadlineReader(io.RawIOBase):
    """The socket read as a file by http.client, each read bounded by the deadline."""

    def __init__(self, sock: socket.socket, deadline: Deadline):
        super().__init__()
        self.sock = sock
        # The socket's own reader keeps it open while the response is read, even once the
        # connection lets go of it.
        self.socket_reader = sock.makefile("rb", buffering=0)
        self.deadline = deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int | None:
        self.deadline.bound(self.sock)
        return self.socket_reader.readinto(buffer)

    def close(self) -> None:
        self.socket_reader.close()
        super().close()


class DeadlineResponse(http.client.HTTPResponse):
    def __init__(self, sock, *args, deadline: Deadline, **kwargs):
        super().__init__(sock, *args, **kwargs)
        self.fp.close()  # http.client's reader, whose waits only the socket's timeout bounds
        self.fp = io.BufferedReader(DeadlineReader(sock, deadline))


class VettedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to the vetted addresses, with the site's name in the Host header."""

    def __init__(self, host: str, port: int, *, addresses: list[IPAddress], deadline: Deadline):
        super().__init__(host, port)
        self.addresses = addresses
        self.deadline = deadline
        self.response_class = functools.partial(DeadlineResponse, deadline=deadline)

    def connect(self) -> None:
        failure: OSError | None = None
        for address in self.addresses:
            try:
                self.sock = open_socket(address, self.port, self.deadline)
                return
            except OSError as error:
                failure = error
        raise failure


class VettedHTTPSConnection(VettedHTTPConnection):
    """The same over TLS: the site's name for SNI and for checking its certificate."""

    default_port = 443

    def connect(self) -> None:
        super().connect()
        try:
            self.deadline.bound(self.sock)
            self.sock = tls_context().wrap_socket(self.sock, server_hostname=self.host)
        except BaseException:
            self.sock.close()
            self.sock = None
            raise


@dataclass(frozen=True)
class Redirect:
    url: str


def download(
    url: str, *, timeout: float | None = None, deadline: float | None = None
) -> tuple[str, bytes]:
    """Fetch a web page: (its final address after redirects, its HTML as bytes).

    `timeout` bounds the wait for any one answer (`TIMEOUT_SECONDS`), `deadline` the whole
    download (`DEADLINE_SECONDS`).
    """
    address = WebAddress.parse(url)
    if address is None:
        raise FetchError("Enter a web address that starts with http:// or https://.")
    limits = Deadline(
        DEADLINE_SECONDS if deadline is None else deadline,
        TIMEOUT_SECONDS if timeout is None else timeout,
    )
    for _ in range(MAX_REDIRECTS + 1):
        answer = fetch_once(address, limits)
        if not isinstance(answer, Redirect):
            return address.url, answer
        address = WebAddress.parse(answer.url)
        if address is None:
            raise FetchError(
                f"The page redirects to an address that is not a web page: {answer.url}"
            )
    raise FetchError(
        f"The page redirects more than {MAX_REDIRECTS} times: paste the article text instead."
    )


def fetch_once(address: WebAddress, deadline: Deadline) -> bytes | Redirect:
    """One request, on its own connection to a freshly vetted address: a page or a redirect."""
    addresses = vetted_addresses(address.host, address.port, deadline)
    connection_class = VettedHTTPSConnection if address.scheme == "https" else VettedHTTPConnection
    connection = connection_class(
        address.host, address.port, addresses=addresses, deadline=deadline
    )
    response = None
    try:
        try:
            connection.connect()
        except FetchError:
            raise
        except TimeoutError:
            raise FetchError(deadline.timeout_message()) from None
        except OSError as error:
            raise FetchError(f"Could not connect to {address.host}: {error}.") from None
        try:
            deadline.bound(connection.sock)
            connection.request("GET", address.target, headers=REQUEST_HEADERS)
            response = connection.getresponse()
            location = response.getheader("Location")
            if response.status in REDIRECT_STATUSES and location:
                return Redirect(urljoin(address.url, location.strip()))
            if not 200 <= response.status < 300:
                raise FetchError(http_error_message(response.status, response.reason))
            content_type = response.headers.get_content_type()
            if content_type not in HTML_TYPES:
                raise FetchError(
                    f"The address gives a {content_type} file, not a web page: "
                    "paste the article text instead."
                )
            return read_body(response, deadline)
        except FetchError:
            raise
        except TimeoutError:
            raise FetchError(deadline.timeout_message()) from None
        except (HTTPException, OSError, ValueError) as error:
            raise FetchError(f"Could not read the page from {address.host}: {error}.") from None
    finally:
        if response is not None:
            response.close()
        connection.close()


def read_body(response: http.client.HTTPResponse, deadline: Deadline) -> bytes:
    """The body in chunks, stopping at `MAX_BYTES` and at the deadline."""
    too_large = FetchError(
        f"The page is larger than {MAX_BYTES // (1024 * 1024)} MB: paste the article text."
    )
    if response.length is not None and response.length > MAX_BYTES:
        raise too_large
    chunks = []
    size = 0
    while True:
        deadline.check()
        chunk = response.read(min(CHUNK_BYTES, MAX_BYTES + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_BYTES:
            raise too_large


def http_error_message(status: int, reason: object) -> str:
    label = f"{status} {reason}".strip()
    if status == 404 or status == 410:
        return f"The site answered {label}: there is no page at that address, check it."
    if status in (401, 402, 403, 451):
        return (
            f"The site refused to give the page ({label}), perhaps a paywall: "
            "paste the article text instead."
        )
    if status == 429:
        return f"The site asks us to slow down ({label}): try again in a few minutes."
    if status >= 500:
        return f"The site had an error ({label}): try again later, or paste the article text."
    return f"The site answered {label}: paste the article text instead."


# --- the page -----------------------------------------------------------------------------


def extract_article(html: str | bytes, *, url: str) -> FetchedArticle:
    """The main text and metadata of a saved or downloaded page; no network."""
    try:
        document = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            favor_precision=True,
            # Only a date the page states (its metadata, its URL), never a guess from a
            # copyright line: a wrong date would become every quotation's date.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as error:  # a malformed page must give a message, never a crash
        raise FetchError(f"The page could not be read: {error}.") from None
    text = (getattr(document, "text", None) or "").strip() if document is not None else ""
    if len(text.split()) < MIN_WORDS:
        raise FetchError(
            "No article text was found on that page (it may need JavaScript, a login or a "
            "subscription): paste the article text instead."
        )
    paragraphs = [clean_words(line) for line in text.splitlines()]
    return FetchedArticle(
        url=url,
        title=clean_words(document.title or "")[:500],
        publisher=clean_words(document.sitename or document.hostname or "")[:200],
        author=clean_words(document.author or "")[:200],
        published_on=parse_date(document.date),
        text="\n".join(paragraph for paragraph in paragraphs if paragraph),
    )


def parse_date(value: str | None) -> datetime.date | None:
    """trafilatura's YYYY-MM-DD date, or None when absent, malformed or in the future."""
    try:
        day = datetime.date.fromisoformat((value or "")[:10])
    except ValueError:
        return None
    return day if day <= datetime.date.today() else None
