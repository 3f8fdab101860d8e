"""Exporting a report: to Word for approval and publication, to JSON for another PC or a colleague."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from nianbao import exchange
from nianbao.checker import check, count
from nianbao.file_writing import os_error_reason
from nianbao.model import Report
from nianbao.naming import docx_filename, export_snapshot_name, report_name
from storage.store import Store
from workflows.errors import ExportRefused, OutputRefused, storing
from workflows.outputs import checked_output


@dataclass(frozen=True)
class Exported:
    path: Path
    errors: int  # the report's errors and warnings when it was exported (--force, or after the GUI asked)
    warnings: int


def default_docx_path(report: Report, folder: str | os.PathLike[str]) -> Path:
    return Path(folder) / docx_filename(report.agency, report.year)


def export_word(
    report: Report,
    target: str | os.PathLike[str],
    *,
    force: bool = False,
    previous: Report | None = None,
    inputs: Iterable[str | os.PathLike[str]] = (),
    stored_as: tuple[Store, int] | None = None,
) -> Exported:
    """Check, snapshot (an automatic one, when the report is stored: ``stored_as`` = (store, id)), then write
    the .docx safely (a temporary file replaces the target; on failure the old file is untouched).

    Raises ExportRefused (errors and not ``force``), OutputRefused or StorageFailed.
    """
    from writers.docx_writer import ExportError, export_docx  # python-docx only when exporting

    errors, warnings = count(check(report, previous))
    if errors and not force:
        raise ExportRefused(report_name(report.agency, report.year), [f for f in check(report, previous) if f.is_error])
    path = checked_output(target, ".docx", inputs)
    if stored_as is not None:
        store, report_id = stored_as
        with storing("保存导出前的快照"):
            store.snapshot(report_id, export_snapshot_name("Word"), automatic=True)
    try:
        written = export_docx(report, path, previous)
    except ExportError as e:
        raise OutputRefused(str(e)) from None
    return Exported(written, errors, warnings)


def write_json(report: Report, target: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]] = ()) -> Path:
    """The report as a JSON exchange file.  Raises OutputRefused."""
    path = checked_output(target, ".json", inputs)
    try:
        exchange.save(report, path)
    except OSError as e:
        raise OutputRefused(f"无法写入“{path}”：{os_error_reason(e)}") from None
    return path


def export_json(store: Store, report_id: int, target: str | os.PathLike[str]) -> Path:
    """A stored report as a JSON file, with an automatic snapshot of what was exported."""
    with storing("读取报告"):
        report = store.load(report_id)
    path = write_json(report, target)
    with storing("保存导出快照"):
        store.snapshot(report_id, export_snapshot_name("JSON"), automatic=True)
    return path
