"""Search positions for many contacts at once, among the ones already numbered.

``contact_search``'s rowids are search positions: numbers that sort like the
contacts' names (``search_index``). When many contacts are written at once (an
import), each is given a number between its neighbours in name order, worked
out here in one pass over everyone's names instead of two index look-ups per
contact. A stretch of contacts with no number left between its neighbours is
spaced out together with a few neighbours either side (they move, and their
index rows are written again); a stretch that cannot be spaced out even then
raises ``Crowded``, and everyone is numbered afresh.

Pure Python: the caller reads the names and positions and writes the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class Crowded(Exception):
    """No room to space out a crowded stretch of names: number everyone afresh."""


@dataclass
class Placement:
    # contact id -> its new search position (the contacts placed, and those moved)
    positions: dict[int, int] = field(default_factory=dict)
    # contact id -> the position it had, for the numbered contacts that moved
    moved_from: dict[int, int] = field(default_factory=dict)


def place(
    numbered: list[tuple[str, int, int]],
    incoming: list[tuple[str, int]],
    *,
    gap: int,
    max_reach: int,
) -> Placement:
    """Positions for ``incoming`` (sort key, id) among ``numbered`` (sort key, id, position).

    Name order is (sort key, id). A run of incoming contacts between two numbered
    ones takes evenly spread numbers between theirs when they leave room; else the
    run is spaced out together with its nearest neighbours either side, as few as
    leave room (1, 2, 4… up to ``max_reach``). Past the last contact, numbers go on
    ``gap`` apart. ``Crowded`` when no window leaves room, or when the numbered
    contacts' positions do not follow their names.
    """
    order = sorted(
        [(key, cid, position) for key, cid, position in numbered]
        + [(key, cid, None) for key, cid in incoming]
    )
    ids = [cid for _, cid, _ in order]
    positions: list[int | None] = [position for _, _, position in order]
    known = [p for p in positions if p is not None]
    if any(a >= b for a, b in zip(known, known[1:], strict=False)):
        raise Crowded
    original = {cid: p for cid, p in zip(ids, positions, strict=True) if p is not None}
    count = len(order)
    index = 0
    while index < count:
        if positions[index] is not None:
            index += 1
            continue
        end = index
        while end + 1 < count and positions[end + 1] is None:
            end += 1
        index = _number_run(positions, index, end, gap, max_reach) + 1
    placement = Placement()
    for cid, position in zip(ids, positions, strict=True):
        assert position is not None
        was = original.get(cid)
        if was != position:
            placement.positions[cid] = position
            if was is not None:
                placement.moved_from[cid] = was
    return placement


def _number_run(
    positions: list[int | None], first: int, last: int, gap: int, max_reach: int
) -> int:
    """Number positions[first..last] (unnumbered), moving as few neighbours as leave
    room; the last index numbered."""
    count = len(positions)
    low_index, high_index = first, last
    reach = 0
    while True:
        low = positions[low_index - 1] if low_index > 0 else 0
        assert low is not None
        if high_index + 1 >= count:
            for step, index in enumerate(range(low_index, high_index + 1), 1):
                positions[index] = low + step * gap
            return high_index
        high = positions[high_index + 1]
        assert high is not None
        members = high_index - low_index + 1
        if high - low > members:
            for step, index in enumerate(range(low_index, high_index + 1), 1):
                positions[index] = low + (high - low) * step // (members + 1)
            return high_index
        reach = reach * 2 or 1
        if reach > max_reach:
            raise Crowded
        low_index = max(0, first - reach)
        high_index = min(count - 1, last + reach)
        # (a window never ends just before an unnumbered contact: it takes it in)
        while high_index + 1 < count and positions[high_index + 1] is None:
            high_index += 1
