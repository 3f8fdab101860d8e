"""The JSON exchange format for one report (documented in docs/exchange-format.md)."""

from __future__ import annotations

import json
import os
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, BinaryIO

from nianbao.editions import EDITIONS, year_problem
from nianbao.file_writing import os_error_reason, write_atomically
from nianbao.model import Report, Unparsed, Value
from nianbao.numbers import InputRejected, format_value, parse_value
from nianbao.spec import CellKind

FORMAT_NAME = "nianbao-report"
# 2: a text section may hold bound data paragraphs, one marker line each (``{{数据:依申请公开}}``,
#    nianbao/drafting.py) — a reference to the tables, never a copy of their numbers.  Version 1 is still read.
FORMAT_VERSION = 2

# Bounds on what is read, so that a hostile or broken file is refused at once instead of
# taking gigabytes: ``1e999999999`` is eleven characters that expand to a billion digits.
MAX_FILE_BYTES = 5 * 1024 * 1024  # a real report is 10–60 KB
MAX_NESTING = 16  # a report needs 3 levels (file, values, a value kept verbatim as [1])
MAX_NUMBER_CHARS = 40  # digits of a number as written, and its decimal exponent
_SURROGATE = re.compile("[\ud800-\udfff]")  # after json.loads only lone ones are left


class ExchangeError(ValueError):
    """A file that cannot be read as a report; the message is for the clerk."""


class _OverLimit(Exception):
    """Raised inside the JSON parser's number hooks; becomes an ExchangeError."""


def _versions_known() -> str:
    return "1" if FORMAT_VERSION == 1 else f"1–{FORMAT_VERSION}"


def to_dict(report: Report) -> dict[str, Any]:
    spec = report.spec
    values: dict[str, Any] = {}
    for key in spec.keys:  # document order, so diffs of two files read well
        value = report.values.get(key)
        if value is None:
            continue
        values[key] = value_to_json(value)
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "edition": report.edition,
        "agency": report.agency,
        "year": report.year,
        "title": report.title,
        "preamble": report.preamble,
        "sections": {s.id: report.text(s.id) for s in spec.text_sections},
        "values": values,
    }


def value_to_json(value: Value) -> Any:
    if isinstance(value, Unparsed):
        return value.text
    if isinstance(value, Decimal):
        return format_value(value)  # a string: JSON numbers would go through float
    return value


def from_dict(data: Any, source: str = "该文件") -> Report:
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise ExchangeError(f'{source}不是年报助手的报告文件（缺少 "format": "{FORMAT_NAME}"）')
    version = data.get("version")
    if not isinstance(version, int) or version > FORMAT_VERSION or version < 1:
        raise ExchangeError(
            f"{source}的文件格式版本为 {_shown(version)}，本程序只能读取第 {_versions_known()} 版；请升级年报助手后再打开"
        )
    edition = data.get("edition")
    if not isinstance(edition, str) or edition not in EDITIONS:
        raise ExchangeError(f"{source}的格式版本“{_shown(edition)}”无法识别（可用：{'、'.join(EDITIONS)}）")
    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool):
        raise ExchangeError(f"{source}的年度“{_shown(year)}”无效")
    problem = year_problem(year)
    if problem:
        raise ExchangeError(f"{source}的年度“{year}”无效：{problem}")
    sections = data.get("sections") or {}
    values = data.get("values") or {}
    if not isinstance(sections, dict) or not isinstance(values, dict):
        raise ExchangeError(f"{source}的 sections 或 values 不是对象")
    report = Report(
        agency=_text(data, "agency", source),
        year=year,
        edition=edition,
        title=_text(data, "title", source),
        preamble=_text(data, "preamble", source),
    )
    for section in report.spec.text_sections:
        text = sections.get(section.id) or ""
        if not isinstance(text, str):
            raise ExchangeError(f"{source}的 sections 中“{section.id}”应为文字")
        report.texts[section.id] = text
    cells = report.spec.cells_by_key
    unknown = sorted(set(values) - set(cells))
    if unknown:
        raise ExchangeError(f"{source}含有{edition}版格式中不存在的单元格：{'、'.join(unknown[:5])}")
    for key, raw in values.items():
        report.set(key, value_from_json(raw, cells[key].kind))
    return report


