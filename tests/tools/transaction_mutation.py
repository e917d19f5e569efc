"""Does a test fail when a transaction is taken away? A mutation run over the domain's
transaction sites.

Each ``with <database>.atomic():`` in ``netdesk/domain`` (the seed and the demo
aside: they build whole databases, not user actions) is replaced, one at a time,
by ``if True:`` (the block it wrapped runs as before, statement by statement,
each committed on its own) and the tests run against that copy. A mutant the
tests let pass *survived*: nothing checks that the site is all or nothing.

The run works on a copy of the working tree in a temporary folder, so the tree
itself is never changed and can be edited while a run goes on::

    .venv/bin/python tests/tools/transaction_mutation.py            # every site
    .venv/bin/python tests/tools/transaction_mutation.py --list     # the sites only
    .venv/bin/python tests/tools/transaction_mutation.py --only contacts.py

It prints one line per site (killed or SURVIVED, and the test that caught it)
and the survival rate at the end; ``--json FILE`` keeps the results.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SCANNED = "netdesk/domain"
LEFT_OUT = ("netdesk/domain/seed.py", "netdesk/domain/demo.py")
TESTS = ("tests/domain", "tests/storage")
COPIED = ("netdesk", "tests", "resources", "pyproject.toml", "README.md", "build.spec")


@dataclass(frozen=True)
class Site:
    path: str  # relative to the repository
    line: int  # 1-based
    function: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} ({self.function})"


@dataclass
class Outcome:
    site: str
    survived: bool
    seconds: float
    caught_by: str = ""


def _is_atomic(node: ast.withitem) -> bool:
    call = node.context_expr
    return (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr == "atomic"
        and not call.args
        and not call.keywords
    )


def find_sites(root: Path = REPO_ROOT) -> list[Site]:
    """Every ``with X.atomic():`` in the scanned package, in file and line order."""
    sites = []
    for file in sorted((root / SCANNED).rglob("*.py")):
        relative = file.relative_to(root).as_posix()
        if relative in LEFT_OUT:
            continue
        tree = ast.parse(file.read_text(encoding="utf-8"), relative)
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if not isinstance(node, ast.With) or not any(map(_is_atomic, node.items)):
                    continue
                if len(node.items) > 1:
                    raise ValueError(f"{relative}:{node.lineno}: a transaction shares its with")
                sites.append(Site(relative, node.lineno, function.name))
    return sorted(set(sites), key=lambda s: (s.path, s.line))


def mutated(source: str, line: int) -> str:
    """``source`` with the ``with …atomic():`` on ``line`` turned into ``if True:``."""
    lines = source.splitlines(keepends=True)
    text = lines[line - 1]
    indent = text[: len(text) - len(text.lstrip())]
    if not text.strip().startswith("with ") or ".atomic()" not in text:
        raise ValueError(f"line {line} holds no transaction: {text!r}")
    lines[line - 1] = f"{indent}if True:  # transaction removed\n"
    return "".join(lines)


def _copy_tree(into: Path) -> None:
    for name in COPIED:
        source = REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(
                source,
                into / name,
                ignore=shutil.ignore_patterns("__pycache__", ".hypothesis", "*.sqlite3*"),
            )
        elif source.exists():
            shutil.copy2(source, into / name)


def _run_tests(tree: Path, tests: tuple[str, ...]) -> tuple[int, str]:
    env = dict(os.environ, PYTHONPATH=str(tree), PYTHONDONTWRITEBYTECODE="1")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", *tests, "-x", "-q", "-p", "no:cacheprovider",
         "-o", "addopts=--strict-markers", "--no-header", "-rf"],
        cwd=tree, env=env, capture_output=True, text=True,
    )  # fmt: skip
    failed = [line for line in run.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    return run.returncode, (failed[0].split(" - ")[0] if failed else run.stdout[-400:])


def run(sites: list[Site], tests: tuple[str, ...]) -> list[Outcome]:
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="netdesk-mutants-") as folder:
        tree = Path(folder)
        _copy_tree(tree)
        status, detail = _run_tests(tree, tests)
        if status != 0:
            raise SystemExit(f"the tests fail without any mutation:\n{detail}")
        for number, site in enumerate(sites, 1):
            file = tree / site.path
            original = file.read_text(encoding="utf-8")
            file.write_text(mutated(original, site.line), encoding="utf-8")
            started = time.monotonic()
            try:
                status, detail = _run_tests(tree, tests)
            finally:
                file.write_text(original, encoding="utf-8")
            if status not in (0, 1):
                raise SystemExit(f"{site}: the test run broke (exit {status}):\n{detail}")
            outcome = Outcome(str(site), status == 0, time.monotonic() - started)
            if status == 1:
                outcome.caught_by = detail
            outcomes.append(outcome)
            verdict = "SURVIVED" if outcome.survived else f"killed by {outcome.caught_by}"
            print(f"[{number}/{len(sites)}] {site}: {verdict}", flush=True)
    return outcomes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="list the sites and stop")
    parser.add_argument("--only", default="", help="sites whose path contains this text")
    parser.add_argument("--json", type=Path, help="write the outcomes to this file")
    parser.add_argument("tests", nargs="*", default=list(TESTS), help="test paths to run")
    args = parser.parse_args(argv)
    sites = [s for s in find_sites() if args.only in s.path]
    if args.list:
        for site in sites:
            print(site)
        print(f"{len(sites)} transaction sites")
        return 0
    outcomes = run(sites, tuple(args.tests))
    survived = [o for o in outcomes if o.survived]
    print(f"\n{len(survived)} of {len(outcomes)} removals survived", end="")
    print(f" ({100 * len(survived) / len(outcomes):.0f}%)" if outcomes else "")
    for outcome in survived:
        print(f"  survived: {outcome.site}")
    if args.json:
        args.json.write_text(json.dumps([asdict(o) for o in outcomes], indent=2) + "\n")
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
