"""One normaliser for every number a clerk types, pastes or imports.

Full-width digits from a Chinese IME, thousands separators from Excel and
surrounding spaces are accepted, and so is a sum as Excel computes it (``=60+4``,
``＝６０－４``: numbers, plus and minus only; the result is the value, the
formula is not kept); anything that is not plainly a number is rejected with a
Chinese reason.  Nothing is coerced silently.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from nianbao.spec import CellKind

MAX_DECIMALS = 6  # real reports give fees to 6 decimals of 万元
MAX_DIGITS = 15
MAX_TERMS = 100  # numbers in one formula
FORMULA_ONLY = "公式只能包含数字和加减号（例如 =60+4）"

_MINUS_SIGNS = "−－﹣"  # U+2212 and friends NFKC leaves alone
_DASHES = "—–―─"
# ASCII digits only: NFKC turns full-width digits into ASCII, but leaves other scripts' digits alone.
_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$", re.ASCII)
_PLAIN = re.compile(r"^\d+(\.\d+)?$", re.ASCII)
_OPERAND = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_FORMULA = re.compile(rf"[-+]?{_OPERAND}(?:[-+]{_OPERAND})*", re.ASCII)
_TERM = re.compile(rf"([-+]?)({_OPERAND})", re.ASCII)


class InputRejected(ValueError):
    """A text that is not a valid value for the cell; ``reason`` is for the clerk."""

    def __init__(self, text: str, reason: str):
        super().__init__(reason)
        self.text = text
        self.reason = reason


def normalize_text(text: str) -> str:
    """NFKC (full-width digits, ，and spaces become ASCII), trimmed."""
    text = unicodedata.normalize("NFKC", text)
    for sign in _MINUS_SIGNS:
        text = text.replace(sign, "-")
    return text.strip()


# a sign alone, a separator typed before its digits, a formula before its first number or after an operator
_INCOMPLETE = re.compile(r"^[-+]$|\d[.,]$|^=\s*[-+]?$|^=.*[-+]$")


def is_incomplete(text: str) -> bool:
    """A number still being typed (``-``, ``1,``, ``3.``): not complained about until it is entered."""
    return bool(_INCOMPLETE.search(normalize_text(text)))


def parse_value(text: str, kind: CellKind) -> int | Decimal | None:
    """The value of ``text`` for a cell of ``kind``; ``None`` for a blank cell."""
    s = normalize_text(text)
    if not s:
        return None
    if s.startswith("="):
        return _formula(text, s[1:], kind)
    return _number(text, s, kind)


def _number(text: str, s: str, kind: CellKind) -> int | Decimal:
    """The value of the normalised, non-blank ``s`` (what the clerk wrote: ``text``)."""
    sign = ""
    if s[0] in "+-":
        sign, s = s[0], s[1:].strip()
    if _THOUSANDS.match(s):
        s = s.replace(",", "")
    elif not _PLAIN.match(s):
        raise InputRejected(text, _why_not_a_number(s))
    if sign == "-" and not kind.allows_negative and s.strip("0.") != "":
        raise InputRejected(text, "不能为负数")
    whole, _, fraction = s.partition(".")
    if len(whole.lstrip("0")) > MAX_DIGITS:
        raise InputRejected(text, "数字位数过多，请核对")
    if kind.is_integer:
        if fraction.strip("0"):
            raise InputRejected(text, "应填写整数")
        count = int(whole)
        return -count if sign == "-" else count
    if len(fraction) > MAX_DECIMALS:
        raise InputRejected(text, f"小数位数过多（最多 {MAX_DECIMALS} 位）")
    try:
        decimal = Decimal(s)
        return -decimal if sign == "-" and decimal else decimal  # never a negative zero
    except InvalidOperation:  # pragma: no cover - the patterns above admit only valid decimals
        raise InputRejected(text, "不是有效的数字") from None


def _formula(text: str, body: str, kind: CellKind) -> int | Decimal:
    """``=60+4``: numbers added and subtracted exactly (no eval); the result must suit the cell."""
    expression = re.sub(r"\s+", "", body)
    if not expression:
        raise InputRejected(text, "“=”后面应写算式，例如 =60+4")
    if not _FORMULA.fullmatch(expression):
        raise InputRejected(text, FORMULA_ONLY)
    terms = _TERM.findall(expression)
    if len(terms) > MAX_TERMS:
        raise InputRejected(text, f"公式过长（最多 {MAX_TERMS} 个数）")
    total = Decimal(0)
    for sign, operand in terms:
        digits = operand.replace(",", "")
        whole, _, fraction = digits.partition(".")
        if len(whole.lstrip("0")) > MAX_DIGITS:
            raise InputRejected(text, "公式中的数字位数过多，请核对")
        if len(fraction) > MAX_DECIMALS:
            raise InputRejected(text, f"公式中的数字小数位数过多（最多 {MAX_DECIMALS} 位）")
        total += -Decimal(digits) if sign == "-" else Decimal(digits)  # exact: far below Decimal's 28 digits
    result = format(total, "f")
    try:
        return _number(text, result, kind)
    except InputRejected as e:
        raise InputRejected(text, f"公式的结果是 {result}，{e.reason}") from None


# What a money amount can be written in, in 元; counts may carry their measure word.
MONEY_UNITS = {"元": Decimal(1), "万元": Decimal(10000)}
COUNT_UNITS = ("件", "个", "项", "次", "起", "条", "宗")
_WITH_UNIT = re.compile(r"^(.*?\d)\s*(万元|元|件|个|项|次|起|条|宗)$")


@dataclass(frozen=True)
class Reading:
    """A number as a published report wrote it."""

    value: int | Decimal | None
    unit: str = ""  # the unit written after the number ("万元", "元", "件"), "" when none
    kind_unit: str = ""  # the unit the cell keeps its value in ("" for counts)

    @property
    def converted(self) -> bool:
        """The value was converted from the written money unit into the cell's."""
        return self.unit in MONEY_UNITS and self.unit != self.kind_unit


