"""The sync command's tests use the real Radicale of tests/sync/fixtures.py."""

from tests.sync.fixtures import own_radicale, radicale  # noqa: F401
