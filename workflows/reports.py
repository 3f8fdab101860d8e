"""Creating reports and moving them to and from the trash."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from nianbao.editions import year_problem
from nianbao.model import Report
from storage.store import ReportSummary, Store
from workflows.errors import ReportExists, StorageFailed, WorkflowError, YearNotAllowed, storing


@dataclass(frozen=True)
class Created:
    report_id: int
    report: Report
    carried: list[str]  # keys filled from last year's 四、结转下年度继续办理 (computed totals included)


def check_year(year: int, today: date | None = None) -> None:
    problem = year_problem(year, today)
    if problem:
        raise YearNotAllowed(f"不能新建{year}年度的报告：{problem}")


def create_report(store: Store, agency: str, year: int, today: date | None = None) -> Created:
    """A new, empty report; last year's report of the agency, if stored, gives its 二、上年结转.

    Raises YearNotAllowed, ReportExists (the agency has one for the year: nothing written) or StorageFailed.
    """
    agency = agency.strip()
    if not agency:
        raise WorkflowError("请填写机关名称")
    check_year(year, today)
    report = Report(agency, year)
    with storing("新建报告"):
        existing = store.find(agency, year)
        if existing is not None:
            raise ReportExists(agency, year, existing)
        report_id, carried = store.create_report(report, carry_forward=True)
    return Created(report_id, report, carried)


def copy_as_next_year(store: Store, report_id: int, today: date | None = None) -> Created:
    """Next year's report from this one: texts and preamble kept (years moved on), numbers blank,
    二、上年结转 carried forward from this report.  Raises like :func:`create_report`."""
    with storing("复制为下一年度"):
        source = store.load(report_id)
    year = source.year + 1
    check_year(year, today)
    with storing("复制为下一年度"):
        existing = store.find(source.agency, year)
        if existing is not None:
            raise ReportExists(source.agency, year, existing)
        new_id = store.duplicate(report_id, year=year)
        copy = store.load(new_id)
    carried = [k for k, _ in copy.spec.carry_in if copy.get(k) is not None]
    return Created(new_id, copy, carried)


def _known(store: Store, ids: Sequence[int]) -> dict[int, ReportSummary]:
    known = {s.id: s for s in store.list_reports(include_deleted=True)}
    missing = [i for i in ids if i not in known]
    if missing:
        raise WorkflowError(f"没有编号为 {'、'.join(map(str, missing))} 的报告，未作改动")
    return known


def move_to_trash(store: Store, ids: Sequence[int]) -> list[ReportSummary]:
    """Reports to the trash (restorable); all or nothing when a number is unknown."""
    with storing("删除报告"):
        known = _known(store, ids)
        for report_id in ids:
            store.delete(report_id)
    return [known[i] for i in ids]


def restore_from_trash(store: Store, ids: Sequence[int]) -> list[ReportSummary]:
    with storing("恢复报告"):
        known = _known(store, ids)
        for report_id in ids:
            store.restore(report_id)
    return [known[i] for i in ids]


def trash(store: Store) -> list[ReportSummary]:
    with storing("读取回收站"):
        return [s for s in store.list_reports(include_deleted=True) if s.deleted]


def empty_trash(store: Store) -> list[ReportSummary]:
    """Remove every report in the trash for good, with its snapshots; returns what was removed."""
    removed = trash(store)
    with storing("清空回收站"):
        for summary in removed:
            store.purge(summary.id)
    return removed


__all__ = [
    "Created",
    "StorageFailed",
    "check_year",
    "copy_as_next_year",
    "create_report",
    "empty_trash",
    "move_to_trash",
    "restore_from_trash",
    "trash",
]
