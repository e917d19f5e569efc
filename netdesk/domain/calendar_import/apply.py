"""Writing a calendar import: a rolling backup first, then every interaction in one
transaction, planned again inside it (so what is written matches the database as it is
then); any error rolls all of it back."""

from __future__ import annotations

from pathlib import Path

from netdesk.domain import score_cache
from netdesk.domain.calendar_import.plan import CalendarPlan, plan_calendar
from netdesk.domain.calendar_import.reading import ParsedCalendar
from netdesk.domain.importers.apply import back_up_before_import, bound_database_path
from netdesk.domain.importers.records import Progress
from netdesk.storage.models import database, utcnow


def apply_calendar_import(
    files: list[ParsedCalendar],
    *,
    db_path: Path | None = None,
    progress: Progress | None = None,
    backup: bool = True,
) -> CalendarPlan:
    """Back up the database, then log the meetings of these calendars in one transaction;
    returns the plan as written."""
    if backup:
        back_up_before_import(db_path or bound_database_path(), progress)
    with database.atomic():
        plan = plan_calendar(files)
        if progress is not None:
            progress(0, len(plan.interactions), "Logging the meetings")
        now = utcnow()
        database.connection().executemany(
            "INSERT INTO interaction (contact_id, kind, occurred_on, note, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                (i.contact_id, i.kind, i.day.isoformat(), i.note, str(now))
                for i in plan.interactions
            ],
        )
        score_cache.refresh_contacts({i.contact_id for i in plan.interactions})
    return plan
