"""Importing a report file of any readable format into the store."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from nianbao.checker import Finding
from nianbao.editions import year_problem
from nianbao.model import Report
from nianbao.naming import import_snapshot_name
from readers import ReadResult, UnreadableFile, read_pasted_text, read_report
from storage.errors import ReportExistsError
from storage.store import ImportResult, Store
from workflows.errors import ReportExists, Unreadable, YearNotAllowed, storing


class OnConflict(Enum):
    """What to do when the agency already has a report for the file's year."""

    ASK = "ask"  # raise ReportExists: the caller asks (GUI) or says how to choose (CLI)
    REPLACE = "replace"  # the stored report is snapshotted, then replaced
    KEEP_BOTH = "keep_both"  # the import becomes another report


@dataclass(frozen=True)
class Imported:
    report_id: int
    report: Report
    replaced: bool  # an existing report was replaced (its content is in an automatic snapshot)
    deviations: tuple[Finding, ...]  # how the file departs from the format: said once, never stored
    source_format: str
    corrections: str = ""  # the totals that did not hold the sum of their parts and were derived, for the user


PASTED = "粘贴的文字"


def read_for_import(path: str | os.PathLike[str]) -> tuple[Report, tuple[Finding, ...], str]:
    """The file's report, deviations and format; Unreadable or YearNotAllowed when it cannot be imported."""
    try:
        result = read_report(path)
    except UnreadableFile as e:
        raise Unreadable(str(e)) from None
    return _importable(result, Path(path).name)


def read_pasted_for_import(text: str) -> tuple[Report, tuple[Finding, ...], str]:
    """Text pasted from a web page or a document, read like a .txt file (cells one a line or a tab apart)."""
    try:
        result = read_pasted_text(text, PASTED)
    except UnreadableFile as e:
        raise Unreadable(str(e)) from None
    return _importable(result, PASTED)


def _importable(result: ReadResult, name: str) -> tuple[Report, tuple[Finding, ...], str]:
    problem = year_problem(result.report.year)
    if problem:
        raise YearNotAllowed(f"{name}：{problem}")
    return result.report, result.deviations, result.source_format


def import_file(store: Store, path: str | os.PathLike[str], on_conflict: OnConflict = OnConflict.ASK) -> Imported:
    """Read ``path`` and store its report.  Raises Unreadable, YearNotAllowed, ReportExists (with ASK:
    nothing written) or StorageFailed."""
    report, deviations, source_format = read_for_import(path)
    stored = store_import(store, report, on_conflict)
    return Imported(stored.report_id, report, stored.replaced, deviations, source_format, stored.corrections_message)


def store_import(store: Store, report: Report, on_conflict: OnConflict) -> ImportResult:
    """The one rule for storing an imported report: its id, whether it replaced one, the totals corrected."""
    with storing("保存导入的报告"):
        try:
            return store.import_report(report, on_conflict.value, import_snapshot_name())
        except ReportExistsError as e:
            raise ReportExists(report.agency, report.year, e.existing_id) from None
