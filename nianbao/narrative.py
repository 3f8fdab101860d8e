"""Numbers quoted in the narrative (T1): “收到政府信息公开申请12件，办结10件…”.

Evaluators most often catch a text that contradicts the tables, so the checker
compares these claims with the table totals the edition names for each
quantity (``Edition.quoted_totals``).  Only plain phrasings are recognised; a
sentence the patterns miss is simply not checked.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Quantity:
    id: str  # key of Edition.quoted_totals
    label: str  # what the text is said to state: “正文称{label} N 件”
    patterns: tuple[str, ...]  # group 1 is the number; compiled on first use by ``re``'s cache
    zero_patterns: tuple[str, ...] = ()  # phrasings that state 0 (“未收到…申请”)


# A short stretch within one clause, with no digits and no mention of 复议/诉讼
# (“收到行政复议申请1件” is not an application for government information).
_GAP = r"(?:(?!复议|诉讼)[^。；;，,、\d]){0,12}?"
_N = r"(\d+)\s*(?:件|个|起|宗)"
_NONE = r"(?:未|没有)"

QUANTITIES = (
    Quantity(
        "new",
        "收到政府信息公开申请",
        (rf"(?:新收|收到|受理|接收){_GAP}申请{_GAP}{_N}", rf"(?:新收|收到|受理|接收){_GAP}{_N}{_GAP}申请"),
        (rf"{_NONE}(?:收到|受理|接收){_GAP}申请",),
    ),
    Quantity("carried_in", "上年结转申请", (rf"上年(?:度)?结转{_GAP}{_N}",), (r"无上年(?:度)?结转",)),
    Quantity("result_total", "办结申请", (rf"办结{_GAP}{_N}", rf"{_N}{_GAP}办结"), (r"无(?:已)?办结",)),
    Quantity(
        "carried_out",
        "结转下年度继续办理",
        (rf"结转(?:至|到)?下(?:一)?年(?:度)?{_GAP}{_N}", rf"{_N}{_GAP}结转(?:至|到)?下(?:一)?年"),
        (r"无(?:需)?结转(?:至|到)?下(?:一)?年",),
    ),
    Quantity(
        "review",
        "行政复议",
        (r"行政复议[^。；;，,、\d]{0,12}?" + _N,),
        (rf"{_NONE}(?:发生|收到|出现|涉及)[^。；;]{{0,20}}行政复议",),
    ),
    Quantity(
        "litigation",
        "行政诉讼",
        (r"行政诉讼[^。；;，,、\d]{0,12}?" + _N,),
        (rf"{_NONE}(?:发生|收到|出现|涉及)[^。；;]{{0,20}}行政诉讼",),
    ),
)


@lru_cache(maxsize=64)
def claims(text: str) -> dict[str, int]:
    """quantity id -> the number the text states for it (the first statement wins)."""
    text = unicodedata.normalize("NFKC", text)
    found: dict[str, int] = {}
    for q in QUANTITIES:
        best: tuple[int, int] | None = None  # (position, number)
        for pattern, zero in [(p, False) for p in q.patterns] + [(p, True) for p in q.zero_patterns]:
            m = re.search(pattern, text)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), 0 if zero else int(m.group(1)))
        if best is not None:
            found[q.id] = best[1]
    return found
