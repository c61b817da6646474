"""The suite's network guard (tests/network.py): loopback and Unix sockets connect, anything else is refused."""

from __future__ import annotations

import socket

import pytest

from tests.network import NetworkRefused

TEST_NET = ("192.0.2.1", 80)  # TEST-NET-1: documentation only, routed nowhere


def test_a_connect_off_this_machine_is_refused_before_anything_is_sent():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        with pytest.raises(NetworkRefused, match=r"192\.0\.2\.1:80"):
            sock.connect(TEST_NET)
        with pytest.raises(NetworkRefused, match=r"192\.0\.2\.1:80"):
            sock.connect_ex(TEST_NET)
        with pytest.raises(OSError):
            sock.getpeername()  # never connected: the guard raised first
    with pytest.raises(NetworkRefused, match=r"192\.0\.2\.1:80"):
        socket.create_connection(TEST_NET, timeout=1)


def test_a_name_other_than_localhost_is_refused_without_a_dns_query(monkeypatch):
    def no_dns(*args, **kwargs):
        raise AssertionError("the guard asked DNS")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    with pytest.raises(NetworkRefused, match=r"news\.example\.org:443.*not resolved"):
        socket.create_connection(("news.example.org", 443), timeout=1)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        with pytest.raises(NetworkRefused, match=r"wire\.example\.com:80"):
            sock.connect(("wire.example.com", 80))


def test_localhost_that_resolves_off_this_machine_is_refused(monkeypatch):
    resolved = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("192.0.2.7", 443))]
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: resolved)
    with pytest.raises(NetworkRefused, match=r"localhost \(192\.0\.2\.7\):443"):
        socket.create_connection(("localhost", 443), timeout=1)


def test_ipv6_off_this_machine_is_refused():
    with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as sock:
        with pytest.raises(NetworkRefused, match=r"2001:db8::1"):
            sock.connect(("2001:db8::1", 80, 0, 0))


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_loopback_connects(host):
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        with socket.create_connection((host, port), timeout=2) as client:
            accepted, _ = server.accept()
            with accepted:
                client.sendall(b"ping")
                assert accepted.recv(4) == b"ping"


def test_unix_sockets_connect(tmp_path):
    path = str(tmp_path / "guard.sock")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(path)
        server.listen(1)
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.connect(path)
            accepted, _ = server.accept()
            accepted.close()
