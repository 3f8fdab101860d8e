"""What the commands write: never over their inputs, the right kind of file, normal permissions,
and reasons in Chinese when writing fails."""

from __future__ import annotations

import json
import os
import random
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from nianbao import exchange
from nianbao.samples import consistent_report

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str | Path) -> subprocess.CompletedProcess:
    cmd = [sys.executable, str(ROOT / "main.py"), *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8")


@pytest.fixture
def report_json(tmp_path) -> Path:
    path = tmp_path / "report.json"
    exchange.save(consistent_report(rng=random.Random(3)), path)
    return path


def test_export_never_overwrites_its_input(report_json):
    before = report_json.read_bytes()
    result = run("export", report_json, "-o", report_json)
    assert result.returncode == 2
    assert "输出文件“report.json”应以 .docx 结尾" in result.stderr
    assert report_json.read_bytes() == before


def test_import_never_overwrites_the_document(report_json, tmp_path):
    docx = tmp_path / "r.docx"
    assert run("export", report_json, "-o", docx).returncode == 0
    before = docx.read_bytes()
    result = run("import", docx, "-o", docx)
    assert result.returncode == 2 and "应以 .json 结尾" in result.stderr
    same = tmp_path / "same.json"
    exchange.save(consistent_report(), same)
    result = run("sum", same, "-o", same)
    assert result.returncode == 2 and "会覆盖原文件" in result.stderr
    assert docx.read_bytes() == before


def test_written_files_get_normal_permissions(report_json, tmp_path):
    umask = os.umask(0o022)
    os.umask(umask)
    docx = tmp_path / "r.docx"
    assert run("export", report_json, "-o", docx).returncode == 0
    assert stat.S_IMODE(docx.stat().st_mode) == 0o666 & ~umask
    docx.chmod(0o640)
    assert run("export", report_json, "-o", docx).returncode == 0
    assert stat.S_IMODE(docx.stat().st_mode) == 0o640  # an existing file keeps its permissions


def test_write_failures_are_explained_in_chinese(report_json, tmp_path):
    result = run("export", report_json, "-o", tmp_path / "no" / "such" / "x.docx")
    assert result.returncode == 2 and "不存在" in result.stderr
    result = run("import", tmp_path / "missing.docx", "-o", tmp_path / "x.json")
    assert result.returncode == 2
    for english in ("No such file", "File exists", "Traceback"):
        assert english not in result.stderr


def test_previous_must_be_last_years_report_of_the_same_agency(report_json, tmp_path):
    same_year = tmp_path / "same.json"
    exchange.save(consistent_report(rng=random.Random(4)), same_year)
    result = run("check", report_json, "--previous", same_year)
    assert result.returncode == 2
    assert "给出的上年度报告是 2023 年度的，不是 2022 年度，未核对上年结转（X1、X2）" in result.stderr
    other = tmp_path / "other.json"
    exchange.save(consistent_report(year=2022, agency="别的局"), other)
    assert "不是“某县民政局”的" in run("check", report_json, "--previous", other).stderr


def test_a_folder_and_unreadable_files_are_reported(tmp_path, report_json):
    result = run("check", tmp_path)  # a folder: the report files in it are checked
    assert result.returncode == 0 and "report.json" in result.stdout, result.stderr
    (tmp_path / "空").mkdir()
    result = run("check", tmp_path / "空")
    assert result.returncode == 2 and "没有找到可检查的报告文件" in result.stderr
    rows = json.loads(run("check", "--format", "json", report_json, tmp_path / "gone.json").stdout)
    assert [(r["file"].endswith("gone.json"), r["severity"]) for r in rows] == [(True, "unreadable")]


def test_names_the_system_cannot_take_are_said_with_exit_2(report_json, tmp_path):
    for target in (tmp_path / ("长" * 100 + ".json"), tmp_path / ("a/" * 3000 + "x.json")):
        result = run("import", report_json, "-o", target)
        assert result.returncode == 2 and "文件名太长" in result.stderr and "Traceback" not in result.stderr
        assert "内部出错" not in result.stderr


def test_a_read_only_json_output_is_refused_like_a_docx(report_json, tmp_path):
    target = tmp_path / "只读.json"
    target.write_text("{}", encoding="utf-8")
    target.chmod(0o444)
    result = run("import", report_json, "-o", target)
    assert result.returncode == 2 and "只读文件" in result.stderr
    assert target.read_text(encoding="utf-8") == "{}"


def test_overwriting_drops_setuid_and_setgid(report_json, tmp_path):
    target = tmp_path / "old.docx"
    target.write_bytes(b"old")
    target.chmod(0o6755)
    assert run("export", report_json, "-o", target, "--force").returncode == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o755


def test_control_characters_from_a_report_never_reach_the_terminal_raw(tmp_path):
    report = consistent_report(rng=random.Random(3))
    report.agency = "某局\x1b[2J"
    path = tmp_path / "esc.json"
    exchange.save(report, path)
    result = run("check", path)
    assert "\x1b" not in result.stdout + result.stderr and "\\u001b[2J" in result.stdout


def test_a_file_name_that_is_not_utf8_is_shown_escaped(report_json, tmp_path):
    odd = os.fsencode(tmp_path) + b"/bad\xff.json"
    Path(os.fsdecode(odd)).write_bytes(report_json.read_bytes())
    env = {**os.environ, "LC_ALL": "C.UTF-8", "PYTHONUTF8": "1"}
    cmd = [sys.executable, str(ROOT / "main.py"), "check", os.fsdecode(odd)]
    result = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", env=env)
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr and "bad\\udcff.json" in result.stdout
