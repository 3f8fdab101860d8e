"""Cell values and whole reports as stored: JSON text, never floats.

What is read back goes through the same bounded JSON reader as an imported file
(:func:`nianbao.exchange.parse_json`): a damaged or hostile cell or snapshot
raises :class:`~nianbao.exchange.ExchangeError`, never anything else.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from nianbao import exchange
from nianbao.exchange import ExchangeError
from nianbao.model import Report, Unparsed, Value
from nianbao.numbers import MAX_DIGITS
from nianbao.spec import CellKind

# What encode_value writes for a count: read back without the JSON parser (a save reads every cell).
_PLAIN_COUNT = re.compile(rf"0|[1-9][0-9]{{0,{MAX_DIGITS - 1}}}")


def encode_value(value: Value) -> tuple[str, str | None]:
    """(JSON text, the reason when the value is an :class:`Unparsed` text)."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, Unparsed)):
        raise TypeError(f"单元格的值应为整数、Decimal 或 Unparsed，而不是 {type(value).__name__}")
    reason = value.reason if isinstance(value, Unparsed) else None
    return json.dumps(exchange.value_to_json(value), ensure_ascii=False), reason


def decode_value(text: object, reason: object, kind: CellKind) -> Value:
    """The stored value; :class:`ExchangeError` when the stored text cannot be read."""
    if reason is None and kind.is_integer and isinstance(text, str) and _PLAIN_COUNT.fullmatch(text):
        return int(text)
    if not isinstance(text, str) or not (reason is None or isinstance(reason, str)):
        raise ExchangeError("单元格的内容不是文字")
    raw = exchange.parse_json(text, "单元格")
    if reason is not None:
        return Unparsed(str(raw), reason)
    return exchange.value_from_json(raw, kind)


def report_to_json(report: Report) -> str:
    """The exchange format, plus the reasons of unparsed cells (the exchange format drops them)."""
    data: dict[str, Any] = exchange.to_dict(report)
    data["unparsed"] = {k: v.reason for k, v in report.values.items() if isinstance(v, Unparsed)}
    return json.dumps(data, ensure_ascii=False)


def report_from_json(text: object) -> Report:
    """A snapshot's report; :class:`ExchangeError` when it cannot be read."""
    if not isinstance(text, str):
        raise ExchangeError("快照的内容不是文字")
    data = exchange.parse_json(text, "快照")
    report = exchange.from_dict(data, "快照")
    unparsed = data.get("unparsed") or {}
    if not isinstance(unparsed, dict):
        raise ExchangeError("快照中原样保留的单元格（unparsed）不是对象")
    values = data.get("values") or {}
    for key, reason in unparsed.items():
        raw = values.get(key)
        if key not in report.spec.cells_by_key or not isinstance(reason, str) or raw is None:
            raise ExchangeError(f"快照中原样保留的单元格“{key[:40]}”无效")
        report.values[key] = Unparsed(str(raw), reason)
    return report
