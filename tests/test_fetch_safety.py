"""The article fetch against hostile addresses and servers
(`quotes.editorial.article_fetch.download`).

An editor pastes any address; the fetch must not be turned against this machine or its
network (by a private address, a DNS answer that changes between the check and the connection,
an IPv6 form that carries a private IPv4, a redirect), nor be held open by a slow server.
Servers here run on this machine's loopback, reached through a stand-in `resolve`; the vetting
counts loopback as public only where a test needs to reach its server.
"""

import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
import time

import pytest

from quotes.editorial import article_fetch
from quotes.editorial.article_fetch import FetchError, download, embedded_ipv4, is_public_address
from tests.local_site import (
    drip_body,
    drip_head,
    page,
    redirect,
    server_tls_context,
)

HTML = b"<html><body><p>The article.</p></body></html>"
REAL_POLICY = article_fetch.is_allowed_address
# The client's IPv4 in a Teredo address is stored with its bits flipped: 3f57:fefe is
# 192.168.1.1. The server part, 4136:e378, is 65.54.227.120.
TEREDO_PRIVATE_CLIENT = "2001:0:4136:e378:8000:63bf:3f57:fefe"


@pytest.fixture
def connections(monkeypatch):
    """The addresses the fetch opens connections to, in order."""
    opened = []
    open_socket = article_fetch.open_socket

    def noting_open_socket(address, port, deadline):
        opened.append(str(address))
        return open_socket(address, port, deadline)

    monkeypatch.setattr(article_fetch, "open_socket", noting_open_socket)
    return opened


def answering(monkeypatch, *answers: list[str]) -> list[str]:
    """A DNS that gives each answer in turn, one per look-up; returns the names looked up."""
    remaining = list(answers)
    lookups = []

    def resolve(host, port):
        lookups.append(host)
        return remaining.pop(0)

    monkeypatch.setattr(article_fetch, "resolve", resolve)
    return lookups


class TestTheConnectionGoesToTheVettedAddress:
    def test_it_connects_to_the_looked_up_address_with_the_site_name(
        self, monkeypatch, sites, connections
    ):
        site = sites.add("news.example", {"/": page(HTML)})

        def second_look_up(*args, **kwargs):
            raise AssertionError("the name was looked up a second time")

        monkeypatch.setattr(socket, "getaddrinfo", second_look_up)
        assert download(f"http://news.example:{site.port}/")[1] == HTML
        assert sites.lookups == ["news.example"]
        assert connections == ["127.0.0.1"]
        assert site.requests[0][1]["Host"] == f"news.example:{site.port}"

    def test_over_ipv6(self, sites, connections):
        try:
            site = sites.add("news.example", {"/": page(HTML)}, host="::1")
        except OSError:
            pytest.skip("this machine has no IPv6 loopback")
        assert download(f"http://news.example:{site.port}/")[1] == HTML
        assert connections == ["::1"]
        assert site.requests[0][1]["Host"] == f"news.example:{site.port}"

    def test_the_real_policy_refuses_this_machine(self, monkeypatch, sites, connections):
        site = sites.add("news.example", {"/": page(HTML)})
        monkeypatch.setattr(article_fetch, "is_allowed_address", REAL_POLICY)
        with pytest.raises(FetchError, match="private or local network"):
            download(f"http://news.example:{site.port}/")
        assert connections == []
        assert site.requests == []

    def test_an_address_written_as_a_number_is_vetted_too(self, connections):
        # 2130706433 is 127.0.0.1; the system's own look-up turns it into that.
        with pytest.raises(FetchError, match="private or local network"):
            download("http://2130706433/")
        with pytest.raises(FetchError, match="private or local network"):
            download("http://[::ffff:127.0.0.1]/")
        assert connections == []


class TestDNSRebinding:
    def test_one_look_up_per_request_and_its_answer_is_the_one_connected_to(
        self, monkeypatch, sites, connections
    ):
        site = sites.add("news.example", {"/": page(HTML)})
        # A rebinding DNS: a harmless answer for the check, the internal network afterwards.
        lookups = answering(monkeypatch, ["127.0.0.1"], ["10.0.0.1"])
        assert download(f"http://news.example:{site.port}/")[1] == HTML
        assert lookups == ["news.example"]
        assert connections == ["127.0.0.1"]
        assert len(site.requests) == 1

    def test_a_redirect_is_looked_up_and_vetted_afresh(self, monkeypatch, sites, connections):
        site = sites.add("news.example", {"/": redirect("/next"), "/next": page(HTML)})
        lookups = answering(monkeypatch, ["127.0.0.1"], ["10.0.0.1"])
        with pytest.raises(FetchError, match="private or local network"):
            download(f"http://news.example:{site.port}/")
        assert lookups == ["news.example", "news.example"]
        assert connections == ["127.0.0.1"]
        assert [path for path, _ in site.requests] == ["/"]

    def test_a_name_with_any_private_address_is_refused(self, monkeypatch, connections):
        answering(monkeypatch, ["93.184.216.34", "127.0.0.1"])
        with pytest.raises(FetchError, match="private or local network"):
            download("http://news.example/")
        assert connections == []


