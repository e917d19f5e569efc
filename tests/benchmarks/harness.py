"""What every benchmark shares: records, percentiles, and one seeded database per run."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

# the fewest samples a percentile may rest on in a full run
MIN_SAMPLES = 200


@dataclass
class Record:
    """One measurement against the floor of the same work, measured in the same run.

    ``target`` is the highest acceptable ``ratio``; ``limit`` the highest acceptable
    ``value`` itself (one frame, a tenth of a second). Either may be None: then the
    record only reports. ``samples`` holds every sample behind a percentile, and
    ``baseline_samples`` the floor's, so a reader can check the percentile.
    """

    name: str
    measures: str
    value: float
    baseline: float | None
    unit: str = "s"
    target: float | None = None
    limit: float | None = None
    samples: list[float] | None = None
    baseline_samples: list[float] | None = None
    extra: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline <= 0:
            return None
        return self.value / self.baseline

    @property
    def passed(self) -> bool | None:
        """True when within every target the record has, None when it has none."""
        checks = []
        if self.target is not None and self.ratio is not None:
            checks.append(self.ratio <= self.target)
        if self.limit is not None:
            checks.append(self.value <= self.limit)
        return all(checks) if checks else None

    def verdict(self) -> str:
        return {True: "within target", False: "OVER TARGET", None: "reported"}[self.passed]

    def as_json(self) -> dict:
        data = {
            "name": self.name,
            "measures": self.measures,
            "value": _round(self.value),
            "unit": self.unit,
            "baseline": _round(self.baseline),
            "ratio": _round(self.ratio, 3),
            "target": self.target,
            "limit": self.limit,
            "passed": self.passed,
            "verdict": self.verdict(),
        }
        if self.samples is not None:
            data["samples"] = len(self.samples)
        data.update(self.extra)
        if self.samples is not None:
            data["sample_values"] = [_round(v) for v in self.samples]
        if self.baseline_samples is not None:
            data["baseline_sample_values"] = [_round(v) for v in self.baseline_samples]
        return data


def _round(value: float | None, digits: int = 6) -> float | None:
    return None if value is None else round(value, digits)


@dataclass
class Context:
    workdir: Path
    contacts: int = 50_000
    interactions: int = 500_000
    # at least this many samples behind a percentile (fewer only in the harness's own test)
    min_samples: int = MIN_SAMPLES
    _seeded: Path | None = None

    def seeded_db(self) -> Path:
        """A database with ``contacts``/``interactions``, built once per run by ``netdesk seed``."""
        if self._seeded is None:
            path = self.workdir / f"seeded-{self.contacts}-{self.interactions}.sqlite3"
            if not path.exists():
                run_netdesk(
                    "seed",
                    "--contacts",
                    str(self.contacts),
                    "--interactions",
                    str(self.interactions),
                    "--db",
                    str(path),
                )
            self._seeded = path
        return self._seeded

    def sizes(self) -> dict:
        return {"contacts": self.contacts, "interactions": self.interactions}


def netdesk_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO_ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    # (the screen run.py sets, or Qt's default offscreen one for a harness test)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.update(extra)
    return env


def run_netdesk(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "netdesk", *args],
        check=True,
        capture_output=True,
        text=True,
        env=netdesk_env(),
        cwd=REPO_ROOT,
    )


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def p95(samples: list[float]) -> float:
    if len(samples) < 2:
        return samples[0]
    return statistics.quantiles(samples, n=100, method="inclusive")[94]


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


Benchmark = Callable[[Context], "Record | list[Record]"]
