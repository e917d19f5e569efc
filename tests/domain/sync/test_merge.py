"""The three-way merge, field by field."""

from __future__ import annotations

from netdesk.domain.sync.card_fields import empty_fields
from netdesk.domain.sync.merge import Conflict, merge


def fields(**values):
    found = empty_fields()
    found.update(values)
    return found


def test_a_change_on_one_side_wins_and_the_same_change_on_both_is_no_conflict():
    base = fields(title="Broker", city="Waterloo", notes="a")
    local = fields(title="Owner", city="Waterloo", notes="b")
    server = fields(title="Broker", city="Guelph", notes="b")
    merged = merge(base, local, server, "CA")
    assert (merged.fields["title"], merged.fields["city"], merged.fields["notes"]) == (
        "Owner",
        "Guelph",
        "b",
    )
    assert merged.conflicts == []


def test_different_changes_to_one_field_keep_the_server_s_and_set_the_local_aside():
    merged = merge(fields(title="Broker"), fields(title="Owner"), fields(title="CEO"), "CA")
    assert merged.fields["title"] == "CEO"
    assert merged.conflicts == [Conflict("title", "Owner", "CEO")]


def test_lists_merge_as_sets_with_additions_and_removals_from_both_sides():
    base = fields(
        emails=[["a@x.ca", ""], ["b@x.ca", "work"]], tags=["one", "two"], offers=["Realtor"]
    )
    local = fields(
        emails=[["A@X.CA", ""], ["b@x.ca", "home"], ["c@x.ca", ""]],
        tags=["one", "two", "three"],
        offers=[],
    )
    server = fields(
        emails=[["b@x.ca", "work"], ["d@x.ca", ""]], tags=["two", "four"], offers=["Realtor"]
    )
    merged = merge(base, local, server, "CA")
    assert merged.fields["emails"] == [["b@x.ca", "home"], ["d@x.ca", ""], ["c@x.ca", ""]]
    assert merged.fields["tags"] == ["two", "four", "three"]
    assert merged.fields["offers"] == []
    assert merged.conflicts == []


def test_without_a_base_what_one_side_lacks_is_filled_and_lists_are_joined():
    local = fields(title="Owner", phones=[["+1 519 555 0100", ""]], needs=["a stager"])
    server = fields(title="", city="Waterloo", phones=[["+15195550100", "mobile"]])
    merged = merge(None, local, server, "CA")
    assert (merged.fields["title"], merged.fields["city"]) == ("Owner", "Waterloo")
    assert merged.fields["phones"] == [["+15195550100", "mobile"]]
    assert merged.fields["needs"] == ["a stager"]


def test_netdesk_fields_stripped_by_another_client_count_as_unknown_not_removed():
    base = fields(offers=["Realtor"], cadence_days=30, title="Broker")
    local = fields(offers=["Realtor", "Staging"], cadence_days=30, title="Broker")
    server = fields(title="Owner")  # no X-NETDESK-* at all
    merged = merge(base, local, server, "CA", server_stripped=True)
    assert merged.fields["offers"] == ["Realtor", "Staging"]
    assert merged.fields["cadence_days"] == 30 and merged.fields["title"] == "Owner"
