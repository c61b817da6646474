"""No test reaches the network beyond loopback: connects to any other address raise before a packet is sent.

Installed for the whole run by tests/conftest.py. Unix sockets are allowed. Only "localhost" (and names under
.localhost) is resolved, from the hosts file, and refused if any address it gives is not loopback
(127.0.0.0/8, ::1); any other name is refused unresolved, so not even a DNS query leaves the machine. Processes a test starts
(workers, manage.py) are not covered; they get the same settings and talk to the same loopback services.
"""

from __future__ import annotations

import ipaddress
import socket


class NetworkRefused(RuntimeError):
    """A test tried to reach an address off this machine. Not an OSError, so no retry loop swallows it."""


_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex
_create_connection = socket.create_connection


def _address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The IP address a host literally is (an IPv4-mapped IPv6 address as its IPv4 one), or None for a name."""
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _loopback(host: str) -> bool:
    address = _address(host)
    return address is not None and address.is_loopback


def _local_name(host: str) -> bool:
    name = host.rstrip(".").lower()
    return name == "localhost" or name.endswith(".localhost")


def refusal(address) -> str | None:
    """Why connecting to this (host, port, ...) is refused, or None for loopback."""
    host, port = str(address[0]), address[1]
    if _loopback(host):
        return None
    if not _local_name(host) and _address(host) is None:
        return (
            f"tests may not connect to {host}:{port}: only loopback (127.0.0.0/8, ::1) is allowed, "
            "and names other than localhost are not resolved"
        )
    try:
        resolved = {info[4][0] for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)}
    except (socket.gaierror, UnicodeError):
        resolved = set()
    outside = sorted(a for a in resolved if not _loopback(a))
    if resolved and not outside:
        return None
    named = f"{host} ({', '.join(outside)})" if outside and outside != [host] else host
    return f"tests may not connect to {named}:{port}: only loopback (127.0.0.0/8, ::1) is allowed"


def _guarded(connect):
    def guarded(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            why = refusal(address)
            if why:
                raise NetworkRefused(why)
        return connect(sock, address)

    return guarded


def _guarded_create_connection(address, *args, **kwargs):
    why = refusal(address)
    if why:
        raise NetworkRefused(why)
    return _create_connection(address, *args, **kwargs)


def install() -> None:
    socket.socket.connect = _guarded(_connect)
    socket.socket.connect_ex = _guarded(_connect_ex)
    socket.create_connection = _guarded_create_connection


def uninstall() -> None:
    socket.socket.connect, socket.socket.connect_ex = _connect, _connect_ex
    socket.create_connection = _create_connection