def read_published(text: str, kind: CellKind) -> Reading:
    """``text`` read as :func:`parse_value` does, and also with the unit real reports write after the number:
    ``5件``, ``7730.28万元``, ``75394432.52元``.  A money amount written in the other unit than the cell's
    (``102339.45万元`` where the cell is in 元) is converted exactly; a count never takes a money unit."""
    match = _WITH_UNIT.match(normalize_text(text))
    if match is None:
        return Reading(parse_value(text, kind), kind_unit=kind.unit)
    number, unit = match.groups()
    if unit not in MONEY_UNITS:
        if kind.unit:
            raise InputRejected(text, f"单位“{unit}”不是金额的单位（应为{kind.unit}）")
        return Reading(parse_value(number, kind), unit, kind.unit)
    if not kind.unit:
        raise InputRejected(text, f"应为件数，不是金额（{unit}）")
    amount = parse_value(number, CellKind.AMOUNT)
    if amount is None or unit == kind.unit:
        return Reading(amount, unit, kind.unit)
    value = _exact(Decimal(amount) * MONEY_UNITS[unit] / MONEY_UNITS[kind.unit])
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_DECIMALS:
        raise InputRejected(text, f"换算为{kind.unit}后小数位数过多（最多 {MAX_DECIMALS} 位）")
    return Reading(value, unit, kind.unit)


def _exact(value: Decimal) -> Decimal:
    """No trailing zeros from a conversion (1023394500, not 1023394500.00), never an exponent."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _why_not_a_number(s: str) -> str:
    if s in ("/", "\\") or all(ch in _DASHES + "-/" for ch in s):
        return f"“{s}”不是数字；没有发生的请填 0"
    if "," in s:
        return "千分位逗号位置不对，请核对"
    if re.search(r"[一二三四五六七八九十百千万零〇两]", s) and not re.search(r"\d", s):
        return "请用阿拉伯数字填写"
    if re.match(r"^-?[\d.,]+\s*(万元|元|件|个|项|次|起)$", s):
        return "请只填写数字，单位已在表头中"
    if s.count(".") > 1:
        return "小数点多于一个"
    return f"“{s}”不是数字"


def format_value(value: object) -> str:
    """The text a cell shows for a value: plain digits, decimals as entered."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    text = getattr(value, "text", None)
    return text if text is not None else str(value)
