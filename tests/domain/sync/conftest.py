"""Fixtures of the sync tests: a real Radicale on 127.0.0.1, devices (tests/sync/fixtures.py)."""

from tests.sync.fixtures import (  # noqa: F401
    any_book,
    book,
    device,
    own_radicale,
    radicale,
    xandikos,
)
