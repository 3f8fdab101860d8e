"""Checking many report files at once — a folder of them, for a 政务公开办 or an evaluator — and the
summary spreadsheet of what was found."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from nianbao.checker import Finding, location
from nianbao.model import Report
from nianbao.spec import Rule
from readers import SUFFIXES
from workflows.checking import FileCheck, check_file
from workflows.errors import OutputRefused
from workflows.outputs import checked_output

POOL_FROM = 8  # fewer files are checked in this process: starting workers costs more than it saves
Progress = Callable[[int, int, FileCheck], None]  # done, total, the file just checked


def expand(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """The files to check: files as given, folders searched recursively for every readable type
    (Word's lock files ``~$…`` and hidden files left out), each file once, in a stable order."""
    found: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(
                str(p)
                for p in path.rglob("*")
                if p.suffix.lower() in SUFFIXES and p.is_file() and not p.name.startswith(("~$", "."))
            )
        else:
            found.append(str(path))
    return list(dict.fromkeys(found))


def check_many(
    paths: Sequence[str],
    previous: Report | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> list[FileCheck]:
    """Check every file, in a pool of processes when there are many; the results in the order of ``paths``.

    ``progress`` is called after each file; when ``cancelled()`` turns true, the files not yet started are
    skipped and the results hold only the files checked.
    """
    if len(paths) < POOL_FROM or workers == 1:
        return _in_process(paths, previous, progress, cancelled)
    results: dict[str, FileCheck] = {}
    # spawn: a forked child of a Qt program may inherit locked mutexes; the readers share no state anyway
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count(), mp_context=get_context("spawn")) as pool:
        futures: dict[Future[FileCheck], str] = {pool.submit(check_file, p, previous): p for p in paths}
        try:
            for future in _as_completed(futures):
                result = _result(future, futures[future])
                results[result.path] = result
                if progress is not None:
                    progress(len(results), len(paths), result)
                if cancelled():
                    break
        finally:
            for future in futures:
                future.cancel()
    return [results[p] for p in paths if p in results]


def _in_process(
    paths: Sequence[str], previous: Report | None, progress: Progress | None, cancelled: Callable[[], bool]
) -> list[FileCheck]:
    results = []
    for path in paths:
        if cancelled():
            break
        results.append(check_file(path, previous))
        if progress is not None:
            progress(len(results), len(paths), results[-1])
    return results


def _as_completed(futures: dict[Future[FileCheck], str]) -> Iterable[Future[FileCheck]]:
    from concurrent.futures import as_completed

    return as_completed(futures)


def _result(future: Future[FileCheck], path: str) -> FileCheck:
    """A worker that died (a reader that crashed the interpreter) costs its file, not the whole check."""
    try:
        return future.result()
    except Exception as e:  # BrokenProcessPool, MemoryError in a worker …
        return FileCheck(path, error=f"读取时出错（{type(e).__name__}），已跳过")


# ---------------------------------------------------------------- the summary


RULES = tuple(Rule)
SUMMARY_HEADERS = (
    "文件",
    "机关",
    "年度",
    "格式版本",
    "读取格式",
    "错误",
    "提示",
    *(r.value for r in RULES),
    "第一个错误",
)
FINDING_HEADERS = ("文件", "机关", "年度", "规则", "类别", "表格", "行", "列", "说明", "来源")


def summary_row(result: FileCheck) -> list[object]:
    """One file as a row of the summary: its identity, counts, a count per rule, the first error."""
    if result.report is None:
        return [result.path, "", "", "", "", "", "", *([""] * len(RULES)), f"无法读取：{result.error}"]
    report = result.report
    found = result.all_findings
    errors, warnings = result.counts
    per_rule = [sum(1 for f in found if f.rule is rule) for rule in RULES]
    first = next((f.message for f in found if f.is_error), "")
    return [result.path, report.agency, report.year, f"{report.edition}版", result.source_format, errors, warnings,
            *per_rule, first]  # fmt: skip


def finding_rows(result: FileCheck) -> list[list[object]]:
    """Every finding of one file, with the official labels of where it is."""
    if result.report is None:
        return []
    report = result.report

    def row(f: Finding, source: str) -> list[object]:
        table, row_label, column = location(report, f)
        return [result.path, report.agency, report.year, f.rule.value, f.severity.label, table, row_label, column,
                f.message, source]  # fmt: skip

    return [row(f, "文件与格式不符") for f in result.deviations] + [row(f, "检查") for f in result.findings]


def write_summary(results: Sequence[FileCheck], target: str | os.PathLike[str]) -> Path:
    """The spreadsheet: one row per file, then a sheet with every finding.  Raises OutputRefused."""
    from writers.xlsx_writer import Sheet, SpreadsheetError, write_workbook

    path = checked_output(target, ".xlsx", [r.path for r in results])
    files = Sheet(
        "汇总", SUMMARY_HEADERS, [summary_row(r) for r in results], widths={0: 40, 1: 24, len(SUMMARY_HEADERS) - 1: 60}
    )
    every = Sheet(
        "全部问题",
        FINDING_HEADERS,
        [row for r in results for row in finding_rows(r)],
        widths={0: 40, 1: 24, 5: 30, 6: 30, 8: 80},
    )
    try:
        return write_workbook(path, [files, every])
    except SpreadsheetError as e:
        raise OutputRefused(str(e)) from None
