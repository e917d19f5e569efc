"""Import and duplicate-finding benchmarks.

- ``import_vcard_10k``: 10,000 generated vCards, from the file to committed
  rows (reading, preview, backup, one transaction), against vobject alone
  parsing the same file in the same run (target ratio 1.5).
- ``import_csv_1m_rss``: peak resident memory of ``netdesk import`` reading a
  1,000,000-row CSV (about 60 MB: names, an email, a phone and a company per
  row) into a new database, in a process of its own. Its baseline is the 500 MiB
  budget (target ratio 1.0); the peak of the same command on 1,000 rows, measured
  in the same run, is reported beside it as the fixed cost.
- ``dedupe_scan_50k``: finding duplicate candidates in databases of 5k, 10k,
  20k and 50k contacts. The record's baseline is the 5k time scaled linearly
  to 50k, so the ratio says how far from linear the growth is (1.0 = linear,
  10 = quadratic); the fitted growth exponent is reported with it.
"""

from __future__ import annotations

import math
import random
import subprocess
import sys
import time
from pathlib import Path

import vobject

from netdesk.domain import dedupe, importers, seed
from netdesk.domain.sample_names import CITIES, FAMILY_NAMES, GIVEN_NAMES, ORG_PREFIXES
from netdesk.domain.workspace import open_workspace
from netdesk.storage.database import close_database
from tests.benchmarks.harness import REPO_ROOT, Context, Record, netdesk_env, timed

VCARDS = 10_000
DEDUPE_SIZES = (5_000, 10_000, 20_000, 50_000)
_TRADES = ("Realty", "Bookkeeping", "Web Studio", "Insurance", "Printing", "Catering")


def generate_vcards(count: int, seed_value: int = 7) -> str:
    """Cards shaped like an address book's export: names, org, title, labelled
    emails and phones, URL, address, note, categories, birthday."""
    rng = random.Random(seed_value)
    cards = []
    for n in range(count):
        given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
        org = f"{rng.choice(ORG_PREFIXES)} {rng.choice(_TRADES)}"
        user = f"{given}.{family}{n}".lower().replace(" ", "").replace("'", "")
        cards.append(
            "BEGIN:VCARD\r\n"
            "VERSION:3.0\r\n"
            f"N:{family};{given};;;\r\n"
            f"FN:{given} {family}\r\n"
            f"ORG:{org}\r\n"
            "TITLE:Owner\r\n"
            f"item1.EMAIL;type=INTERNET;type=pref:{user}@example.com\r\n"
            "item1.X-ABLabel:_$!<Work>!$_\r\n"
            f"TEL;type=CELL;type=VOICE:+1 519 {200 + n // 10000} {n % 10000:04d}\r\n"
            f"URL;type=WORK:https://www.example.com/{user}\r\n"
            f"ADR;type=WORK:;;{rng.randrange(1, 999)} King St;{rng.choice(CITIES)};ON;;Canada\r\n"
            "NOTE:Met at the spring mixer\\, talked about referrals for new clients\r\n"
            "CATEGORIES:Waterloo Business Breakfast,client\r\n"
            f"BDAY:19{rng.randrange(50, 99)}-0{rng.randrange(1, 9)}-1{rng.randrange(0, 9)}\r\n"
            "END:VCARD\r\n"
        )
    return "".join(cards)


def import_vcard_10k(ctx: Context) -> Record:
    source = ctx.workdir / "import-10k.vcf"
    source.write_text(generate_vcards(VCARDS), encoding="utf-8", newline="")
    target = ctx.workdir / "import-10k.sqlite3"
    target.unlink(missing_ok=True)
    open_workspace(target, create=True)

    def netdesk_import() -> None:
        parsed = importers.read_import_file(source)
        plan = importers.apply_import([parsed], db_path=target)
        counts = plan.counts()
        # a few generated people share a name and an organisation: those are merged
        assert counts["create"] + counts["merge"] == VCARDS, plan.summary()

    value = timed(netdesk_import)
    close_database()

    def vobject_alone() -> None:
        text = source.read_text(encoding="utf-8")
        count = sum(1 for _ in vobject.readComponents(text, allowQP=True))
        assert count == VCARDS

    baseline = timed(vobject_alone)
    return Record.compare("import_vcard_10k", value, baseline, target=1.5, cards=VCARDS)


