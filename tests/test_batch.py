"""Checking a folder of many files (the pool of processes), and the summary spreadsheet read back."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from nianbao import exchange
from nianbao.model import Report
from nianbao.samples import consistent_report
from workflows.batch import FINDING_HEADERS, POOL_FROM, SUMMARY_HEADERS, check_many, expand, write_summary
from workflows.errors import OutputRefused
from writers.docx_writer import export_docx

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def folder(tmp_path) -> Path:
    """Clean reports of many agencies in .json and .docx, one with errors, one unreadable, in sub-folders."""
    top = tmp_path / "各单位"
    (top / "乡镇").mkdir(parents=True)
    for i in range(POOL_FROM):
        report = consistent_report("2021", 2023, rng=random.Random(i), agency=f"第{i}局")
        if i % 2:
            export_docx(report, top / "乡镇" / f"{i}.docx")
        else:
            exchange.save(report, top / f"{i}.json")
    exchange.save(Report("有错局", 2023), top / "有错.json")
    (top / "坏.docx").write_bytes(b"not a zip")
    (top / "~$锁定.docx").write_bytes(b"Word's lock file")
    (top / "说明.png").write_bytes(b"not a report")
    return top


def test_a_folder_is_searched_for_every_readable_file(folder):
    found = expand([folder])
    names = {Path(p).name for p in found}
    assert "~$锁定.docx" not in names and "说明.png" not in names
    assert {"坏.docx", "有错.json", "1.docx", "0.json"} <= names and len(found) == POOL_FROM + 2
    assert expand([folder, folder / "0.json"]) == found  # each file once


def test_the_pool_gives_the_same_results_in_the_same_order(folder):
    paths = expand([folder])
    done: list[int] = []
    pooled = check_many(paths, workers=2, progress=lambda n, total, r: done.append(n))
    alone = check_many(paths, workers=1)
    assert [r.path for r in pooled] == paths and done == list(range(1, len(paths) + 1))
    assert [(r.path, r.counts, r.error) for r in pooled] == [(r.path, r.counts, r.error) for r in alone]
    broken = next(r for r in pooled if r.path.endswith("坏.docx"))
    assert broken.report is None and "不是 Word 文档" in broken.error


def test_a_cancelled_check_stops(folder):
    paths = expand([folder])
    assert len(check_many(paths, workers=1, cancelled=lambda: True)) == 0


def test_the_summary_spreadsheet(folder, tmp_path):
    results = check_many(expand([folder]), workers=1)
    path = write_summary(results, tmp_path / "汇总.xlsx")
    book = load_workbook(path)
    files, every = book["汇总"], book["全部问题"]
    assert [c.value for c in files[1]] == list(SUMMARY_HEADERS) and [c.value for c in every[1]] == list(FINDING_HEADERS)
    assert files.freeze_panes == "A2" and files.auto_filter.ref.startswith("A1:")
    rows = {Path(r[0]).name: r for r in files.iter_rows(min_row=2, values_only=True)}
    assert len(rows) == len(results)
    bad = rows["有错.json"]
    errors = SUMMARY_HEADERS.index("错误")
    assert bad[1] == "有错局" and bad[2] == 2023 and bad[errors] > 0 and bad[-1]
    assert bad[SUMMARY_HEADERS.index("F1")] > 0
    assert rows["坏.docx"][-1].startswith("无法读取") and rows["0.json"][errors] == 0
    assert (
        sum(1 for r in every.iter_rows(min_row=2, values_only=True) if Path(r[0]).name == "有错.json")
        == bad[errors] + bad[errors + 1]
    )
    with pytest.raises(OutputRefused, match=".xlsx"):
        write_summary(results, tmp_path / "汇总.csv")


def test_the_command_checks_a_folder_and_writes_the_summary(folder, tmp_path):
    summary = tmp_path / "汇总.xlsx"
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "check", str(folder), "--summary", str(summary), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 2, result.stderr  # the worst file: one cannot be read
    assert "无法读取" in result.stderr and "汇总表" in result.stderr and "Traceback" not in result.stderr
    assert summary.exists() and len(list(load_workbook(summary)["汇总"].iter_rows(min_row=2))) == POOL_FROM + 2
