"""``python main.py check`` as a user runs it: a real subprocess, real files."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

from fixtures.report_values import count_in

from nianbao import exchange
from nianbao.samples import consistent_report

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "fixtures" / "jiaojiang_minzheng_2020.json"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, encoding="utf-8", cwd=cwd
    )


def test_seed_report_has_errors(tmp_path):
    result = run("check", str(SEED))
    assert result.returncode == 1, result.stderr
    assert "台州市椒江区民政局2020年度政府信息公开工作报告（2019版格式）" in result.stdout
    assert "[错误] F1 缺少“六、其他需要报告的事项”部分的内容" in result.stdout
    assert "共 48 个错误，0 个提示。" in result.stdout


def test_json_output_has_official_labels():
    result = run("check", "--format", "json", str(SEED))
    rows = json.loads(result.stdout)
    assert {r["rule"] for r in rows} == {"F1", "F2", "R3.1"}
    assert set(rows[0]) == {"file", "rule", "severity", "table", "row", "column", "message"}
    r31 = next(r for r in rows if r["rule"] == "R3.1" and r["row"] == "（七）总计")
    assert (r31["table"], r31["column"], r31["severity"]) == ("三、收到和处理政府信息公开申请情况", "总计", "error")


def test_clean_and_warning_only_reports_exit_zero(tmp_path):
    clean = tmp_path / "clean.json"
    exchange.save(consistent_report("2021", rng=random.Random(1)), clean)
    warned = consistent_report("2021", rng=random.Random(2))
    warned.texts["六"] = "无。"  # T2 is a warning
    warned_path = tmp_path / "warned.json"
    exchange.save(warned, warned_path)
    result = run("check", str(clean), str(warned_path))
    assert result.returncode == 0, result.stdout
    assert "勾稽关系全部通过" in result.stdout
    assert "[提示] T2" in result.stdout


def test_previous_year_enables_x1(tmp_path):
    last = consistent_report("2021", year=2022, rng=random.Random(10))
    this = consistent_report("2021", year=2023, rng=random.Random(11))
    this.values["t3.carried_in.natural"] = count_in(last, "t3.carried_out.natural") + 1
    this.fill_computed()
    exchange.save(last, tmp_path / "2022.json")
    exchange.save(this, tmp_path / "2023.json")
    assert run("check", str(tmp_path / "2023.json")).stdout.count("X1") == 0
    result = run("check", str(tmp_path / "2023.json"), "--previous", str(tmp_path / "2022.json"))
    assert "X1 三·二、上年结转政府信息公开申请数量·自然人：2022年度报告“四、结转下年度继续办理”为" in result.stdout


def test_unreadable_input_exits_2_without_traceback(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    result = run("check", str(broken), str(tmp_path / "missing.json"), str(tmp_path / "notes.pptx"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "无法读取：“broken.json”不是有效的 JSON（第 1 行第 2 列）" in result.stderr
    assert "找不到文件" in result.stderr
    assert "不支持的文件类型“.pptx”" in result.stderr


def test_runs_from_another_directory(tmp_path):
    result = run("check", str(SEED), cwd=tmp_path)
    assert result.returncode == 1 and "F1" in result.stdout


def test_help_and_usage_errors_are_in_chinese():
    help_text = run("--help").stdout
    assert "用法：" in help_text and "显示本帮助并退出" in help_text and "选项" in help_text
    assert "usage:" not in help_text and "show this help" not in help_text
    result = run("check")
    assert result.returncode == 2
    assert "错误：缺少必需的参数：文件" in result.stderr
    assert "无效的选项 'xml'" in run("check", "--format", "xml", str(SEED)).stderr


def test_missing_dependencies_are_explained_not_a_traceback():
    """``python -S`` hides site-packages: what a user sees with the system Python before installing."""
    cmd = [sys.executable, "-S", str(ROOT / "main.py"), "check", str(SEED)]
    result = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 2
    assert "缺少运行所需的软件包" in result.stderr and ".venv/bin/pip install ." in result.stderr
    assert "Traceback" not in result.stderr


def test_starting_the_window_without_a_display_says_so():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py")], capture_output=True, text=True, encoding="utf-8", env=env
    )
    if sys.platform == "linux":
        assert result.returncode == 2 and "没有图形显示环境" in result.stderr
