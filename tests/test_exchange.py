"""The versioned JSON exchange format."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao import exchange
from nianbao.model import Unparsed
from nianbao.samples import consistent_report

REPO = Path(__file__).resolve().parent.parent


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
    assert raw["format"] == "nianbao-report" and raw["version"] == 2
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
        (minimal(version=3), "文件格式版本为 3，本程序只能读取第 1–2 版；请升级年报助手后再打开"),
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


# ---------------------------------------------------------------- hostile and broken files (issue 13)


def minimal_text(**raw: str) -> str:
    """Like :func:`minimal`, with some fields given as raw JSON text (what json.dumps cannot write)."""
    fields = {"format": '"nianbao-report"', "version": "1", "edition": '"2021"', "agency": '"某局"', "year": "2023"}
    fields.update(raw)
    return "{" + ", ".join(f'"{k}": {v}' for k, v in fields.items()) + "}"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"edition": '["2021"]'}, '格式版本“["2021"]”无法识别'),
        ({"edition": '{"id": "2021"}'}, "无法识别"),
        ({"values": '{"t3.new.natural": ' + "9" * 4301 + "}"}, "超过上限"),
        ({"year": "1" + "0" * 5000}, "超过上限"),
        ({"values": '{"t3.new.natural": ' + "[" * 1000 + "]" * 1000 + "}"}, "嵌套层数超过上限"),
        ({"values": "[" * 100_000 + "]" * 100_000}, "嵌套层数超过上限"),
        ({"agency": '"\\ud800"'}, "agency 中有无效的字符"),
        ({"sections": '{"一": "正文\\udfff"}'}, "sections.一 中有无效的字符"),
        ({"values": '{"t3.new.natural": "\\ud800"}'}, "无效的字符"),
        ({"values": '{"t3.new.natural": 1e999999999}'}, "数字“1e999999999”超过上限"),
        ({"values": '{"t2.fees.amount": 1e-999999999}'}, "超过上限"),
        ({"sections": '{"一": ["不是文字"]}'}, "sections 中“一”应为文字"),
    ],
)
def test_hostile_files_are_refused_with_a_reason(raw, message):
    with pytest.raises(exchange.ExchangeError) as info:
        exchange.loads(minimal_text(**raw))
    assert message in str(info.value)


def test_a_valid_pair_of_surrogates_is_an_ordinary_character():
    report = exchange.loads(minimal_text(agency='"某局\\ud83d\\ude00"'))
    assert report.agency == "某局😀"


def test_numbers_within_the_bounds_are_read():
    report = exchange.loads(minimal_text(values='{"t3.new.natural": 1.5e3, "t3.new.legal": ' + "9" * 40 + "}"))
    assert report.values["t3.new.natural"] == 1500
    assert isinstance(report.values["t3.new.legal"], Unparsed)  # kept verbatim: more digits than a count has


def test_a_file_over_the_size_bound_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "大.json"
    with big.open("wb") as f:
        f.truncate(exchange.MAX_FILE_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(exchange.ExchangeError, match="大小超过上限"):
        exchange.load(big)


BILLION_DIGITS = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, resource.RLIM_INFINITY))
from nianbao import exchange
text = sys.stdin.read()
try:
    exchange.loads(text)
    print("READ")
except exchange.ExchangeError as e:
    print("REFUSED", e)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_AS is POSIX")
def test_an_exponent_that_expands_to_a_billion_digits_is_refused_in_bounded_memory():
    """The 9 KB file of the issue took 6.7 GB; under a 1 GB address-space limit it must be refused, not crash."""
    text = minimal_text(values='{"t3.new.natural": 1e999999999}') + " " * 9000
    result = subprocess.run(
        [sys.executable, "-c", BILLION_DIGITS], input=text, cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.startswith("REFUSED") and "超过上限" in result.stdout


def test_version_1_is_still_read_and_version_2_keeps_the_bound_paragraph_as_a_reference():
    from nianbao import drafting

    v1 = minimal(sections={"一": "本年收到申请3件。"}, values={"t3.new.natural": 3, "t3.new.total": 3})
    old = exchange.loads(v1)
    assert old.texts["一"] == "本年收到申请3件。" and old.values["t3.new.natural"] == 3
    old.texts["一"] += "\n" + drafting.marker("依申请公开")
    raw = json.loads(exchange.dumps(old))
    assert raw["version"] == 2
    assert raw["sections"]["一"] == "本年收到申请3件。\n{{数据:依申请公开}}"  # the reference, not the numbers
    again = exchange.loads(exchange.dumps(old))
    assert again.texts == old.texts
    assert "本年新收政府信息公开申请3件" in drafting.rendered_text(again, "一")
