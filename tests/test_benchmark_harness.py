"""The benchmark harness measures what it claims: a slower netdesk shows as a higher
value and ratio, and a slower floor never makes netdesk look faster.

Run at tiny sizes, with a few samples, so it stays quick; the benchmarks themselves
run on demand (tests/benchmarks/README.md). Timings on a shared machine wander by
tens of milliseconds, so each delay put in is larger than that, and where a ratio
is compared the floor is held steady (a fixed pause standing in for its queries)."""

from __future__ import annotations

import time

import pytest

from tests.benchmarks import bench_import, bench_ui
from tests.benchmarks.harness import Context, Record, p95

SLOWER_NETDESK = 0.15
SLOWER_FLOOR = 0.2
STEADY_FLOOR = 0.005


def slowed(function, delay: float):
    def slower(*args, **kwargs):
        time.sleep(delay)
        return function(*args, **kwargs)

    return slower


def steady(*args, **kwargs) -> int:
    time.sleep(STEADY_FLOOR)
    return bench_import.VCARDS  # (what the import floor returns; the search floor returns None)


@pytest.fixture(scope="module")
def seeded_workdir(tmp_path_factory):
    """One tiny seeded network for the module (``netdesk seed``, as a full run makes it)."""
    workdir = tmp_path_factory.mktemp("bench")
    Context(workdir, contacts=300, interactions=1500).seeded_db()
    return workdir


@pytest.fixture
def ctx(seeded_workdir):
    return Context(seeded_workdir, contacts=300, interactions=1500, min_samples=12)


def painted(records: list[Record]) -> Record:
    return next(r for r in records if r.name == "search_keystroke_painted_p95")


@pytest.fixture(scope="module")
def normal(seeded_workdir, qapp):
    """The search benchmark as it is, against a steady floor."""
    ctx = Context(seeded_workdir, contacts=300, interactions=1500, min_samples=12)
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(bench_ui, "search_floor_work", steady)
        return painted(bench_ui.search_keystroke(ctx))


def test_a_slower_search_raises_the_painted_value_and_ratio(ctx, normal, monkeypatch):
    from netdesk.ui.models import contact_table_model

    before = normal
    monkeypatch.setattr(bench_ui, "search_floor_work", steady)
    monkeypatch.setattr(
        contact_table_model,
        "fetch_contact_page",
        slowed(contact_table_model.fetch_contact_page, SLOWER_NETDESK),
    )
    after = painted(bench_ui.search_keystroke(ctx))
    assert min(after.samples) >= SLOWER_NETDESK  # every keystroke waited for its page
    assert after.value >= before.value + SLOWER_NETDESK / 2
    assert after.ratio > before.ratio


def test_slower_floors_never_change_netdesks_value(ctx, normal, monkeypatch):
    """The query floor and Qt's own table (reported beside it), both slowed in one run."""
    from tests.benchmarks import widget_floors

    shown: list[int] = []
    original = widget_floors._Rows.show

    def slower_show(model, rows):
        shown.append(len(rows))
        time.sleep(SLOWER_FLOOR)
        original(model, rows)

    monkeypatch.setattr(
        bench_ui, "search_floor_work", slowed(bench_ui.search_floor_work, SLOWER_FLOOR)
    )
    monkeypatch.setattr(widget_floors._Rows, "show", slower_show)
    slower = painted(bench_ui.search_keystroke(ctx))
    assert min(slower.baseline_samples) >= SLOWER_FLOOR
    assert slower.ratio < normal.ratio
    # Qt's table showed the rows netdesk's list showed, on every key netdesk was timed on
    table = slower.extra["qt_table_samples"]
    assert len(table) == len(slower.samples) == len(normal.extra["qt_table_samples"])
    assert min(table) >= SLOWER_FLOOR and max(shown) > 1
    assert slower.extra["query_and_qt_table_p95_ms"] >= 2 * SLOWER_FLOOR * 1000
    # had either floor's time leaked into netdesk's, the value would move by the delay
    assert normal.value - SLOWER_FLOOR / 2 < slower.value < normal.value + SLOWER_FLOOR / 2


def test_a_slower_import_write_shows_in_the_value_its_part_and_the_ratio(ctx, monkeypatch):
    from netdesk.domain.importers import apply

    monkeypatch.setattr(bench_import, "VCARDS", 150)
    monkeypatch.setattr(bench_import, "import_floor_work", steady)
    before = bench_import.import_vcard_10k(ctx)
    monkeypatch.setattr(apply, "write_plan", slowed(apply.write_plan, 0.5))
    after = bench_import.import_vcard_10k(ctx)
    assert after.value >= before.value + 0.3
    assert after.extra["breakdown_s"]["write"] >= 0.5
    assert after.ratio > before.ratio


def test_a_slower_import_floor_never_lowers_netdesks_value(ctx, monkeypatch):
    monkeypatch.setattr(bench_import, "VCARDS", 150)
    before = bench_import.import_vcard_10k(ctx)
    monkeypatch.setattr(
        bench_import, "import_floor_work", slowed(bench_import.import_floor_work, 0.5)
    )
    after = bench_import.import_vcard_10k(ctx)
    assert after.baseline >= 0.5
    assert after.value > before.value - 0.25


def test_a_record_carries_its_samples_and_says_what_it_measures(normal):
    data = normal.as_json()
    for key in ("value", "baseline", "ratio", "target", "samples", "measures"):
        assert data[key] is not None, key
    assert data["samples"] == len(data["sample_values"]) >= 12
    assert data["value"] == pytest.approx(p95(data["sample_values"]), abs=1e-5)
    assert data["baseline"] == pytest.approx(p95(data["baseline_sample_values"]), abs=1e-5)
    assert data["ratio"] == pytest.approx(data["value"] / data["baseline"], rel=1e-3)
    assert data["passed"] == (data["ratio"] <= 3.0 and data["value"] <= 1 / 60)
    assert set(data["texts"][:4]) == {"j", "jo", "jos", "jose"}
