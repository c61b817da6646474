"""Helpers for the sign-in tests: an address of its own per test, and the factories' password."""

from __future__ import annotations

import itertools

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's
_addresses = itertools.count(1)


def fresh_address() -> str:
    """A documentation address (RFC 3849) no other test signs in from: a test's failures lock out only it."""
    return f"2001:db8::{next(_addresses):x}"


def fail(client, path: str, username: str, times: int) -> list[int]:
    """Post a wrong password for the username `times` times; the status codes."""
    return [
        client.post(path, {"username": username, "password": "wrong-guess"}).status_code for _ in range(times)
    ]
