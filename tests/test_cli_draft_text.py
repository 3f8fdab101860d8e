"""``python main.py draft-text REPORT [--previous PREV]``: the data paragraphs, from any file the app reads."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import main
from nianbao import drafting, exchange
from nianbao.checker import check
from nianbao.samples import consistent_report
from nianbao.spec import Rule
from writers.docx_writer import export_docx

ROOT = Path(__file__).resolve().parent.parent


def test_prints_each_sections_paragraphs_with_the_comparison(tmp_path, capsys):
    report = consistent_report("2021", 2023, rng=random.Random(31))
    previous = consistent_report("2021", 2022, rng=random.Random(32))
    exchange.save(report, tmp_path / "2023.json")
    exchange.save(previous, tmp_path / "2022.json")
    assert main.main(["draft-text", str(tmp_path / "2023.json"), "--previous", str(tmp_path / "2022.json")]) == 0
    out = capsys.readouterr().out
    spec = report.spec
    for heading in (spec.section("一").heading, spec.section("四").heading, spec.section("六").heading):
        assert heading in out
    for kind in drafting.kinds_for(spec):
        assert drafting.paragraph(report, kind, previous) in out
    assert "同比" in out


def test_reads_word_too_and_the_paragraphs_pass_t1(tmp_path):
    report = consistent_report("2021", 2023, rng=random.Random(33))
    export_docx(report, tmp_path / "r.docx")
    result = subprocess.run(
        [sys.executable, "main.py", "draft-text", str(tmp_path / "r.docx")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    first = result.stdout.split("\n\n")[0].split("\n")[1:]
    report.texts["一"] = "\n".join(first)
    assert [f for f in check(report) if f.rule is Rule.T1] == []
    assert "同比" not in result.stdout


def test_last_year_of_another_agency_is_not_compared(tmp_path, capsys):
    report = consistent_report("2021", 2023)
    other = consistent_report("2021", 2022, agency="另一个局")
    exchange.save(report, tmp_path / "a.json")
    exchange.save(other, tmp_path / "b.json")
    assert main.main(["draft-text", str(tmp_path / "a.json"), "--previous", str(tmp_path / "b.json")]) == 0
    captured = capsys.readouterr()
    assert "未写出同比" in captured.err and "同比" not in captured.out


def test_an_unreadable_file_exits_2(tmp_path, capsys):
    (tmp_path / "bad.json").write_text("[1, 2", encoding="utf-8")
    assert main.main(["draft-text", str(tmp_path / "bad.json")]) == 2
    assert "不是有效的 JSON" in capsys.readouterr().err
