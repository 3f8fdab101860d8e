"""The database schema, as an ordered list of sqlite-utils migrations.

Each migration is applied once, in its own savepoint inside one write
transaction, and recorded in ``_sqlite_migrations``.  The schema version is the
number of migrations applied; it is also written to ``PRAGMA user_version`` so
that a newer database is recognised with one cheap read.

Never edit a migration that has been released: add a new one at the end, and add
a fixture database of the new version to ``tests/fixtures/``.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

MIGRATIONS = Migrations("nianbao")


@MIGRATIONS(name="0001_initial")
def _initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE reports (
            id INTEGER PRIMARY KEY,
            agency TEXT NOT NULL,
            year INTEGER NOT NULL,
            edition TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            preamble TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            modified TEXT NOT NULL,
            errors INTEGER NOT NULL DEFAULT 0,
            warnings INTEGER NOT NULL DEFAULT 0,
            deleted TEXT  -- when it was moved to the trash; NULL: not deleted
        );
        CREATE INDEX reports_agency_year ON reports (agency, year);
        CREATE TABLE cells (
            report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
            key TEXT NOT NULL,  -- storage key of the edition spec
            value TEXT NOT NULL,  -- JSON of nianbao.exchange.value_to_json
            unparsed TEXT,  -- the reason, when the value is text kept verbatim
            PRIMARY KEY (report_id, key)
        ) WITHOUT ROWID;
        CREATE TABLE texts (
            report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
            section TEXT NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (report_id, section)
        ) WITHOUT ROWID;
        CREATE TABLE snapshots (
            id INTEGER PRIMARY KEY,
            report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            created TEXT NOT NULL,
            data TEXT NOT NULL  -- the report as JSON (exchange format + unparsed reasons)
        );
        CREATE INDEX snapshots_report ON snapshots (report_id);
        """
    )


@MIGRATIONS(name="0002_automatic_snapshots")
def _automatic_snapshots(db: Database) -> None:
    """Tell automatic snapshots (before a restore, an import, an export) from the clerk's own."""
    db.table("snapshots").add_column("automatic", int, not_null_default=0)
    db.execute("UPDATE snapshots SET automatic = 1 WHERE name LIKE '%自动保存%'")
    db.table("reports").create_index(["modified"], index_name="reports_modified")


KNOWN = tuple(m.name for m in MIGRATIONS.pending(Database(memory=True)))  # in order
SCHEMA_VERSION = len(KNOWN)


def user_version(db: Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def applied(db: Database) -> list[str]:
    """Names of the applied migrations (read-only)."""
    return [m.name for m in MIGRATIONS.applied(db)]


def is_newer(db: Database) -> bool:
    """Written by a newer version of the app: a version or migration this code does not know."""
    return user_version(db) > SCHEMA_VERSION or bool(set(applied(db)) - set(KNOWN))


def version(db: Database) -> int:
    return len([name for name in applied(db) if name in KNOWN])


def migrate(db: Database, upto: int | None = None) -> None:
    """Apply the pending migrations (up to schema version ``upto``) inside the caller's transaction."""
    stop_before = KNOWN[upto] if upto is not None and upto < SCHEMA_VERSION else None
    MIGRATIONS.apply(db, stop_before=stop_before)
    db.execute(f"PRAGMA user_version = {version(db)}")
