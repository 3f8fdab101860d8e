"""Private by default (issue 13, part 7): on Linux and macOS the data folder is created 0700 and
every database file 0600 — the -wal and -shm, the backups, the copies made before migrations,
the files moved aside, the copies made by ``backup``.  They are drafts of internal documents."""

from __future__ import annotations

import os
import shutil
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from nianbao.model import Report
from storage.store import CorruptDatabaseError, Store, resolve_data_dir

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """The umask of a desktop session (022: new files readable by everyone unless we say otherwise)."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def files_of(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_a_new_data_folder_and_everything_in_it_is_private(tmp_path):
    data = tmp_path / "新的" / "数据"
    with Store.open(data) as s:
        s.create_report(Report(agency="某局", year=2023))
        for side in ("-wal", "-shm"):
            assert mode(data / f"nianbao.sqlite3{side}") == 0o600
        s.backup(tmp_path / "备份.sqlite3")
    assert mode(data) == 0o700 and mode(data.parent) == 0o700
    assert mode(data / "backups") == 0o700
    names = [p.name for p in files_of(data)]
    assert any(n.startswith("nianbao-rolling-") for n in names) and any(n.startswith("nianbao-20") for n in names)
    assert {p.name: mode(p) for p in files_of(data)} == {p.name: 0o600 for p in files_of(data)}
    assert mode(tmp_path / "备份.sqlite3") == 0o600


def test_a_folder_the_clerk_chose_is_left_as_it_is(tmp_path):
    chosen = tmp_path / "共享"
    chosen.mkdir(mode=0o755)
    os.chmod(chosen, 0o755)
    assert resolve_data_dir(chosen) == chosen
    with Store.open(chosen):
        pass
    assert mode(chosen) == 0o755
    assert mode(chosen / "nianbao.sqlite3") == 0o600


def test_files_left_readable_by_an_older_version_are_made_private(tmp_path):
    shutil.copy(FIXTURES / "storage_v1.sqlite3", tmp_path / "nianbao.sqlite3")
    (tmp_path / "backups").mkdir(mode=0o755)
    old_backup = tmp_path / "backups" / "nianbao-2020-01-01.sqlite3"
    shutil.copy(FIXTURES / "storage_v1.sqlite3", old_backup)
    for path in (tmp_path / "nianbao.sqlite3", old_backup):
        os.chmod(path, 0o644)
    os.chmod(tmp_path / "backups", 0o755)
    with Store.open(tmp_path):
        pass
    (migration_copy,) = tmp_path.glob("nianbao.sqlite3.bak-*")
    assert mode(migration_copy) == 0o600
    assert mode(tmp_path / "nianbao.sqlite3") == 0o600 and mode(old_backup) == 0o600
    assert mode(tmp_path / "backups") == 0o700


def test_a_damaged_file_moved_aside_and_the_recovered_one_are_private(tmp_path):
    with Store.open(tmp_path) as s:
        s.create_report(Report(agency="某局", year=2023))
    db = tmp_path / "nianbao.sqlite3"
    db.write_bytes(b"\x00garbage" * 2000)
    os.chmod(db, 0o644)
    with pytest.raises(CorruptDatabaseError) as caught:
        Store.open(tmp_path)
    assert mode(caught.value.moved_to) == 0o600
    assert mode(db) == 0o600
    with Store.recover(caught.value.recovered_from or "", tmp_path) as s:
        assert len(s.list_reports()) == 1
    (replaced,) = tmp_path.glob("nianbao.sqlite3.replaced-*")
    assert mode(replaced) == 0o600 and mode(db) == 0o600
