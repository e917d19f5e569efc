"""Import and duplicate benchmarks on the seeded database.

- ``import_vcard_10k``: 10,000 generated vCards into a copy of the seeded
  database, as the import dialog does it: the import's backup copied while the
  file is read and the preview (``plan_import``) made, then apply (that copy kept
  as the backup, or one taken then if anything changed; the plan made again in
  the transaction unless nothing was committed since the preview; write; index).
  The floor is the same file split into cards, unfolded and parsed line by line
  with vobject's own ``getLogicalLines`` and ``parseLine`` (the two vobject
  functions netdesk uses), and the resulting rows inserted with ``executemany``
  into another copy of the seeded database.
- ``import_csv_1m_rss``: peak resident memory of ``netdesk import`` reading a
  1,000,000-row CSV (about 60 MB: names, an email, a phone and a company per
  row) into a new database, in a process of its own. Its baseline is the 500 MiB
  budget (target ratio 1.0); the peak of the same command on 1,000 rows, measured
  in the same run, is reported beside it as the fixed cost.
- ``dedupe_scan_50k``: finding duplicate candidates in the seeded network
  (planted duplicates and look-alikes included), against plain ``sqlite3``
  reading the same names, emails and phones and grouping the shared ones.
- ``dedupe_apply_50k``: merging every group that shares an email or phone, as
  ``netdesk dedupe`` does, against plain ``sqlite3`` moving the same rows.
"""

from __future__ import annotations

import contextlib
import io
import math
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from vobject.base import getLogicalLines, parseLine

from netdesk.domain import dedupe, importers, seed
from netdesk.domain.contacts import sort_key_for
from netdesk.domain.sample_names import CITIES, FAMILY_NAMES, GIVEN_NAMES, ORG_PREFIXES
from netdesk.domain.workspace import open_workspace
from netdesk.storage.database import PRAGMAS, close_database
from tests.benchmarks.harness import REPO_ROOT, Context, Record, median, netdesk_env, timed

VCARDS = 10_000
DEDUPE_SIZES = (5_000, 10_000, 20_000, 50_000)
_TRADES = ("Realty", "Bookkeeping", "Web Studio", "Insurance", "Printing", "Catering")


def generate_vcards(count: int, seed_value: int = 7, first: int = 0) -> str:
    """Cards shaped like an address book's export: names, org, title, labelled
    emails and phones, URL, address, note, categories, birthday; emails and phones
    numbered from ``first``."""
    rng = random.Random(seed_value)
    cards = []
    for n in range(first, first + count):
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


def _copy_of_seeded(ctx: Context, name: str) -> Path:
    from netdesk.storage.backups import backups_dir, copy_database

    target = ctx.workdir / name
    for suffix in ("", "-wal", "-shm", "-journal"):
        target.with_name(target.name + suffix).unlink(missing_ok=True)
    shutil.rmtree(backups_dir(target), ignore_errors=True)
    copy_database(ctx.seeded_db(), target)
    return target


