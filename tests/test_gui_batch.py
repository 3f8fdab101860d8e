"""The 批量检查 window: a folder checked away from the window, the sortable table, findings, import, summary."""

from __future__ import annotations

import random

from fixtures.gui_support import make_window
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from gui.batch_window import COLUMNS, BatchWindow, findings_text
from nianbao import exchange
from nianbao.model import Report
from nianbao.samples import consistent_report


def reports_folder(tmp_path):
    folder = tmp_path / "各单位"
    folder.mkdir()
    for i in range(3):
        exchange.save(consistent_report("2021", 2023, rng=random.Random(i), agency=f"第{i}局"), folder / f"{i}.json")
    exchange.save(Report("有错局", 2023), folder / "有错.json")
    (folder / "坏.docx").write_bytes(b"broken")
    return folder


def test_a_folder_is_checked_sorted_shown_and_summarised(qtbot, store, tmp_path):
    window = make_window(qtbot, store)
    batch = window.commands.batch()  # not shown: the offscreen platform warns on showing a window
    assert batch is window.commands.batch() and batch.windowTitle() == "批量检查"
    assert batch.start([str(reports_folder(tmp_path))])
    assert not batch.folder_button.isEnabled() and batch.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: not batch.running() and batch.model.rowCount() == 5, timeout=20000)
    qtbot.waitUntil(lambda: "已检查 5 个文件" in batch.status.text(), timeout=5000)
    assert "其中 2 个有错误或无法读取" in batch.status.text() and batch.summary_button.isEnabled()
    errors = COLUMNS.index("错误")
    batch.view.sortByColumn(errors, Qt.SortOrder.DescendingOrder)
    top = batch.proxy.index(0, 1).data()
    assert top == "有错局"  # most errors first: sorted by number, not by text
    batch.view.doubleClicked.emit(batch.proxy.index(0, 0))
    assert "有错局" in batch.details.toPlainText() and "[错误]" in batch.details.toPlainText()
    assert batch.import_button.isEnabled()
    report_id = batch.import_selected()
    assert report_id is not None and store.load(report_id).agency == "有错局"
    written = batch.export_summary(str(tmp_path / "汇总.xlsx"))
    assert written is not None and load_workbook(written)["汇总"].max_row == 6
    batch.close()


def test_cancel_stops_the_check(qtbot, tmp_path):
    batch = BatchWindow(workers=1)
    qtbot.addWidget(batch)
    batch.start([str(reports_folder(tmp_path))])
    batch.cancel()
    qtbot.waitUntil(lambda: not batch.running(), timeout=20000)
    qtbot.waitUntil(lambda: "已检查" in batch.status.text(), timeout=5000)
    assert batch.model.rowCount() <= 5 and not batch.cancel_button.isEnabled()


def test_findings_text_names_an_unreadable_file():
    from workflows.checking import FileCheck

    assert "无法读取：坏了" in findings_text(FileCheck("x.docx", error="坏了"))
