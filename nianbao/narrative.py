"""Numbers quoted in the narrative (T1): “收到政府信息公开申请12件，办结10件…”.

Evaluators most often catch a text that contradicts the tables, so the
checker compares these claims with the table totals.  Only plain phrasings are
recognised; a sentence the patterns miss is simply not checked.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Quantity:
    id: str
    label: str  # for messages: “正文称{label} N 件”
    keys: tuple[str, ...]  # the table cells whose sum the text quotes
    patterns: tuple[str, ...]
    zero_patterns: tuple[str, ...] = ()


_GAP = r"[^。；;，,、\d]{0,12}?"  # a short stretch within one clause, no digits
_N = r"(\d+)\s*(?:件|个|起|宗)"


def _p(*patterns: str) -> tuple[str, ...]:
    return patterns  # compiled on first use by ``re``'s own cache: importing stays cheap


QUANTITIES = (
    Quantity(
        "new",
        "本年新收政府信息公开申请",
        ("t3.new.total",),
        _p(rf"(?:新收|收到|受理|接收){_GAP}申请{_GAP}{_N}", rf"(?:新收|收到|受理|接收){_GAP}{_N}{_GAP}申请"),
        _p(r"(?:未|没有)(?:收到|受理|接收)[^。；;]{0,12}申请"),
    ),
    Quantity("carried_in", "上年结转申请", ("t3.carried_in.total",), _p(rf"上年(?:度)?结转{_GAP}{_N}")),
    Quantity("result_total", "办结申请", ("t3.result_total.total",), _p(rf"办结{_GAP}{_N}", rf"{_N}{_GAP}办结")),
    Quantity(
        "carried_out",
        "结转下年度继续办理",
        ("t3.carried_out.total",),
        _p(rf"结转(?:至|到)?下(?:一)?年(?:度)?{_GAP}{_N}", rf"{_N}{_GAP}结转(?:至|到)?下(?:一)?年"),
    ),
    Quantity(
        "review",
        "行政复议",
        ("t4.review.total",),
        _p(rf"行政复议{_GAP}{_N}"),
        _p(r"(?:未|没有)(?:发生|收到|出现|涉及)[^。；;]{0,20}行政复议"),
    ),
    Quantity(
        "litigation",
        "行政诉讼",
        ("t4.direct.total", "t4.after_review.total"),
        _p(rf"行政诉讼{_GAP}{_N}"),
        _p(r"(?:未|没有)(?:发生|收到|出现|涉及)[^。；;]{0,20}行政诉讼"),
    ),
)


@lru_cache(maxsize=64)
def claims(text: str) -> dict[str, int]:
    """quantity id -> the number the text states for it (the first statement wins)."""
    text = unicodedata.normalize("NFKC", text)
    found: dict[str, int] = {}
    for q in QUANTITIES:
        best: tuple[int, int] | None = None  # (position, number)
        for pattern in q.patterns:
            m = re.search(pattern, text)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), int(m.group(1)))
        for pattern in q.zero_patterns:
            m = re.search(pattern, text)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), 0)
        if best is not None:
            found[q.id] = best[1]
    return found