@contextlib.contextmanager
def _stopwatch(owner, name: str, spent: dict[str, float], key: str) -> Iterator[None]:
    """Add the time spent in ``owner.name`` (a module's function or a class's method)
    to ``spent[key]``."""
    original = getattr(owner, name)

    def timed_call(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[key] = spent.get(key, 0.0) + time.perf_counter() - start

    setattr(owner, name, timed_call)
    try:
        yield
    finally:
        setattr(owner, name, original)


def netdesk_import(source: Path, target: Path, expected: int | None = None) -> dict[str, float]:
    """Read, preview and apply ``source`` into ``target`` as the import dialog does;
    seconds for each part, and in all."""
    from netdesk.domain import score_cache
    from netdesk.domain.importers import apply
    from netdesk.domain.importers.plan import Planner
    from netdesk.storage import backups, search_index

    open_workspace(target)
    spent: dict[str, float] = {}
    with contextlib.ExitStack() as stack:
        # the backup as the import waits for it (the copy made during the preview kept,
        # or one taken then), and the copy's own time, in its thread or not
        stack.enter_context(_stopwatch(apply, "back_up_before_import", spent, "backup"))
        stack.enter_context(_stopwatch(backups, "copy_for_backup", spent, "backup_copy"))
        stack.enter_context(_stopwatch(search_index, "reindex_contacts", spent, "index"))
        stack.enter_context(_stopwatch(score_cache, "refresh_contacts", spent, "index"))
        start = time.perf_counter()
        # as the dialog begins its preview: the import's backup copied meanwhile
        importers.start_backup_ahead(target)
        parsed = importers.read_import_file(source)
        read_done = time.perf_counter()
        preview = importers.plan_import([parsed])
        plan_done = time.perf_counter()
        # the plan made again inside the transaction: the planner's work while applying
        with (
            _stopwatch(Planner, "add", spent, "plan_again"),
            _stopwatch(Planner, "finish", spent, "plan_again"),
        ):
            plan = importers.apply_import([parsed], db_path=target)
        end = time.perf_counter()
    close_database()
    counts = plan.counts()
    assert preview.counts() == counts, (preview.summary(), plan.summary())
    assert sum(counts.values()) >= (expected or VCARDS), plan.summary()
    apply_s = end - plan_done
    return {
        "total": end - start,
        "read": read_done - start,
        "plan": plan_done - read_done,
        "backup": spent.get("backup", 0.0),
        "backup_copy": spent.get("backup_copy", 0.0),
        "plan_again": spent.get("plan_again", 0.0),
        "write": apply_s - sum(spent.get(k, 0.0) for k in ("backup", "plan_again", "index")),
        "index": spent.get("index", 0.0),
        **{f"cards_{action}": n for action, n in counts.items()},
    }


def _cards(text: str) -> Iterator[str]:
    card: list[str] = []
    for line in text.splitlines(keepends=True):
        card.append(line)
        if line.strip().upper() == "END:VCARD":
            yield "".join(card)
            card = []


def import_floor(source: Path, target: Path) -> float:
    """Seconds that ``import_floor_work`` takes, on a connection with the app's pragmas."""
    conn = sqlite3.connect(target, isolation_level=None)
    for pragma in ("journal_mode", "synchronous", "cache_size"):
        conn.execute(f"PRAGMA {pragma}={PRAGMAS[pragma]}")
    start = time.perf_counter()
    added = import_floor_work(source, conn)
    took = time.perf_counter() - start
    conn.close()
    assert added == VCARDS
    return took


def import_floor_work(source: Path, conn: sqlite3.Connection) -> int:
    """Split the file into cards, unfold and parse every line with vobject's
    ``getLogicalLines`` and ``parseLine``, and insert the rows they make (contact,
    emails, phones, web addresses, tags) with ``executemany``, in one transaction;
    how many contacts."""
    text = source.read_text(encoding="utf-8")
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    next_id = conn.execute("SELECT max(id) FROM contact").fetchone()[0] + 1
    tags = dict(conn.execute("SELECT name, id FROM tag"))
    contacts, emails, phones, urls, tagged = [], [], [], [], []
    for cid, card in enumerate(_cards(text), next_id):
        fields = {"FN": "", "N": "", "ORG": "", "TITLE": "", "ADR": "", "NOTE": ""}
        for line, number in getLogicalLines(io.StringIO(card)):
            name, _, value, _ = parseLine(line, number)
            name = name.upper()
            if name == "EMAIL":
                emails.append((cid, value, value.lower(), "", len(emails)))
            elif name == "TEL":
                phones.append((cid, value, value, "", 0))
            elif name == "URL":
                urls.append((cid, value, "", 0))
            elif name == "CATEGORIES":
                tagged.extend((cid, tags[t]) for t in value.split(",") if t in tags)
            elif name in fields:
                fields[name] = value
        family, given = (fields["N"].split(";") + ["", ""])[:2]
        city = (fields["ADR"].split(";") + [""] * 4)[3]
        shown = fields["FN"]
        contacts.append(
            (cid, given, family, shown, sort_key_for(shown), fields["ORG"], fields["TITLE"])
            + (city, fields["NOTE"], "", "", stamp, stamp)
        )
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO contact (id, given_name, family_name, display_name, sort_key, "
        "organisation, title, city, notes, how_we_met, networking_style, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        contacts,
    )
    for sql, rows in (
        (
            "INSERT INTO contact_email (contact_id, address, normalized, label, position) "
            "VALUES (?, ?, ?, ?, ?)",
            emails,
        ),
        (
            "INSERT INTO contact_phone (contact_id, number, normalized, label, position) "
            "VALUES (?, ?, ?, ?, ?)",
            phones,
        ),
        ("INSERT INTO contact_url (contact_id, url, label, position) VALUES (?, ?, ?, ?)", urls),
        ("INSERT OR IGNORE INTO contact_tag (contact_id, tag_id) VALUES (?, ?)", tagged),
    ):
        conn.executemany(sql, rows)
    conn.execute("COMMIT")
    return len(contacts)


def import_vcard_10k(ctx: Context) -> Record:
    source = ctx.workdir / "import-10k.vcf"
    source.write_text(generate_vcards(VCARDS), encoding="utf-8", newline="")
    netdesk_target = _copy_of_seeded(ctx, "import-netdesk.sqlite3")
    floor_target = _copy_of_seeded(ctx, "import-floor.sqlite3")
    # what an import loads once per session (phone numbers' metadata, the first
    # backup) comes first: five other people imported the same way
    warm = ctx.workdir / "import-warm.vcf"
    warm.write_text(generate_vcards(5, seed_value=99, first=VCARDS), encoding="utf-8", newline="")
    netdesk_import(warm, netdesk_target, expected=5)
    floor = import_floor(source, floor_target)
    parts = netdesk_import(source, netdesk_target)
    breakdown = {key: round(value, 4) for key, value in parts.items() if key != "total"}
    return Record(
        "import_vcard_10k",
        "10,000 vCards read, previewed and applied into the seeded database / split +"
        " vobject getLogicalLines + parseLine + executemany of the rows",
        parts["total"],
        floor,
        target=3.0,
        extra={"cards": VCARDS, "breakdown_s": breakdown, **ctx.sizes()},
    )


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
        "peak resident memory of `netdesk import` of a 1,000,000-row CSV into a new database, "
        "in a process of its own, against the 500 MiB budget",
        peak,
        RSS_BUDGET_MIB,
        unit="MiB",
        target=1.0,
        extra={
            "rows": CSV_ROWS,
            "file_mib": round(large.stat().st_size / 2**20, 1),
            "rss_1k_rows_mib": round(fixed, 1),
            "seconds": round(seconds, 1),
        },
    )


