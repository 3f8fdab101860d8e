"""Summing many agencies' reports (政务公开办)."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures.report_values import count_in
from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao import exchange
from nianbao.aggregate import CannotSum, sum_reports
from nianbao.checker import check
from nianbao.samples import consistent_report

ROOT = Path(__file__).resolve().parent.parent


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(["2021", "2019"]), st.lists(st.randoms(use_true_random=False), min_size=1, max_size=6))
def test_sum_of_consistent_reports_is_consistent(edition, rngs):
    reports = [consistent_report(edition, rng=rng, agency=f"单位{i}") for i, rng in enumerate(rngs)]
    total = sum_reports(reports, "某市汇总")
    assert [f for f in check(total) if f.cells and f.rule != "F1"] == []
    key = "t3.result_total.total"
    assert total.values[key] == sum(count_in(r, key) for r in reports)


def test_a_blank_cell_stays_blank_in_the_sum():
    a = consistent_report(rng=random.Random(1), agency="甲局")
    b = consistent_report(rng=random.Random(2), agency="乙局")
    b.set("t3.new.legal", None)
    total = sum_reports([a, b])
    assert "t3.new.legal" not in total.values
    assert total.agency == "2个单位汇总"


def test_years_and_editions_must_match():
    with pytest.raises(CannotSum, match="同一年度"):
        sum_reports([consistent_report(year=2022, agency="甲"), consistent_report(year=2023, agency="乙")])
    with pytest.raises(CannotSum, match="同一格式版本"):
        sum_reports(
            [consistent_report("2021", year=2020, agency="甲"), consistent_report("2019", year=2020, agency="乙")]
        )


def test_an_agency_is_counted_once():
    with pytest.raises(CannotSum, match="同一单位的报告出现了不止一次：甲局"):
        sum_reports(
            [consistent_report(agency="甲局"), consistent_report(agency="乙局"), consistent_report(agency="甲局 ")]
        )


def test_sum_command(tmp_path):
    paths = []
    for i in range(3):
        paths.append(tmp_path / f"{i}.json")
        exchange.save(consistent_report(rng=random.Random(i), agency=f"单位{i}"), paths[-1])
    out = tmp_path / "total.json"
    cmd = [sys.executable, str(ROOT / "main.py"), "sum", *map(str, paths), "-o", str(out), "--agency", "某县"]
    result = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    assert "汇总表格的勾稽关系全部通过" in result.stdout
    assert exchange.load(out).agency == "某县"

    broken = consistent_report(rng=random.Random(9), agency="单位0")
    broken.values["t3.new.natural"] = count_in(broken, "t3.new.natural") + 1
    exchange.save(broken, paths[0])
    result = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 1 and "未汇总" in result.stderr and "--force" in result.stderr