EMBEDDED_PRIVATE_IPV4 = [
    "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
    "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254, the cloud metadata address
    "64:ff9b::6440:1",  # NAT64 of 100.64.0.1 (shared address space)
    "64:ff9b:1::808:808",  # the local-use NAT64 prefix, refused whole
    "2002:7f00:1::",  # 6to4 of 127.0.0.1
    "2002:c0a8:101::",  # 6to4 of 192.168.1.1
    TEREDO_PRIVATE_CLIENT,
    "::ffff:127.0.0.1",  # IPv4-mapped
    "::ffff:10.0.0.1",
    "::127.0.0.1",  # IPv4-compatible
    "::ffff:0:a00:1",  # IPv4-translated 10.0.0.1
    "2a00:1450:4001::5efe:a00:1",  # ISATAP interface of 10.0.0.1
]

NOT_PUBLIC = [
    "127.0.0.1",
    "127.255.0.1",
    "10.0.0.1",
    "172.16.0.1",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    "192.0.0.8",
    "198.18.0.1",
    "192.0.2.1",
    "::",
    "::1",
    "fe80::1",
    "fc00::1",
    "fd12:3456::1",
    "fec0::1",
    "ff02::1",
    "2001:db8::1",
    "100::1",
]

PUBLIC = [
    "93.184.216.34",
    "8.8.8.8",
    "2606:4700:4700::1111",
    "64:ff9b::808:808",  # NAT64 of 8.8.8.8
    "2002:808:808::1",  # 6to4 of 8.8.8.8
    "::ffff:8.8.8.8",
]


class TestWhichAddressesArePublic:
    @pytest.mark.parametrize("address", EMBEDDED_PRIVATE_IPV4 + NOT_PUBLIC)
    def test_addresses_inside_are_refused(self, address):
        assert not is_public_address(ipaddress.ip_address(address))

    @pytest.mark.parametrize("address", PUBLIC)
    def test_public_addresses_are_allowed(self, address):
        assert is_public_address(ipaddress.ip_address(address))

    def test_the_ipv4_inside_each_form_is_found(self):
        def carried(address):
            return [str(ipv4) for ipv4 in embedded_ipv4(ipaddress.ip_address(address))]

        assert carried("64:ff9b::7f00:1") == ["127.0.0.1"]
        assert carried("2002:c0a8:101::") == ["192.168.1.1"]
        assert carried(TEREDO_PRIVATE_CLIENT) == ["65.54.227.120", "192.168.1.1"]
        assert carried("::ffff:10.0.0.1") == ["10.0.0.1"]
        assert carried("2a00:1450:4001::5efe:a00:1") == ["10.0.0.1"]
        assert carried("2606:4700:4700::1111") == []

    @pytest.mark.parametrize("address", EMBEDDED_PRIVATE_IPV4)
    def test_a_site_that_resolves_to_one_is_not_connected_to(
        self, monkeypatch, connections, address
    ):
        answering(monkeypatch, [address])
        with pytest.raises(FetchError, match="private or local network"):
            download("https://news.example/")
        assert connections == []


class TestRedirects:
    def test_a_redirect_to_a_private_address_is_refused(self, sites, connections):
        site = sites.add("news.example", {"/": redirect("http://metadata.example/latest")})
        sites.addresses["metadata.example"] = ["169.254.169.254"]
        with pytest.raises(FetchError, match="private or local network"):
            download(f"http://news.example:{site.port}/")
        assert sites.lookups == ["news.example", "metadata.example"]
        assert connections == ["127.0.0.1"]

    def test_a_redirect_to_something_else_than_a_web_page_is_refused(self, sites):
        site = sites.add("news.example", {"/": redirect("file:///etc/passwd")})
        with pytest.raises(FetchError, match="redirects to an address that is not a web page"):
            download(f"http://news.example:{site.port}/")

    def test_as_many_redirects_as_allowed_are_followed(self, sites):
        hops = article_fetch.MAX_REDIRECTS
        routes = {f"/{hop}": redirect(f"/{hop + 1}", status=301) for hop in range(hops)}
        routes[f"/{hops}"] = page(HTML)
        site = sites.add("news.example", routes)
        url = f"http://news.example:{site.port}/0"
        assert download(url) == (f"http://news.example:{site.port}/{hops}", HTML)
        assert len(sites.lookups) == hops + 1

    def test_one_redirect_too_many_is_refused(self, sites):
        hops = article_fetch.MAX_REDIRECTS + 1
        routes = {f"/{hop}": redirect(f"/{hop + 1}", status=307) for hop in range(hops)}
        routes[f"/{hops}"] = page(HTML)
        site = sites.add("news.example", routes)
        with pytest.raises(FetchError, match=f"redirects more than {hops - 1} times"):
            download(f"http://news.example:{site.port}/0")
        assert f"/{hops}" not in [path for path, _ in site.requests]

    def test_a_redirect_to_another_site_sends_that_site_name(self, sites):
        first = sites.add("news.example", {})
        second = sites.add("www.news.example", {"/story": page(HTML)})
        first.routes["/"] = redirect(f"http://www.news.example:{second.port}/story")
        assert download(f"http://news.example:{first.port}/")[1] == HTML
        assert second.requests[0][1]["Host"] == f"www.news.example:{second.port}"


