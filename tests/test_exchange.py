"""The versioned JSON exchange format."""

from __future__ import annotations

import json
import random
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao import exchange
from nianbao.model import Unparsed
from nianbao.samples import consistent_report


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["2021", "2019"]), st.randoms(use_true_random=False))
def test_round_trip(tmp_path_factory, edition, rng):
    report = consistent_report(edition, rng=rng)
    report.texts["一"] += "\n含“引号”、\\反斜杠和 emoji 🙂"
    path = tmp_path_factory.mktemp("x") / "r.json"
    exchange.save(report, path)
    again = exchange.load(path)
    assert exchange.to_dict(again) == exchange.to_dict(report)
    assert again.values == report.values


def test_decimals_are_strings_and_exact(tmp_path):
    report = consistent_report("2021", rng=random.Random(1))
    report.values["t2.fees.amount"] = Decimal("24252.311082")
    path = tmp_path / "r.json"
    exchange.save(report, path)
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["values"]["t2.fees.amount"] == "24252.311082"
    assert raw["format"] == "nianbao-report" and raw["version"] == 1
    assert exchange.load(path).values["t2.fees.amount"] == Decimal("24252.311082")


def test_blank_cells_are_absent_and_unparsed_text_is_kept(tmp_path):
    report = consistent_report("2019", rng=random.Random(1))
    report.set("t3.new.natural", None)
    report.values["t3.new.legal"] = Unparsed("/", "x")
    again = exchange.loads(exchange.dumps(report))
    assert "t3.new.natural" not in again.values
    assert again.values["t3.new.legal"] == Unparsed("/", "“/”不是数字；没有发生的请填 0")


def minimal(**changes) -> str:
    data = {"format": "nianbao-report", "version": 1, "edition": "2021", "agency": "某局", "year": 2023}
    data.update(changes)
    return json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (minimal(version=2), "文件格式版本为 2，本程序只能读取第 1 版；请升级年报助手后再打开"),
        (minimal(version="1"), "文件格式版本为 1"),
        (minimal(edition="2018"), "格式版本“2018”无法识别"),
        (minimal(year=20), "年度“20”无效"),
        (minimal(values={"t9.x.y": 1}), "不存在的单元格：t9.x.y"),
        (minimal(format="other"), "不是年报助手的报告文件"),
        ("[1, 2", "不是有效的 JSON（第 1 行第 6 列）"),
        ("[]", "不是年报助手的报告文件"),
    ],
)
def test_bad_files_are_refused_with_a_message(text, message):
    with pytest.raises(exchange.ExchangeError) as info:
        exchange.loads(text)
    assert message in str(info.value)


def test_json_numbers_are_read_exactly_and_through_the_normaliser():
    text = minimal(values={"t2.fees.amount": 24252.311082, "t3.new.natural": 3, "t3.new.legal": 1.5})
    report = exchange.loads(text)
    assert report.values["t2.fees.amount"] == Decimal("24252.311082")  # never through a float
    assert report.values["t3.new.natural"] == 3
    assert report.values["t3.new.legal"] == Unparsed("1.5", "应填写整数")


@pytest.mark.parametrize(("raw", "reason"), [(True, "不是数字"), (10**20, "数字位数过多"), ([1], "不是数字")])
def test_values_the_normaliser_rejects_are_kept_verbatim(raw, reason):
    value = exchange.loads(minimal(values={"t3.new.natural": raw})).values["t3.new.natural"]
    assert isinstance(value, Unparsed) and reason in value.reason


def test_a_rejected_value_stays_rejected_after_saving_and_loading():
    report = exchange.loads(minimal(values={"t3.new.legal": 1.5, "t3.new.other": True}))
    again = exchange.loads(exchange.dumps(report))
    assert again.values == report.values


def test_load_reports_missing_and_non_utf8_files(tmp_path):
    with pytest.raises(exchange.ExchangeError, match="找不到文件"):
        exchange.load(tmp_path / "none.json")
    bad = tmp_path / "gbk.json"
    bad.write_bytes("报告".encode("gbk"))
    with pytest.raises(exchange.ExchangeError, match="不是 UTF-8 编码"):
        exchange.load(bad)


def test_save_replaces_atomically_and_leaves_no_temp_files(tmp_path):
    path = tmp_path / "r.json"
    path.write_text("old", encoding="utf-8")
    exchange.save(consistent_report(), path)
    assert exchange.load(path).agency == "某县民政局"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]
