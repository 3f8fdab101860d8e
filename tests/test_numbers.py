"""The one input normaliser: what a clerk types, pastes or imports becomes a number or a Chinese reason."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nianbao.numbers import InputRejected, format_value, parse_value
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