class TestOneDeadline:
    DEADLINE = 1.5

    def test_a_body_sent_a_byte_at_a_time_is_cut_off(self, sites):
        site = sites.add("news.example", {})
        site.routes["/"] = drip_body(b"<html>" + b"x" * 100, 0.3, site.stopping)
        started = time.monotonic()
        with pytest.raises(FetchError, match="took longer than 1.5 seconds"):
            download(f"http://news.example:{site.port}/", deadline=self.DEADLINE)
        assert time.monotonic() - started < self.DEADLINE + 3

    def test_headers_sent_a_byte_at_a_time_are_cut_off(self, sites):
        site = sites.add("news.example", {})
        site.routes["/"] = drip_head(0.3, site.stopping)
        started = time.monotonic()
        with pytest.raises(FetchError, match="took longer than 1.5 seconds"):
            download(f"http://news.example:{site.port}/", deadline=self.DEADLINE)
        assert time.monotonic() - started < self.DEADLINE + 3

    def test_a_look_up_that_hangs_is_given_up(self, monkeypatch):
        released = threading.Event()

        def hanging_resolve(host, port):
            released.wait(10)
            return ["93.184.216.34"]

        monkeypatch.setattr(article_fetch, "resolve", hanging_resolve)
        started = time.monotonic()
        try:
            with pytest.raises(FetchError, match="took longer than 0.5 seconds"):
                download("http://news.example/", deadline=0.5)
        finally:
            released.set()
        assert time.monotonic() - started < 0.5 + 3

    def test_the_deadline_is_the_module_setting_by_default(self, monkeypatch, sites):
        monkeypatch.setattr(article_fetch, "DEADLINE_SECONDS", 0.6)
        site = sites.add("news.example", {})
        site.routes["/"] = drip_body(b"<html>" + b"x" * 100, 0.2, site.stopping)
        with pytest.raises(FetchError, match="took longer than 0.6 seconds"):
            download(f"http://news.example:{site.port}/")


def make_certificate(directory, name: str) -> tuple[str, str]:
    certificate, key = directory / f"{name}.pem", directory / f"{name}.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
        + ["-nodes", "-days", "2", "-subj", f"/CN={name}"]
        + ["-addext", f"subjectAltName=DNS:{name}", "-keyout", str(key), "-out", str(certificate)],
        check=True,
        capture_output=True,
    )
    return str(certificate), str(key)


@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    """Self-signed certificates for news.example and for another name."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed to make a test certificate")
    directory = tmp_path_factory.mktemp("tls")
    return {name: make_certificate(directory, name) for name in ("news.example", "other.example")}


class TestHTTPS:
    def trust(self, monkeypatch, certificate: str) -> None:
        monkeypatch.setattr(
            article_fetch, "tls_context", lambda: ssl.create_default_context(cafile=certificate)
        )

    def test_the_site_name_is_sent_for_sni_and_its_certificate_checked(
        self, monkeypatch, sites, connections, certificates
    ):
        certificate, key = certificates["news.example"]
        self.trust(monkeypatch, certificate)
        site = sites.add(
            "news.example", {"/": page(HTML)}, tls=server_tls_context(certificate, key)
        )
        assert download(f"https://news.example:{site.port}/") == (
            f"https://news.example:{site.port}/",
            HTML,
        )
        assert connections == ["127.0.0.1"]
        assert site.server_names == ["news.example"]
        assert site.requests[0][1]["Host"] == f"news.example:{site.port}"

    def test_a_certificate_for_another_name_is_refused(self, monkeypatch, sites, certificates):
        certificate, key = certificates["other.example"]
        self.trust(monkeypatch, certificate)
        site = sites.add(
            "news.example", {"/": page(HTML)}, tls=server_tls_context(certificate, key)
        )
        with pytest.raises(FetchError, match="Could not connect to news.example: .*certificate"):
            download(f"https://news.example:{site.port}/")
        assert site.requests == []

    def test_tls_is_asked_for_the_site_name_not_the_address(self, monkeypatch, sites):
        site = sites.add("news.example", {"/": page(HTML)})
        asked = []

        class NotedContext:
            def wrap_socket(self, sock, server_hostname):
                asked.append(server_hostname)
                raise ssl.SSLError("handshake refused by the test")

        monkeypatch.setattr(article_fetch, "tls_context", NotedContext)
        with pytest.raises(FetchError, match="Could not connect to news.example"):
            download(f"https://news.example:{site.port}/")
        assert asked == ["news.example"]
