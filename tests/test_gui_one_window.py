"""Issue 10, point 7: one window per data folder; what another process changes in the database is noticed."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from fixtures.gui_support import make_window, open_doc, open_editor
from PySide6.QtTest import QTest

from gui.single_instance import LOCK_NAME, SingleInstance
from nianbao import exchange
from nianbao.samples import consistent_report
from storage.store import Store

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}


def main_py(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), *args],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(qtbot, process: subprocess.Popen[str], timeout: int = 60000) -> int:
    """Wait for a process while this one's event loop runs (it may be the one the process talks to)."""
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=timeout)
    return process.returncode


def test_a_second_start_brings_the_running_window_to_the_front_and_exits_0(qtbot, store):
    window = make_window(qtbot, store)
    claim = SingleInstance(store.data_dir)
    assert claim.claim()
    claim.raiseRequested.connect(window.bring_to_front)
    second = main_py("--data-dir", str(store.data_dir))
    assert finished(qtbot, second) == 0, second.stderr.read() if second.stderr else ""
    qtbot.waitUntil(lambda: "程序已在这个窗口中打开" in window.last_message, timeout=5000)
    claim.release()


def test_two_real_starts_leave_one_window(qtbot, tmp_path):
    first = main_py("--data-dir", str(tmp_path))
    try:
        qtbot.waitUntil(lambda: (tmp_path / "nianbao.sqlite3").exists(), timeout=60000)
        second = main_py("--data-dir", str(tmp_path))
        assert finished(qtbot, second) == 0
        assert first.poll() is None, "the first window is still open"
    finally:
        first.terminate()
        first.wait(30)


def test_a_lock_left_by_a_crash_never_blocks(qtbot, tmp_path):
    crash = textwrap.dedent(
        """
        import os, sys
        from PySide6.QtCore import QLockFile
        lock = QLockFile(sys.argv[1])
        assert lock.tryLock(0)
        os._exit(9)  # no unlock: what a crash leaves
        """
    )
    done = subprocess.run([sys.executable, "-c", crash, str(tmp_path / LOCK_NAME)], env=ENV, timeout=60)
    assert done.returncode == 9 and (tmp_path / LOCK_NAME).exists()
    claim = SingleInstance(tmp_path)
    assert claim.claim()
    claim.release()


def test_data_version_changes_for_other_connections_only(tmp_path):
    with Store.open(tmp_path) as store, Store.open(tmp_path) as other:
        report_id, _ = store.create_report(consistent_report("2021", 2023, agency="某县民政局"))
        seen = store.data_version()
        store.save_text(report_id, "一", "自己写的")
        assert store.data_version() == seen
        other.save_text(report_id, "一", "别处写的")
        assert store.data_version() != seen


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args], cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=120
    )


def test_a_report_deleted_from_the_command_line_is_closed_and_said(qtbot, store):
    report_id, _ = store.create_report(consistent_report("2021", 2023, agency="某县民政局"))
    window = make_window(qtbot, store)
    window.open_report(report_id)
    done = cli("--data-dir", str(store.data_dir), "delete", str(report_id))
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: window.doc is None, timeout=5000)  # the window's own timer noticed
    assert "被删除" in window.banner.label.text() and "回收站" in window.banner.label.text()
    assert window.list_model.row_of(report_id) is None


def test_a_report_changed_elsewhere_is_reloaded_when_nothing_is_pending(qtbot, store, tmp_path):
    report = consistent_report("2021", 2023, agency="某县民政局")
    report_id, _ = store.create_report(report)
    window = make_window(qtbot, store)
    window.open_report(report_id)
    open_editor(window).show_section("五")
    changed = consistent_report("2021", 2023, agency="某县民政局")
    changed.texts["五"] = "命令行导入的新内容"
    exchange.save(changed, tmp_path / "new.json")
    done = cli("--data-dir", str(store.data_dir), "import-json", str(tmp_path / "new.json"), "--replace")
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: open_doc(window).report.text("五") == "命令行导入的新内容", timeout=5000)
    assert "已重新读入" in window.banner.label.text()
    assert open_editor(window).currentIndex() == open_editor(window)._tab_of["五"]


def test_a_cell_being_typed_is_not_overwritten_by_a_reload(qtbot, store, tmp_path):
    report_id, _ = store.create_report(consistent_report("2021", 2023, agency="某县民政局"))
    window = make_window(qtbot, store)
    window.open_report(report_id)
    view = open_editor(window).views["t3"]
    view.select_key("t3.new.natural")
    view.setFocus()
    QTest.keyClicks(view, "7")  # the cell editor is open: a pending edit
    assert view.editor() is not None
    other = consistent_report("2021", 2023, agency="某县民政局")
    other.texts["五"] = "别处的修改"
    exchange.save(other, tmp_path / "new.json")
    assert (
        cli("--data-dir", str(store.data_dir), "import-json", str(tmp_path / "new.json"), "--replace").returncode == 0
    )
    qtbot.waitUntil(lambda: "未重新读入" in window.banner.label.text(), timeout=5000)
    assert view.editor() is not None and open_doc(window).report.text("五") != "别处的修改"
