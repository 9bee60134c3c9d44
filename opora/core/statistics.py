"""Fresh planner statistics after bulk writes, so the next reads are planned on what is there.

PostgreSQL's autovacuum analyses a table a minute or so after many rows change; until then the
planner works from the old counts. Just after a region's 40,000 schools are imported it took them
for a few dozen and looked up a national year's results school by school: 0.5 s instead of 0.27 s
for one query. A job that has just written many rows therefore refreshes them itself, once the
user has seen the work done.
"""

from __future__ import annotations

from django.db import connection, models


def refresh_statistics(*tables: type[models.Model], vacuum: bool = False) -> None:
    """ANALYZE the models' tables on PostgreSQL (SQLite plans without them). ``vacuum``: also clear
    the old versions of rewritten rows, when outside a transaction (VACUUM cannot run in one)."""
    if connection.vendor != "postgresql":
        return
    command = "VACUUM (ANALYZE)" if vacuum and not connection.in_atomic_block else "ANALYZE"
    with connection.cursor() as cursor:
        for model in tables:
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")
