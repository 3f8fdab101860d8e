"""Snapshots: a named copy of a report as it is now, and bringing one back."""

from __future__ import annotations

from nianbao.naming import snapshot_name
from storage.store import SnapshotInfo, Store
from workflows.errors import storing


def take_snapshot(store: Store, report_id: int, name: str = "") -> str:
    """The clerk's own snapshot (never pruned); returns its name."""
    name = name.strip() or snapshot_name()
    with storing("保存快照"):
        store.snapshot(report_id, name)
    return name


def snapshots_of(store: Store, report_id: int) -> list[SnapshotInfo]:
    """Newest first."""
    with storing("读取快照"):
        return store.list_snapshots(report_id)


def repair(store: Store, snapshot_id: int) -> None:
    """A damaged report back to its newest readable snapshot (what can still be read is kept first)."""
    with storing("恢复快照"):
        store.restore_snapshot(snapshot_id)


def restore_snapshot(store: Store, snapshot: SnapshotInfo) -> None:
    """The report back to the snapshot; what it held before is kept in an automatic snapshot (undoable)."""
    with storing("恢复快照"):
        store.restore_snapshot(snapshot.id)
