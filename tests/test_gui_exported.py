"""Issue 10, point 4: after 导出 Word the clerk is told where the file is and can open it or its folder."""

from __future__ import annotations

from pathlib import Path

from fixtures.gui_support import make_window, open_doc
from PySide6.QtCore import Qt, QUrl
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolButton

from nianbao.samples import consistent_report


def recorder(window) -> list[QUrl]:
    """What the desktop would have been asked to open (nothing is opened in a test)."""
    opened: list[QUrl] = []

    def record(url: QUrl) -> bool:
        opened.append(url)
        return True

    window.commands.open_url = record
    return opened


def click(button: QToolButton | None) -> None:
    assert button is not None and button.isVisibleTo(button.window())
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def test_after_export_the_file_and_its_folder_can_be_opened(qtbot, store, tmp_path):
    report_id, _ = store.create_report(consistent_report("2021", 2023, agency="某县民政局"))
    window = make_window(qtbot, store)
    window.open_report(report_id)
    opened = recorder(window)
    written = window.commands.export_to(tmp_path / "年报.docx")
    assert written is not None and written.exists()
    assert window.banner.isVisibleTo(window)
    assert str(written) in window.banner.label.text() and "错误" not in window.banner.label.text()
    assert [b.text() for b in window.banner.buttons] == ["打开文件", "打开所在文件夹"]
    click(window.banner.button("打开文件"))
    click(window.banner.button("打开所在文件夹"))
    assert [Path(u.toLocalFile()) for u in opened] == [written, written.parent]
    assert all(u.isLocalFile() for u in opened)
    assert window.banner.isVisibleTo(window)  # the buttons leave the message up; 知道了 closes it
    click(window.banner.close_button)
    assert not window.banner.isVisibleTo(window)


def test_an_export_with_errors_says_how_many(qtbot, store, tmp_path):
    window = make_window(qtbot, store)
    window.commands.create_report("某县民政局", 2023)  # empty: every cell unfilled
    errors = sum(1 for f in open_doc(window).findings if f.is_error)
    assert errors > 0
    recorder(window)
    written = window.commands.export_to(tmp_path / "草稿.docx")
    assert written is not None
    assert f"还有 {errors} 项错误" in window.banner.label.text()
    assert window.last_message.startswith("已导出 Word 文档：")


def test_a_file_moved_away_is_said_not_opened(qtbot, store, tmp_path):
    report_id, _ = store.create_report(consistent_report("2021", 2023, agency="某县民政局"))
    window = make_window(qtbot, store)
    window.open_report(report_id)
    opened = recorder(window)
    written = window.commands.export_to(tmp_path / "年报.docx")
    assert written is not None
    written.unlink()
    click(window.banner.button("打开文件"))
    assert opened == [] and "找不到" in window.last_message


def test_another_message_takes_the_buttons_away(qtbot, store, tmp_path):
    report_id, _ = store.create_report(consistent_report("2021", 2023, agency="某县民政局"))
    window = make_window(qtbot, store)
    window.open_report(report_id)
    recorder(window)
    window.commands.export_to(tmp_path / "年报.docx")
    window.inform("另一条消息")
    assert window.banner.buttons == [] and window.banner.button("打开文件") is None
