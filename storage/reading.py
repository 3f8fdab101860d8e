"""Reading one stored report back, checking it as it is read.

Shared by the store (which refuses a damaged report with a message) and the salvage of a
damaged file (which takes whatever can still be read, report by report).
"""

from __future__ import annotations

import sqlite3

from nianbao.editions import EDITIONS
from nianbao.exchange import ExchangeError
from nianbao.model import Report
from storage import codec
from storage.errors import ReportNotFoundError

CELLS_INCOMPLETE = "表格中的数字未能全部读出"
TEXTS_INCOMPLETE = "正文未能全部读出"


def is_decode_error(error: sqlite3.Error) -> bool:
    """Text that is not UTF-8 in the file (Python's error, not SQLite's: it has no SQLite code)."""
    return isinstance(error, sqlite3.OperationalError) and getattr(error, "sqlite_errorcode", None) is None


def read_report(conn: sqlite3.Connection, report_id: int, tolerant: bool = False) -> tuple[Report | None, list[str]]:
    """The report and what of it could not be read (Chinese, for the clerk).

    ``None`` when not even its identity (agency, year, edition) can be read.  SQLite's own errors
    (a damaged page) are raised, unless ``tolerant``: then they too become problems, and what was
    read before them is kept — the salvage of a damaged file reads this way.
    """

    def problem_or_raise(error: sqlite3.Error, problem: str) -> str:
        if not (tolerant or is_decode_error(error)):
            raise error
        return problem

    try:
        row = conn.execute(
            "SELECT agency, year, edition, title, preamble FROM reports WHERE id = ?", (report_id,)
        ).fetchone()
    except sqlite3.Error as e:
        return None, [problem_or_raise(e, "单位、年度等基本信息无法读出")]
    if row is None:
        if tolerant:
            return None, ["基本信息无法读出"]
        raise ReportNotFoundError(f"找不到编号为 {report_id} 的报告")
    problems = identity_problems(*row)
    if problems:
        return None, problems
    agency, year, edition, title, preamble = row
    report = Report(agency=agency, year=year, edition=edition, title=title, preamble=preamble)
    cells = report.spec.cells_by_key
    try:
        for key, value, reason in conn.execute(
            "SELECT key, value, unparsed FROM cells WHERE report_id = ?", (report_id,)
        ):
            cell = cells.get(key)
            if cell is None:  # a key no edition knows stays in the file, untouched
                continue
            try:
                report.values[key] = codec.decode_value(value, reason, cell.kind)
            except ExchangeError as e:
                problems.append(f"单元格“{cell.place}”无法读取（{e}）")
    except sqlite3.Error as e:
        problems.append(problem_or_raise(e, CELLS_INCOMPLETE))
    try:
        for section, text in conn.execute("SELECT section, text FROM texts WHERE report_id = ?", (report_id,)):
            if isinstance(section, str) and isinstance(text, str):
                report.texts[section] = text
            else:
                problems.append(f"正文“{section}”无法读取")
    except sqlite3.Error as e:
        problems.append(problem_or_raise(e, TEXTS_INCOMPLETE))
    return report, problems


def identity_problems(agency: object, year: object, edition: object, title: object, preamble: object) -> list[str]:
    problems = []
    if not all(isinstance(v, str) for v in (agency, title, preamble)):
        problems.append("单位、标题或前言不是文字")
    if not isinstance(year, int) or not 1900 <= year <= 2200:
        problems.append(f"年度“{year}”无效")
    if not isinstance(edition, str) or edition not in EDITIONS:
        problems.append(f"格式版本“{edition}”无法识别")
    return problems
