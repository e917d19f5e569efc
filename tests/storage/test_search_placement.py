"""Placing many contacts among the numbered ones in one pass."""

import pytest

from netdesk.storage.search_placement import Crowded, place


def _order(numbered, incoming, placement):
    positions = {cid: p for _, cid, p in numbered} | placement.positions
    everyone = sorted([(k, c) for k, c, _ in numbered] + list(incoming))
    return [positions[cid] for _, cid in everyone]


def test_a_run_that_fits_between_its_neighbours_moves_no_one():
    numbered = [("ana", 1, 4), ("ben", 2, 8), ("eli", 3, 12)]
    incoming = [("cat", 10), ("dan", 11), ("zed", 12)]
    placement = place(numbered, incoming, gap=4, max_reach=8)
    assert placement.moved_from == {}
    assert placement.positions == {10: 9, 11: 10, 12: 16}


def test_a_crowded_run_moves_the_fewest_neighbours_that_make_room():
    numbered = [(f"n{n:02d}", n, 4 * n) for n in range(1, 21)]
    incoming = [("n10x", 100 + n) for n in range(6)]  # six where three numbers are left
    placement = place(numbered, incoming, gap=4, max_reach=8)
    order = _order(numbered, incoming, placement)
    assert order == sorted(set(order))
    assert set(placement.moved_from) == {10, 11}  # one neighbour either side
    assert placement.moved_from == {10: 40, 11: 44}


def test_names_first_and_last_and_an_empty_index():
    placement = place([], [("b", 2), ("a", 1)], gap=4, max_reach=8)
    assert placement.positions == {1: 4, 2: 8}
    numbered = [("m", 1, 1), ("n", 2, 2)]
    placement = place(numbered, [("a", 3), ("z", 4)], gap=4, max_reach=8)
    order = _order(numbered, [("a", 3), ("z", 4)], placement)
    assert order == sorted(set(order)) and order[0] > 0


def test_no_room_within_the_reach_is_crowded():
    numbered = [(f"n{n:02d}", n, n) for n in range(1, 30)]
    with pytest.raises(Crowded):
        place(numbered, [("n05x", 99)], gap=4, max_reach=4)


def test_positions_that_do_not_follow_the_names_are_crowded():
    with pytest.raises(Crowded):
        place([("a", 1, 8), ("b", 2, 4)], [("c", 3)], gap=4, max_reach=8)
