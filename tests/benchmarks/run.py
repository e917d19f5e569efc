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
# headless, on the tests' virtual screens: windows open on a 1920 x 1080 one, so netdesk
# opens at its default 1440 x 900 (on Qt's default 800 x 800 screen it would be fitted
# smaller, and paint less than a person's window does)
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={HERE.parent / 'offscreen-screen.json'}"

from tests.benchmarks.harness import MIN_SAMPLES, Context, Record  # noqa: E402

# what the offscreen platform says of every window it cannot size for a window manager
_QUIET = (
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise()",
    "This plugin does not support grabbing the keyboard",
)


def _quiet_qt_messages() -> None:
    from PySide6.QtCore import qInstallMessageHandler

    def handler(mode, context, message: str) -> None:
        if not message.startswith(_QUIET):
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def discover() -> dict:
    """Record name -> the benchmark that makes it (one benchmark may make several)."""
    found = {}
    for path in sorted(HERE.glob("bench_*.py")):
        module = importlib.import_module(f"tests.benchmarks.{path.stem}")
        found.update(module.BENCHMARKS)
    return found


def run(names: list[str], ctx: Context, benchmarks: dict, report=print) -> list[Record]:
    """Run the benchmarks behind these names, each once, in order; their records."""
    records: list[Record] = []
    done: set = set()
    for name in names:
        benchmark = benchmarks[name]
        if benchmark in done:
            continue
        done.add(benchmark)
        result = benchmark(ctx)
        for record in result if isinstance(result, list) else [result]:
            records.append(record)
            report(line(record))
    return records


def line(record: Record) -> str:
    ratio = f"{record.ratio:.2f}" if record.ratio is not None else "-"
    target = f"{record.target:g}" if record.target is not None else "-"
    limit = f" limit {record.limit:g}" if record.limit is not None else ""
    return (
        f"{record.name:30} {record.value:10.4f} {record.unit:3} "
        f"baseline {record.baseline or 0:10.4f}  ratio {ratio:>6}  "
        f"target {target:>4}{limit}  {record.verdict()}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", metavar="OUT", help="write the records as JSON here")
    parser.add_argument("--only", nargs="*", metavar="NAME", help="run just these")
    parser.add_argument("--contacts", type=int, default=50_000)
    parser.add_argument("--interactions", type=int, default=500_000)
    parser.add_argument(
        "--samples",
        type=int,
        default=MIN_SAMPLES,
        help=f"samples behind each percentile, at least (default {MIN_SAMPLES}; fewer for a"
        " quick look only)",
    )
    parser.add_argument("--workdir", help="keep databases here (default: a temporary folder)")
    args = parser.parse_args(argv)

    _quiet_qt_messages()
    benchmarks = discover()
    names = args.only or list(benchmarks)
    unknown = set(names) - set(benchmarks)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    with tempfile.TemporaryDirectory(prefix="netdesk-bench-") as scratch:
        os.environ.setdefault("NETDESK_DATA_DIR", str(Path(scratch) / "data"))
        workdir = Path(args.workdir) if args.workdir else Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        ctx = Context(workdir, args.contacts, args.interactions, min_samples=args.samples)
        records = run(names, ctx, benchmarks, report=lambda text: print(text, flush=True))
    if args.json:
        Path(args.json).write_text(json.dumps([r.as_json() for r in records], indent=1) + "\n")
    return 1 if any(r.passed is False for r in records) else 0


if __name__ == "__main__":
    raise SystemExit(main())
