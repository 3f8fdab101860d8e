"""Checking report files — one, or many for a 政务公开办 — and summing the reports of many agencies."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from nianbao.aggregate import CannotSum, sum_reports
from nianbao.checker import Finding, check, count
from nianbao.model import Report
from readers import UnreadableFile, read_report
from workflows.errors import SumRefused, Unreadable, WorkflowError


@dataclass(frozen=True)
class FileCheck:
    """What checking one file found.  ``error``: why it could not be read (then there is no report)."""

    path: str
    report: Report | None = None
    findings: list[Finding] = field(default_factory=list)  # the checker's
    deviations: tuple[Finding, ...] = ()  # how the file departs from the format (the reader's)
    source_format: str = ""
    error: str = ""
    note: str = ""  # e.g. why last year's report was not used

    @property
    def all_findings(self) -> list[Finding]:
        """The reader's deviations first (where the file differs), then the checker's findings."""
        return list(self.deviations) + self.findings

    @property
    def counts(self) -> tuple[int, int]:
        return count(self.all_findings)


def load(path: str | os.PathLike[str]) -> Report:
    """A report file's report; Unreadable with the reason."""
    try:
        return read_report(path).report
    except UnreadableFile as e:
        raise Unreadable(str(e)) from None


def not_last_year(report: Report, previous: Report) -> str:
    """Why ``previous`` cannot be this report's last year, or "" when it can."""
    if previous.year != report.year - 1:
        return f"给出的上年度报告是 {previous.year} 年度的，不是 {report.year - 1} 年度"
    if previous.agency.strip() != report.agency.strip():
        return f"给出的上年度报告是“{previous.agency}”的，不是“{report.agency}”的"
    return ""


def check_file(path: str | os.PathLike[str], previous: Report | None = None) -> FileCheck:
    """Read and check one file; X1 and X2 against ``previous`` when it is the same agency's last year."""
    try:
        result = read_report(path)
    except UnreadableFile as e:
        return FileCheck(str(path), error=str(e))
    report = result.report
    note = not_last_year(report, previous) if previous is not None else ""
    findings = check(report, None if note else previous)
    return FileCheck(str(path), report, findings, result.deviations, result.source_format, note=note)


@dataclass(frozen=True)
class Summed:
    report: Report  # every number the sum over the inputs (blank where any input is not a number)
    inputs: int
    table_findings: list[Finding]  # the sum's own cross-total findings


def sum_files(paths: Sequence[str | os.PathLike[str]], agency: str = "", force: bool = False) -> Summed:
    """Add up the reports of many agencies (one year, one edition).  Reports with errors are refused unless
    ``force``: a sum built on a wrong report is wrong.  Raises Unreadable or WorkflowError."""
    reports = [(str(p), load(p)) for p in paths]
    with_errors = [(p, n) for p, n in ((p, count(check(r))[0]) for p, r in reports) if n]
    if with_errors and not force:
        listing = "；".join(f"{Path(p).name} 有 {n} 个错误" for p, n in with_errors)
        raise SumRefused(f"有报告存在错误，未汇总（{listing}）。请先用“检查”查看；确需汇总请加 --force")
    try:
        total = sum_reports([r for _, r in reports], agency)
    except CannotSum as e:
        raise WorkflowError(f"无法汇总：{e}") from None
    table_findings = [f for f in check(total) if f.cells and f.rule != "F1"]
    return Summed(total, len(reports), table_findings)
