"""Cell values and whole reports as stored: JSON text, never floats."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from nianbao import exchange
from nianbao.model import Report, Unparsed, Value
from nianbao.spec import CellKind


def encode_value(value: Value) -> tuple[str, str | None]:
    """(JSON text, the reason when the value is an :class:`Unparsed` text)."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, Unparsed)):
        raise TypeError(f"单元格的值应为整数、Decimal 或 Unparsed，而不是 {type(value).__name__}")
    reason = value.reason if isinstance(value, Unparsed) else None
    return json.dumps(exchange.value_to_json(value), ensure_ascii=False), reason


def decode_value(text: str, reason: str | None, kind: CellKind) -> Value:
    raw = json.loads(text)
    if reason is not None:
        return Unparsed(str(raw), reason)
    return exchange.value_from_json(raw, kind)


def report_to_json(report: Report) -> str:
    """The exchange format, plus the reasons of unparsed cells (the exchange format drops them)."""
    data: dict[str, Any] = exchange.to_dict(report)
    data["unparsed"] = {k: v.reason for k, v in report.values.items() if isinstance(v, Unparsed)}
    return json.dumps(data, ensure_ascii=False)


def report_from_json(text: str) -> Report:
    data = json.loads(text)
    report = exchange.from_dict(data, "快照")
    for key, reason in (data.get("unparsed") or {}).items():
        report.values[key] = Unparsed(str(data["values"][key]), reason)
    return report
