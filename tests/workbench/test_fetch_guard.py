"""The fetch guard: only globally routable addresses, however wrapped, and one deadline for the whole fetch."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from workbench.fetching import FetchRefused, address_refusal, fetch_url


@pytest.mark.parametrize(
    "address",
    [
        "100.100.100.200",  # shared address space (100.64.0.0/10): a cloud's metadata service lives here
        "2002:a00:1::",  # 6to4 wrapping 10.0.0.1
        "2001:0:4136:e378:8000:63bf:f5ff:fffe",  # Teredo whose client is 10.0.0.1
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "::ffff:169.254.169.254",  # IPv4-mapped metadata address
        "fec0::1",  # deprecated site-local
        "192.0.2.1",  # documentation range
        "198.18.0.1",  # benchmarking range
        "0.0.0.0",
    ],
)
def test_addresses_off_the_public_internet_are_refused_however_they_are_wrapped(address):
    assert address_refusal(address) is not None


@pytest.mark.parametrize("address", ["8.8.8.8", "2606:4700::1111", "2002:808:808::1", "::ffff:8.8.8.8"])
def test_public_addresses_are_allowed(address):
    assert address_refusal(address) is None


class Trickle(BaseHTTPRequestHandler):
    """Sends its headers, then one byte every 0.3 s: each read is within the timeout, the whole never ends."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        try:
            for _ in range(200):
                self.wfile.write(b"a")
                self.wfile.flush()
                time.sleep(0.3)
        except OSError:
            pass


@pytest.fixture
def trickling_site(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Trickle)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WORKBENCH = {
        **settings.WORKBENCH,
        "FETCH_ALLOWED_NETWORKS": ["127.0.0.0/8"],
        "FETCH_TIMEOUT_SECONDS": 2,
        "FETCH_DEADLINE_SECONDS": 1.5,
    }
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_a_server_trickling_bytes_cannot_hold_a_fetch_past_its_deadline(trickling_site):
    started = time.monotonic()
    with pytest.raises(FetchRefused, match="longer than 1.5 seconds"):
        fetch_url(trickling_site, accept=("text/html",))
    assert time.monotonic() - started < 5
