"""The sync command's tests use the real Radicale of tests/sync/fixtures.py."""

from tests.sync.fixtures import radicale  # noqa: F401
