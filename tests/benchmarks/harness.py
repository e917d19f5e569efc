"""What every benchmark shares: records, timing, and one seeded database per run."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Record:
    name: str
    value: float
    unit: str
    baseline: float | None
    ratio: float | None
    target: float | None
    extra: dict = field(default_factory=dict)

    @classmethod
    def compare(
        cls,
        name: str,
        value: float,
        baseline: float,
        unit: str = "s",
        target: float | None = None,
        **extra,
    ) -> Record:
        ratio = value / baseline if baseline > 0 else None
        return cls(name, value, unit, baseline, ratio, target, extra)

    def as_json(self) -> dict:
        data = asdict(self)
        data.update(data.pop("extra"))
        return data

    @property
    def passed(self) -> bool | None:
        if self.target is None or self.ratio is None:
            return None
        return self.ratio <= self.target


@dataclass
class Context:
    workdir: Path
    contacts: int = 50_000
    interactions: int = 500_000
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


def netdesk_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO_ROOT) + os.pathsep + env.get("PYTHONPATH", "")
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


Benchmark = Callable[[Context], "Record | list[Record]"]