def _shown(value: Any) -> str:
    """A value of the file as the clerk may read it in a message: short, whatever it is."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:40] + "…"


def _text(data: dict[str, Any], name: str, source: str) -> str:
    value = data.get(name) or ""
    if not isinstance(value, str):
        raise ExchangeError(f"{source}的 {name} 应为文字")
    return value


def value_from_json(raw: Any, kind: CellKind) -> Value:
    """A JSON value through the one input normaliser; what it rejects is kept verbatim as Unparsed."""
    if raw is None:
        return None
    if isinstance(raw, str):
        text = raw
    elif isinstance(raw, (int, Decimal)) and not isinstance(raw, bool):
        text = format_value(raw)
    else:  # true, [1], {…}: shown to the clerk as written in the file
        text = json.dumps(raw, ensure_ascii=False, default=str)
    try:
        return parse_value(text, kind)
    except InputRejected as rejected:
        return Unparsed(text, rejected.reason)


def dumps(report: Report) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=2) + "\n"


def parse_json(text: str, source: str = "该文件") -> Any:
    """JSON within the bounds above; every refusal is an :class:`ExchangeError` with the reason.

    Numbers are read exactly (``Decimal``, never a float); a number, the nesting or the size
    beyond its bound, a lone UTF-16 surrogate (``\\ud800``, which no file can store) and
    broken JSON are refused.  Used for files and for what the store keeps as JSON.
    """
    if len(text) > MAX_FILE_BYTES:
        raise ExchangeError(f"{source}的大小超过上限（最多 {MAX_FILE_BYTES // 2**20} MB）")
    try:
        data = json.loads(text, parse_float=_decimal, parse_int=_integer, parse_constant=str)
    except _OverLimit as e:
        raise ExchangeError(f"{source}中的数字“{e}”超过上限（最多 {MAX_NUMBER_CHARS} 位）") from None
    except RecursionError:
        raise ExchangeError(f"{source}中 JSON 的嵌套层数超过上限（最多 {MAX_NESTING} 层）") from None
    except json.JSONDecodeError as e:
        raise ExchangeError(f"{source}不是有效的 JSON（第 {e.lineno} 行第 {e.colno} 列）") from None
    _check_strings_and_nesting(data, source)
    return data


def _integer(literal: str) -> int:
    if len(literal.lstrip("-")) > MAX_NUMBER_CHARS:
        raise _OverLimit(literal[:20] + "…")
    return int(literal)


def _decimal(literal: str) -> Decimal:
    if len(literal) > MAX_NUMBER_CHARS:
        raise _OverLimit(literal[:20] + "…")
    try:
        number = Decimal(literal)
    except InvalidOperation:  # pragma: no cover - the JSON grammar admits only valid decimals
        raise _OverLimit(literal) from None
    if abs(number.adjusted()) > MAX_NUMBER_CHARS:  # 1e999999999: short to write, a billion digits
        raise _OverLimit(literal)
    return number


def _check_strings_and_nesting(data: Any, source: str) -> None:
    pending: list[tuple[Any, int, str]] = [(data, 1, "")]
    while pending:
        value, depth, where = pending.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                place = f"的 {where} " if where else ""
                raise ExchangeError(f"{source}{place}中有无效的字符（单独的 UTF-16 代理项），无法读取")
            continue
        if not isinstance(value, (dict, list)):
            continue
        if depth > MAX_NESTING:
            raise ExchangeError(f"{source}中 JSON 的嵌套层数超过上限（最多 {MAX_NESTING} 层）")
        if isinstance(value, dict):
            for key, item in value.items():
                inner = f"{where}.{key}" if where else key
                pending.append((key, depth, inner))
                pending.append((item, depth + 1, inner))
        else:
            pending.extend((item, depth + 1, where) for item in value)


def loads(text: str, source: str = "该文件") -> Report:
    return from_dict(parse_json(text, source), source)


def save(report: Report, path: str | os.PathLike[str]) -> None:
    """Write atomically: a crash leaves either the old file or the new one.  Raises OSError."""
    text = dumps(report).encode("utf-8")

    def write(f: BinaryIO) -> None:
        f.write(text)

    write_atomically(path, write)


def load(path: str | os.PathLike[str]) -> Report:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ExchangeError(f"“{path.name}”的大小超过上限（最多 {MAX_FILE_BYTES // 2**20} MB）")
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ExchangeError(f"找不到文件：{path}") from None
    except UnicodeDecodeError:
        raise ExchangeError(f"“{path.name}”不是 UTF-8 编码的 JSON 文件") from None
    except OSError as e:
        raise ExchangeError(f"“{path.name}”无法读取：{os_error_reason(e)}") from None
    return loads(text, f"“{path.name}”")
