"""The workflows' failures, each with its Chinese message (``str(error)``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from nianbao.checker import Finding
from nianbao.naming import report_name
from storage.errors import StorageError


class WorkflowError(Exception):
    """A workflow could not be done; ``str()`` says why, in Chinese."""


class YearNotAllowed(WorkflowError):
    """A report cannot be for that year (nianbao.editions.year_problem)."""


class ReportExists(WorkflowError):
    """The agency already has a report for the year; nothing was written.  The caller may ask the user."""

    def __init__(self, agency: str, year: int, existing_id: int):
        super().__init__(f"{report_name(agency, year)}已经存在（编号 {existing_id}）")
        self.agency, self.year, self.existing_id = agency, year, existing_id


class Unreadable(WorkflowError):
    """A file cannot be read as a report."""


class OutputRefused(WorkflowError):
    """A file cannot be written there (the wrong type, one of the inputs, a folder, read-only, locked)."""


class ExportRefused(WorkflowError):
    """The report has errors and the export was not forced; ``errors`` lists them."""

    def __init__(self, name: str, errors: list[Finding]):
        super().__init__(f"“{name}”有 {len(errors)} 个错误，未导出")
        self.errors = errors


class SumRefused(WorkflowError):
    """Some of the reports to sum have errors (a sum built on a wrong report is wrong) and it was not forced."""


class StorageFailed(WorkflowError):
    """The database refused (locked, read-only, full, damaged): ``cause`` is the store's error."""

    def __init__(self, message: str, cause: StorageError):
        super().__init__(message)
        self.cause = cause


@contextmanager
def storing(doing: str) -> Iterator[None]:
    """Turn a storage failure into a StorageFailed that says what could not be done: ``无法{doing}：…``."""
    try:
        yield
    except StorageError as e:
        raise StorageFailed(f"无法{doing}：{e}", e) from e
