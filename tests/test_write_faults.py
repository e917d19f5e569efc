"""The fault injection that the all-or-nothing tests rest on, and the mutation run over
the transactions: each can fail."""

from __future__ import annotations

import ast
import contextlib

import pytest

from netdesk.storage.models import Setting, database
from tests.tools import transaction_mutation
from tests.write_faults import InjectedFault, assert_all_or_nothing, failing_write


def keys() -> set[str]:
    return {s.key for s in Setting.select().where(Setting.key.in_(["a", "b", "c"]))}


def two_settings() -> None:
    Setting.insert(key="a", value="1").execute()
    database.connection().executemany(
        "INSERT INTO setting (key, value) VALUES (?, ?)", [("b", "2"), ("c", "3")]
    )


def test_the_nth_write_fails_and_writes_through_the_raw_connection_count(db):
    with failing_write(2) as counter, pytest.raises(InjectedFault, match="write 2 failed"):
        two_settings()
    assert counter.fired and len(counter.writes) == 2
    assert keys() == {"a"}  # no transaction: the first write stayed


def test_an_action_without_a_transaction_is_caught(db):
    with pytest.raises(AssertionError, match=r"write 2 .* failed, but .* setting changed"):
        assert_all_or_nothing(two_settings)


def test_the_same_action_in_a_transaction_passes(db):
    def in_one() -> None:
        with database.atomic():
            two_settings()

    assert_all_or_nothing(in_one)
    assert keys() == {"a", "b", "c"}


def test_an_action_of_one_write_proves_nothing_and_is_refused(db):
    with pytest.raises(AssertionError, match="wrote 1 time"):
        assert_all_or_nothing(lambda: Setting.insert(key="a", value="1").execute())


def test_an_action_that_swallows_the_failure_is_caught(db):
    def careless() -> None:
        with database.atomic():
            Setting.insert(key="a", value="1").execute()
        with contextlib.suppress(Exception):
            Setting.insert(key="b", value="2").execute()

    with pytest.raises(AssertionError, match="went on after write 2 failed"):
        assert_all_or_nothing(careless)


def test_the_mutation_run_finds_every_transaction_and_each_mutant_compiles():
    sites = transaction_mutation.find_sites()
    assert len(sites) >= 30
    assert not any(s.path.endswith(("seed.py", "demo.py")) for s in sites)
    for site in sites:
        source = (transaction_mutation.REPO_ROOT / site.path).read_text(encoding="utf-8")
        changed = transaction_mutation.mutated(source, site.line)
        ast.parse(changed)
        assert changed.count(".atomic()") == source.count(".atomic()") - 1