CSV_ROWS = 1_000_000
RSS_BUDGET_MIB = 500.0
# the command in a process of its own, which prints its own peak resident memory
_MEASURED_IMPORT = (
    "import resource, sys\n"
    "from netdesk.cli import main\n"
    "code = main(['import', sys.argv[1], '--db', sys.argv[2]])\n"
    "print('maxrss_kib', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    "sys.exit(code)\n"
)


def write_contacts_csv(path: Path, rows: int, seed_value: int = 11) -> None:
    """A CSV as a spreadsheet or an address book writes one: a header, then a person a row,
    a hundred people to a company (so that, as in a real address book, few rows are the
    same name at the same company)."""
    rng = random.Random(seed_value)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("First Name,Last Name,E-mail Address,Mobile Phone,Company\r\n")
        for n in range(rows):
            given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
            company = f"{ORG_PREFIXES[n // 100 % len(ORG_PREFIXES)]} {_TRADES[n % 6]} {n // 100}"
            handle.write(
                f"{given},{family},{given[0].lower()}{n}@example.com,"
                f"+1 519 {200 + n // 10000} {n % 10000:04d},{company}\r\n"
            )


def _peak_import_mib(source: Path, target: Path) -> tuple[float, float, str]:
    """(peak resident MiB, seconds, the summary line) of importing ``source`` into ``target``."""
    target.unlink(missing_ok=True)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED_IMPORT, str(source), str(target)],
        check=True,
        capture_output=True,
        text=True,
        env=netdesk_env(),
        cwd=REPO_ROOT,
    )
    seconds = time.perf_counter() - start
    lines = done.stdout.splitlines()
    peak = next(int(line.split()[1]) for line in lines if line.startswith("maxrss_kib "))
    return peak / 1024, seconds, lines[0]


def import_csv_1m_rss(ctx: Context) -> Record:
    small, large = ctx.workdir / "import-1k.csv", ctx.workdir / "import-1m.csv"
    write_contacts_csv(small, 1_000)
    if not large.exists():
        write_contacts_csv(large, CSV_ROWS)
    fixed, _, _ = _peak_import_mib(small, ctx.workdir / "import-1k.sqlite3")
    peak, seconds, summary = _peak_import_mib(large, ctx.workdir / "import-1m.sqlite3")
    assert f"{CSV_ROWS:,} contacts read".replace(",", "") in summary.replace(",", ""), summary
    return Record(
        "import_csv_1m_rss",
        peak,
        "MiB",
        RSS_BUDGET_MIB,
        peak / RSS_BUDGET_MIB,
        1.0,
        {
            "rows": CSV_ROWS,
            "file_mib": round(large.stat().st_size / 2**20, 1),
            "rss_1k_rows_mib": round(fixed, 1),
            "seconds": round(seconds, 1),
        },
    )


def _seeded(ctx: Context, contacts: int) -> Path:
    path = ctx.workdir / f"dedupe-{contacts}.sqlite3"
    if not path.exists():
        open_workspace(path, create=True)
        seed.seed_database(contacts, 0)
        close_database()
    return path


def dedupe_scan_50k(ctx: Context) -> Record:
    sizes = [n for n in DEDUPE_SIZES if n <= max(ctx.contacts, DEDUPE_SIZES[0])]
    times: dict[int, float] = {}
    found: dict[int, int] = {}
    for size in sizes:
        path = _seeded(ctx, size)
        open_workspace(path, write=False)
        best = math.inf
        for _ in range(2):
            start = time.perf_counter()
            candidates = dedupe.find_candidates()
            best = min(best, time.perf_counter() - start)
        times[size], found[size] = best, len(candidates)
        close_database()
    xs = [math.log(n) for n in times]
    ys = [math.log(t) for t in times.values()]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    exponent = (
        sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
        if spread
        else 1.0
    )
    largest, smallest = max(times), min(times)
    linear = times[smallest] * largest / smallest
    return Record.compare(
        "dedupe_scan_50k",
        times[largest],
        linear,
        target=1.5,
        growth_exponent=round(exponent, 3),
        seconds_by_size={str(n): round(t, 4) for n, t in times.items()},
        candidates_by_size={str(n): c for n, c in found.items()},
    )


BENCHMARKS = {
    "import_vcard_10k": import_vcard_10k,
    "import_csv_1m_rss": import_csv_1m_rss,
    "dedupe_scan_50k": dedupe_scan_50k,
}
