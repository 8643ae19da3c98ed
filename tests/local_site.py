"""A web server on this machine's loopback, for testing the article fetch without the network.

Each path is answered by a function of the request handler; every request is noted (its path
and headers) so tests can say where the fetch went and what it sent.
"""

import http.server
import socket
import ssl
import threading
from collections.abc import Callable

Answer = Callable[[http.server.BaseHTTPRequestHandler], None]


def page(
    body: bytes,
    content_type: str = "text/html; charset=utf-8",
    status: int = 200,
    *,
    says_length: bool = True,
):
    def answer(handler):
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        if says_length:
            handler.send_header("Content-Length", str(len(body)))
        else:  # the body ends when the connection does
            handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.write(body)

    return answer


def redirect(location: str, status: int = 302):
    def answer(handler):
        handler.send_response(status)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return answer


def drip_body(body: bytes, every: float, stopping: threading.Event):
    """Headers at once, then the body a byte at a time: each read is quick, the whole is not."""

    def answer(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.flush()
        send_slowly(handler, body, every, stopping)

    return answer


def drip_head(every: float, stopping: threading.Event):
    """The status line and headers themselves a byte at a time."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: " + b"x" * 200 + b"\r\n\r\n"

    def answer(handler):
        send_slowly(handler, head, every, stopping)

    return answer


def send_slowly(handler, data: bytes, every: float, stopping: threading.Event) -> None:
    for byte in data:
        if stopping.wait(every):
            return
        try:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
        except OSError:  # the fetch gave up and hung up
            return


def silence(stopping: threading.Event):
    """Takes the request and never answers."""

    def answer(handler):
        stopping.wait(10)

    return answer


class LocalSite:
    def __init__(self, routes: dict[str, Answer], *, host: str = "127.0.0.1", tls=None):
        self.routes = routes
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.stopping = threading.Event()
        self.server_names: list[str | None] = []
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                site.requests.append((self.path, dict(self.headers.items())))
                self.close_connection = True
                answer = site.routes.get(self.path.split("?")[0])
                if answer is None:
                    page(b"<html>Not here</html>", status=404)(self)
                else:
                    answer(self)

            def log_message(self, *args):
                pass

        class Server(http.server.ThreadingHTTPServer):
            address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
            daemon_threads = True

            def get_request(self):
                sock, address = super().get_request()
                if tls is not None:
                    sock = tls.wrap_socket(sock, server_side=True)
                return sock, address

        if tls is not None:
            tls.sni_callback = lambda ssl_socket, name, context: self.server_names.append(name)
        self.server = Server((host, 0), Handler)
        self.port = self.server.server_address[1]
        # A short poll, so that shutting the server down at the end of a test is quick.
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def __enter__(self) -> "LocalSite":
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()


def server_tls_context(certificate: str, key: str) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate, key)
    return context


def allow_loopback(ip) -> bool:
    """The real vetting, except that this machine's loopback (the test's server) passes."""
    from quotes.editorial import article_fetch

    return ip.is_loopback or article_fetch.is_public_address(ip)


class NamedSites:
    """Local sites the fetch reaches by made-up public names, through a stand-in `resolve`.

    Each look-up is noted, so tests can count them. Names without a site resolve to the
    address given in `addresses`, or are unknown to DNS.
    """

    def __init__(self, monkeypatch):
        from quotes.editorial import article_fetch

        self.lookups: list[str] = []
        self.addresses: dict[str, list[str]] = {}
        self.sites: list[LocalSite] = []
        monkeypatch.setattr(article_fetch, "resolve", self.resolve)
        monkeypatch.setattr(article_fetch, "is_allowed_address", allow_loopback)

    def resolve(self, host: str, port: int) -> list[str]:
        self.lookups.append(host)
        if host not in self.addresses:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return self.addresses[host]

    def add(self, name: str, routes: dict[str, Answer], **options) -> LocalSite:
        site = LocalSite(routes, **options).__enter__()
        self.sites.append(site)
        self.addresses[name] = [options.get("host", "127.0.0.1")]
        return site

    def close(self) -> None:
        for site in self.sites:
            site.__exit__(None, None, None)
