"""Every released schema version, as a committed fixture database, opens with the current code."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from nianbao import exchange
from storage import schema
from storage.store import CorruptDatabaseError, Store

FIXTURES = Path(__file__).resolve().parent / "fixtures"
VERSIONED = sorted(FIXTURES.glob("storage_v*.sqlite3"))
EXPECTED = json.loads((FIXTURES / "storage_expected.json").read_text(encoding="utf-8"))


def fixture_version(path: Path) -> int:
    match = re.fullmatch(r"storage_v(\d+)\.sqlite3", path.name)
    assert match is not None, path.name
    return int(match.group(1))


def contents(store: Store) -> dict:
    reports = store.list_reports(include_deleted=True)
    data: dict = {str(s.id): {"deleted": s.deleted, "report": exchange.to_dict(store.load(s.id))} for s in reports}
    data["snapshots"] = {str(s.id): [snap.name for snap in store.list_snapshots(s.id)] for s in reports}
    return data


def test_there_is_a_fixture_for_every_schema_version():
    assert [fixture_version(p) for p in VERSIONED] == list(range(1, schema.SCHEMA_VERSION + 1))


def test_the_first_schema_fixture_is_really_version_1():
    conn = sqlite3.connect(f"{(FIXTURES / 'storage_v1.sqlite3').as_uri()}?immutable=1", uri=True)
    try:
        assert conn.execute("PRAGMA user_version").fetchone() == (1,)
        assert [n for (n,) in conn.execute("SELECT name FROM _sqlite_migrations")] == ["0001_initial"]
        columns = [row[1] for row in conn.execute("PRAGMA table_info(snapshots)")]
        assert "automatic" not in columns
    finally:
        conn.close()


@pytest.mark.parametrize("fixture", VERSIONED, ids=lambda p: p.stem)
def test_fixture_opens_with_current_code(tmp_path, fixture):
    shutil.copy(fixture, tmp_path / "nianbao.sqlite3")
    old_version = fixture_version(fixture)
    with Store.open(tmp_path) as s:
        assert s.schema_version == schema.SCHEMA_VERSION
        assert s.db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert contents(s) == EXPECTED
        assert s.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # it still works for editing after the migration
        report_id = s.find("某县民政局", 2023)
        assert report_id is not None
        s.save_cell(report_id, "t3.new.natural", 4)
        assert s.load(report_id).values["t3.new.natural"] == 4
        previous = s.previous_year(report_id)
        assert previous is not None and previous.year == 2022
    copies = sorted(tmp_path.glob("nianbao.sqlite3.bak-*"))
    if old_version == schema.SCHEMA_VERSION:
        assert copies == []
    else:
        (copy,) = copies
        assert copy.name.endswith(f"-v{old_version}")
        conn = sqlite3.connect(f"{copy.as_uri()}?immutable=1", uri=True)
        assert conn.execute("PRAGMA user_version").fetchone() == (old_version,)  # the state before the migration
        conn.close()
    with Store.open(tmp_path):  # a second open migrates nothing and copies nothing
        pass
    assert sorted(tmp_path.glob("nianbao.sqlite3.bak-*")) == copies


def test_migrated_snapshots_know_which_were_automatic(tmp_path):
    shutil.copy(FIXTURES / "storage_v1.sqlite3", tmp_path / "nianbao.sqlite3")
    with Store.open(tmp_path) as s:
        report_id = s.find("某县民政局", 2022)
        assert report_id is not None
        (snap,) = s.list_snapshots(report_id)
        assert not snap.automatic
        s.restore_snapshot(snap.id)
        assert [x.automatic for x in s.list_snapshots(report_id)] == [True, False]


def test_migration_copy_is_used_when_the_migrated_file_is_later_damaged(tmp_path):
    shutil.copy(FIXTURES / "storage_v1.sqlite3", tmp_path / "nianbao.sqlite3")
    Store.open(tmp_path).close()
    shutil.rmtree(tmp_path / "backups")  # leave only the copy made before the migration
    (tmp_path / "nianbao.sqlite3").write_bytes(b"\x00" * 8192)
    with pytest.raises(CorruptDatabaseError) as caught:
        Store.open(tmp_path)
    recovered_from = caught.value.recovered_from
    assert recovered_from is not None and recovered_from.name.endswith("-v1")
    with Store.open(tmp_path) as s:  # the old version, migrated again
        assert contents(s) == EXPECTED


def test_migrating_stops_at_a_version(tmp_path):
    """``migrate(upto=N)`` builds the schema of an older version with today's code."""
    db = Database(tmp_path / "old.sqlite3")
    db.conn.isolation_level = None
    db.execute("BEGIN IMMEDIATE")
    schema.migrate(db, upto=1)
    db.execute("COMMIT")
    assert schema.version(db) == 1 and schema.user_version(db) == 1
    assert not schema.is_newer(db)
    db.close()
