"""How the program names things, each in one place: a report in questions and messages, the files it
writes, the snapshots it takes by itself."""

from __future__ import annotations

from datetime import datetime

from nianbao.text import safe_filename

REPORT_NAME = "政府信息公开工作年度报告"


def default_title(agency: str, year: int) -> str:
    """The conventional title: ``{机关名称}{YYYY}年政府信息公开工作年度报告``."""
    return f"{agency}{year}年{REPORT_NAME}"


def report_name(agency: str, year: int) -> str:
    """How questions and messages name a report: ``某县民政局2023年度报告``."""
    return f"{agency}{year}年度报告"


def numbered_report_name(report_id: int, agency: str, year: int) -> str:
    """A stored report on the command line, with the number other commands take: ``[3] 某县民政局2023年度报告``."""
    return f"[{report_id}] {report_name(agency, year)}"


def docx_filename(agency: str, year: int) -> str:
    """The exported document's file name: the conventional title, safe on Windows."""
    return safe_filename(default_title(agency, year)) + ".docx"


def json_filename(agency: str, year: int) -> str:
    return safe_filename(f"{agency}{year}年度") + ".json"


def _stamp(now: datetime | None) -> str:
    return f"{(now or datetime.now()):%Y-%m-%d %H:%M}"


def snapshot_name(now: datetime | None = None) -> str:
    """What the clerk's own snapshot is called unless they name it."""
    return f"快照 {_stamp(now)}"


def export_snapshot_name(kind: str, now: datetime | None = None) -> str:
    """The automatic snapshot taken on every export (``kind``: Word, JSON)."""
    return f"导出 {kind} {_stamp(now)}"


def import_snapshot_name(now: datetime | None = None) -> str:
    """The automatic snapshot of a report an import replaces."""
    return f"导入前自动保存 {_stamp(now)}"


def replace_snapshot_name(now: datetime | None = None) -> str:
    return f"替换前自动保存 {_stamp(now)}"


def restore_snapshot_name(restored: str, now: datetime | None = None) -> str:
    """The automatic snapshot of the content a snapshot restore replaces (so the restore can be undone)."""
    return f"恢复“{restored}”前自动保存 {_stamp(now)}"
