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
from decimal import Decimal
from functools import lru_cache

Number = int | Decimal


@dataclass(frozen=True)
class Quantity:
    id: str  # key of Edition.quoted_totals
    label: str  # what the text is said to state: “正文称{label} N 件”
    patterns: tuple[str, ...]  # group 1 is the number; compiled on first use by ``re``'s cache
    zero_patterns: tuple[str, ...] = ()  # phrasings that state 0 (“未收到…申请”)
    unit: str = "件"  # an amount: group 2 is its unit, 元 or 万元, and the claim is in 万元


# A short stretch within one clause, with no digits and no mention of 复议/诉讼
# (“收到行政复议申请1件” is not an application for government information).
_GAP = r"(?:(?!复议|诉讼)[^。；;，,、\d]){0,12}?"
_NUMERAL = "〇零一二两三四五六七八九十百千万"
_N = rf"(\d+|[{_NUMERAL}]+)\s*(?:件|个|起|宗|份)"
_NONE = r"(?:未|没有)"

# A line broken inside a sentence (a PDF's text layer, a crawl) joins again: “受理政府\n信息公开申请 17 件”.
_LINE_BREAK_IN_WORD = re.compile(r"(?<=[^。；;：:！？!?\s])\n(?=\S)")

QUANTITIES = (
    Quantity(
        "new",
        "收到政府信息公开申请",
        (
            rf"(?:新收|收到|受理|接收|办理){_GAP}申请{_GAP}{_N}",
            rf"(?:新收|收到|受理|接收){_GAP}{_N}{_GAP}申请",
        ),
        (rf"{_NONE}(?:收到|受理|接收){_GAP}申请",),
    ),
    Quantity("carried_in", "上年结转申请", (rf"上年(?:度)?结转{_GAP}{_N}",), (r"无上年(?:度)?结转",)),
    Quantity(
        "result_total",
        "办结申请",
        (rf"办结{_GAP}{_N}", rf"{_N}{_GAP}办结", rf"(?:答复|回复)(?:依)?申请{_GAP}{_N}"),
        (r"无(?:已)?办结",),
    ),
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
        (rf"{_NONE}(?:发生|收到|出现|涉及)[^。；;]{{0,20}}行政复议", r"无(?:行政)?复议"),
    ),
    Quantity(
        "litigation",
        "行政诉讼",
        (r"行政诉讼[^。；;，,、\d]{0,12}?" + _N,),
        (
            rf"{_NONE}(?:发生|收到|出现|涉及)[^。；;]{{0,20}}行政诉讼",
            r"无(?:行政)?(?:复议、|复议和|复议及)?(?:行政)?诉讼",
        ),
    ),
    Quantity(
        "fees",
        "收费金额",
        (r"行政事业性?收费[^。；;，,、\d]{0,12}?(\d+(?:\.\d+)?)\s*(万元|元)",),
        (r"未收取[^。；;，,、\d]{0,4}行政事业性?收费",),
        unit="万元",
    ),
)


_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_number(text: str) -> int | None:
    """``12`` / ``十二`` / ``两`` / ``一百零三`` / ``二〇二`` → the number; None if it is not one."""
    if text.isdigit():
        return int(text)
    if "万" in text:
        high, _, low = text.partition("万")
        high_value = chinese_number(high) if high else 1
        low_value = chinese_number(low) if low else 0
        return None if high_value is None or low_value is None else high_value * 10000 + low_value
    if not any(c in _UNITS for c in text):  # 二〇二: digit by digit
        digits = [_DIGITS.get(c) for c in text]
        return None if None in digits or not digits else int("".join(str(d) for d in digits))
    total, digit = 0, None
    for c in text:
        if c in _DIGITS:
            digit = _DIGITS[c]
        elif c in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[c]
            digit = None
        else:
            return None
    return total + (digit or 0)


def _number(quantity: Quantity, match: re.Match[str]) -> Number | None:
    if quantity.unit == "件":
        return chinese_number(match.group(1))
    amount = Decimal(match.group(1))
    return amount / 10000 if match.group(2) == "元" else amount


@lru_cache(maxsize=64)
def claims(text: str) -> dict[str, Number]:
    """quantity id -> the number the text states for it (the first statement wins)."""
    text = _LINE_BREAK_IN_WORD.sub("", unicodedata.normalize("NFKC", text))
    found: dict[str, Number] = {}
    for q in QUANTITIES:
        best: tuple[int, Number] | None = None  # (position, number)
        for pattern, zero in [(p, False) for p in q.patterns] + [(p, True) for p in q.zero_patterns]:
            m = re.search(pattern, text)
            if m and (best is None or m.start() < best[0]):
                number = 0 if zero else _number(q, m)
                if number is not None:
                    best = (m.start(), number)
        if best is not None:
            found[q.id] = best[1]
    return found
