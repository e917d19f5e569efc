"""The one entry point for netdesk's benchmarks (see README.md beside this file)."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.benchmarks.harness import Context, Record  # noqa: E402


def discover() -> dict:
    found = {}
    for path in sorted(HERE.glob("bench_*.py")):
        module = importlib.import_module(f"tests.benchmarks.{path.stem}")
        found.update(module.BENCHMARKS)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", metavar="OUT", help="write the records as JSON here")
    parser.add_argument("--only", nargs="*", metavar="NAME", help="run just these")
    parser.add_argument("--contacts", type=int, default=50_000)
    parser.add_argument("--interactions", type=int, default=500_000)
    parser.add_argument("--workdir", help="keep databases here (default: a temporary folder)")
    args = parser.parse_args(argv)

    benchmarks = discover()
    names = args.only or list(benchmarks)
    unknown = set(names) - set(benchmarks)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    with tempfile.TemporaryDirectory(prefix="netdesk-bench-") as scratch:
        os.environ.setdefault("NETDESK_DATA_DIR", str(Path(scratch) / "data"))
        workdir = Path(args.workdir) if args.workdir else Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        ctx = Context(workdir, args.contacts, args.interactions)
        records: list[Record] = []
        for name in names:
            result = benchmarks[name](ctx)
            for record in result if isinstance(result, list) else [result]:
                records.append(record)
                verdict = {True: "ok", False: "OVER TARGET", None: ""}[record.passed]
                ratio = f"{record.ratio:.2f}" if record.ratio is not None else "-"
                print(
                    f"{record.name:28} {record.value:10.4f} {record.unit:3} "
                    f"baseline {record.baseline or 0:10.4f}  ratio {ratio:>6}  "
                    f"target {record.target if record.target is not None else '-':>4}  "
                    f"{verdict}",
                    flush=True,
                )
    if args.json:
        Path(args.json).write_text(json.dumps([r.as_json() for r in records], indent=2) + "\n")
    return 1 if any(r.passed is False for r in records) else 0


if __name__ == "__main__":
    raise SystemExit(main())