def _seeded(ctx: Context, contacts: int) -> Path:
    """The seeded network at another size, without interactions (the scan reads none)."""
    path = ctx.workdir / f"dedupe-{contacts}.sqlite3"
    if not path.exists():
        open_workspace(path, create=True)
        seed.seed_database(contacts, 0)
        close_database()
    return path


def dedupe_floor(path: Path) -> float:
    """Plain ``sqlite3`` reading what the scan reads (every live contact's names and
    organisation, every email and phone) and grouping the emails and phones shared by
    two contacts or more; seconds."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    conn.execute(f"PRAGMA cache_size={PRAGMAS['cache_size']}")
    start = time.perf_counter()
    conn.execute(
        "SELECT id, given_name, family_name, display_name, organisation FROM contact "
        "WHERE deleted_at IS NULL"
    ).fetchall()
    for table in ("contact_email", "contact_phone"):
        conn.execute(
            f"SELECT x.normalized, group_concat(x.contact_id) FROM {table} x "
            "JOIN contact c ON c.id = x.contact_id WHERE c.deleted_at IS NULL "
            "GROUP BY x.normalized HAVING count(DISTINCT x.contact_id) > 1"
        ).fetchall()
    took = time.perf_counter() - start
    conn.close()
    return took


def _scan(path: Path, rounds: int) -> tuple[list[float], list]:
    open_workspace(path, write=False)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        candidates = dedupe.find_candidates()
        times.append(time.perf_counter() - start)
    close_database()
    return times, candidates


def dedupe_scan_50k(ctx: Context) -> Record:
    """Finding duplicate candidates among the seeded network's contacts (median of 3)
    against ``dedupe_floor``; also how the time grows with the number of contacts
    (fitted exponent over seeded networks of 5k to 50k; 1 is linear, 2 quadratic)
    and how many of the planted duplicates were found."""
    path = ctx.seeded_db()
    times, candidates = _scan(path, 3)
    floor = [dedupe_floor(path) for _ in range(3)]
    planted = _planted_pairs(ctx)
    pairs = {(c.first_id, c.second_id) for c in candidates}
    by_size: dict[int, float] = {}
    for size in [n for n in DEDUPE_SIZES if n < ctx.contacts]:
        by_size[size] = min(_scan(_seeded(ctx, size), 2)[0])
    by_size[ctx.contacts] = median(times)
    return Record(
        "dedupe_scan_50k",
        "finding duplicate candidates (shared email or phone, similar name at one"
        " organisation) / sqlite3 reading and grouping the same rows",
        median(times),
        median(floor),
        extra={
            "candidates": len(candidates),
            "strong": sum(c.strong for c in candidates),
            "planted_duplicates": len(planted),
            "planted_found": len(planted & pairs),
            "growth_exponent": round(_exponent(by_size), 3),
            "seconds_by_size": {str(n): round(t, 4) for n, t in by_size.items()},
            **ctx.sizes(),
        },
    )


def _planted_pairs(ctx: Context) -> set[tuple[int, int]]:
    """The duplicates the seed planted (it is deterministic: made again, not stored)."""
    rows = seed.generate(ctx.contacts, 0)
    return {(min(a, b), max(a, b)) for a, b in rows.duplicates}


def _exponent(times: dict[int, float]) -> float:
    xs = [math.log(n) for n in times]
    ys = [math.log(t) for t in times.values()]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if not spread:
        return 1.0
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread


_MOVED = ("interaction", "contact_email", "contact_phone", "contact_url", "offer", "need")


def dedupe_apply_floor(path: Path, groups: list[list[int]]) -> float:
    """Plain ``sqlite3`` doing the rows' part of the same merges in one transaction: each
    merged contact's interactions, emails, phones, web addresses, offers and needs moved
    to the one kept, and the merged contact put in the trash; seconds."""
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode", "synchronous", "cache_size"):
        conn.execute(f"PRAGMA {pragma}={PRAGMAS[pragma]}")
    moves = [(keep, other) for keep, *others in groups for other in others]
    start = time.perf_counter()
    conn.execute("BEGIN")
    for table in _MOVED:
        conn.executemany(f"UPDATE {table} SET contact_id = ? WHERE contact_id = ?", moves)
    conn.executemany(
        "UPDATE contact SET deleted_at = datetime('now') WHERE id = ?",
        [(other,) for _, other in moves],
    )
    conn.execute("COMMIT")
    took = time.perf_counter() - start
    conn.close()
    return took


def dedupe_apply_50k(ctx: Context) -> Record:
    """Merging every group of contacts that share an email or phone, in one transaction,
    as ``netdesk dedupe`` does after its scan (``dedupe.merge_groups``), against
    ``dedupe_apply_floor`` on another copy of the seeded database."""
    target = _copy_of_seeded(ctx, "dedupe-apply.sqlite3")
    floor_target = _copy_of_seeded(ctx, "dedupe-apply-floor.sqlite3")
    open_workspace(target)
    groups = dedupe.strong_groups(dedupe.find_candidates())
    value = timed(lambda: dedupe.merge_groups(groups))
    close_database()
    floor = dedupe_apply_floor(floor_target, groups)
    merged = sum(len(g) - 1 for g in groups)
    return Record(
        "dedupe_apply_50k",
        "merging every group sharing an email or phone (moves, combined fields, index,"
        " scores) / sqlite3 moving the same rows",
        value,
        floor,
        extra={
            "groups": len(groups),
            "merged": merged,
            "per_merge_ms": round(value / max(merged, 1) * 1000, 2),
            **ctx.sizes(),
        },
    )


BENCHMARKS = {
    "import_vcard_10k": import_vcard_10k,
    "import_csv_1m_rss": import_csv_1m_rss,
    "dedupe_scan_50k": dedupe_scan_50k,
    "dedupe_apply_50k": dedupe_apply_50k,
}
