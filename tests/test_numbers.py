"""The one input normaliser: what a clerk types, pastes or imports becomes a number or a Chinese reason."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nianbao.numbers import InputRejected, format_value, is_incomplete, parse_value
from nianbao.spec import CellKind

COUNT, SIGNED, FEE = CellKind.COUNT, CellKind.SIGNED, CellKind.FEE

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("123", COUNT, 123),
        ("１２３", COUNT, 123),  # Chinese IME
        (" 12 ", COUNT, 12),
        ("\u300012\u3000", COUNT, 12),  # ideographic spaces
        ("1,234", COUNT, 1234),
        ("1，234", COUNT, 1234),  # full-width comma
        ("１，２３４，５６７", COUNT, 1234567),
        ("0", COUNT, 0),
        ("", COUNT, None),
        ("   ", COUNT, None),
        ("-5", SIGNED, -5),
        ("－５", SIGNED, -5),
        ("−5", SIGNED, -5),  # U+2212
        ("+3", SIGNED, 3),
        ("24252.311082", FEE, Decimal("24252.311082")),
        ("０.５", FEE, Decimal("0.5")),
        ("1,234.50", FEE, Decimal("1234.50")),
        ("12.0", COUNT, 12),
    ],
)
def test_accepted(text, kind, expected):
    value = parse_value(text, kind)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize(
    ("text", "kind", "reason"),
    [
        ("abc", COUNT, "不是数字"),
        ("/", COUNT, "没有发生的请填 0"),
        ("—", COUNT, "没有发生的请填 0"),
        ("-3", COUNT, "不能为负数"),
        ("－３", COUNT, "不能为负数"),
        ("1.5", COUNT, "应填写整数"),
        ("1.2345678", FEE, "小数位数过多"),
        ("12,34", COUNT, "千分位"),
        ("三", COUNT, "阿拉伯数字"),
        ("12件", COUNT, "单位已在表头中"),
        ("5万元", FEE, "单位已在表头中"),
        ("1.2.3", FEE, "小数点多于一个"),
        ("1e5", COUNT, "不是数字"),
        ("-0.5", FEE, "不能为负数"),
        ("9" * 16, COUNT, "位数过多"),
    ],
)
def test_rejected_with_a_chinese_reason(text, kind, reason):
    with pytest.raises(InputRejected) as info:
        parse_value(text, kind)
    assert reason in info.value.reason
    assert info.value.text == text


@given(st.integers(min_value=0, max_value=10**12))
def test_full_width_and_grouped_counts_round_trip(n):
    assert parse_value(str(n).translate(FULL_WIDTH), COUNT) == n
    assert parse_value(f"{n:,}", COUNT) == n
    assert parse_value(format_value(n), COUNT) == n


@given(st.decimals(min_value=0, max_value=10**9, places=6, allow_nan=False, allow_infinity=False))
def test_fees_are_exact(d):
    assert parse_value(format_value(d), FEE) == d


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("=60+4", COUNT, 64),
        ("=12+8-3", COUNT, 17),
        ("＝６０＋４", COUNT, 64),  # full-width, from a Chinese IME
        ("＝６０－４", COUNT, 56),
        ("=60−4", COUNT, 56),  # U+2212
        (" = 1,234 + 5 ", COUNT, 1239),
        ("=-3+5", COUNT, 2),
        ("=1-5", SIGNED, -4),
        ("=0.1+0.2", FEE, Decimal("0.3")),
        ("=1.5+1.5", COUNT, 3),  # the result is what must be whole, as in Excel
        ("=5", COUNT, 5),
        ("=-0.0", FEE, Decimal("0.0")),  # never a negative zero
    ],
)
def test_a_sum_is_computed(text, kind, expected):
    value = parse_value(text, kind)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize(
    ("text", "kind", "reason"),
    [
        ("=3*4", COUNT, "公式只能包含数字和加减号"),
        ("=3×4", COUNT, "公式只能包含数字和加减号"),
        ("=A1+2", COUNT, "公式只能包含数字和加减号"),
        ("=(1+2)", COUNT, "公式只能包含数字和加减号"),
        ("=1++2", COUNT, "公式只能包含数字和加减号"),
        ("=60+", COUNT, "公式只能包含数字和加减号"),
        ("=1e5", COUNT, "公式只能包含数字和加减号"),
        ("=__import__('os')", COUNT, "公式只能包含数字和加减号"),
        ("=", COUNT, "后面应写算式"),
        ("=1.5+1", COUNT, "公式的结果是 2.5，应填写整数"),
        ("=1-5", COUNT, "公式的结果是 -4，不能为负数"),
        ("=0.5-1", FEE, "不能为负数"),
        ("=" + "9" * 16 + "+1", COUNT, "位数过多"),
        ("=" + "9" * 15 + "+1", COUNT, "公式的结果是 1000000000000000，数字位数过多"),
        ("=1.1234567+1", FEE, "小数位数过多"),
        ("=" + "+".join(["1"] * 101), COUNT, "公式过长"),
    ],
)
def test_anything_else_after_the_equals_sign_is_refused_with_its_reason(text, kind, reason):
    with pytest.raises(InputRejected) as info:
        parse_value(text, kind)
    assert reason in info.value.reason
    assert info.value.text == text


@given(st.lists(st.integers(min_value=-(10**9), max_value=10**9), min_size=1, max_size=20), st.booleans())
def test_a_sum_of_integers_is_exact(numbers, full_width):
    text = "=" + "".join(f"{n:+d}" for n in numbers)
    if full_width:
        text = text.translate(FULL_WIDTH).replace("+", "＋").replace("-", "－").replace("=", "＝")
    assert parse_value(text, SIGNED) == sum(numbers)
    if sum(numbers) >= 0:
        assert parse_value(text, COUNT) == sum(numbers)
    else:
        with pytest.raises(InputRejected, match="不能为负数"):
            parse_value(text, COUNT)


@given(st.lists(st.decimals(min_value=0, max_value=10**6, places=6, allow_nan=False), min_size=1, max_size=10))
def test_a_sum_of_fees_is_exact(amounts):
    assert parse_value("=" + "+".join(format_value(a) for a in amounts), FEE) == sum(amounts)


@pytest.mark.parametrize("text", ["=", "=60+", "=60-", "＝６０＋", "=-"])
def test_a_formula_still_being_typed_is_incomplete(text):
    assert is_incomplete(text)
    assert not is_incomplete("=60+4")
