"""Excel's keys in the form, through real key and mouse events on the real widgets (offscreen)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from test_gui_editing import balanced_report, enter, send_text, shown, type_into, view_at

from gui.document import ReportDocument
from gui.editor import ReportEditor

LEFT, RIGHT = Qt.Key.Key_Left, Qt.Key.Key_Right


@pytest.fixture
def editor(qtbot):
    widget = ReportEditor(ReportDocument(balanced_report()))
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def t4(editor: ReportEditor):
    editor.show_section("四")
    return view_at(editor, "t4.review.upheld")


# ------------------------------------------------------------ 1. ← → leave a cell being typed in


def test_arrows_enter_and_move_when_typing_over_a_cell(editor, qtbot):
    view = t4(editor)
    for i, ch in enumerate("33003"):  # 3 → 3 → 0 → 0 → 3 Tab
        type_into(view, ch)
        qtbot.keyClick(view.editor(), RIGHT if i < 4 else Qt.Key.Key_Tab)
    values = [editor.doc.report.get(f"t4.review.{c}") for c in ("upheld", "corrected", "other", "pending")]
    assert values == [3, 3, 0, 0]
    assert editor.doc.report.get("t4.review.total") == 6
    assert editor.doc.report.get("t4.direct.upheld") == 3  # 总计 passed over
    assert view.current_key() == "t4.direct.corrected"
    qtbot.keyClick(view, LEFT)
    type_into(view, "7")
    qtbot.keyClick(view.editor(), LEFT)
    assert editor.doc.report.get("t4.direct.upheld") == 7
    assert view.current_key() == "t4.review.pending" and view.editor() is None


def test_after_f2_the_arrows_move_the_text_cursor(editor, qtbot):
    view = t4(editor)
    editor.doc.set_values({"t4.review.upheld": 12})
    qtbot.keyClick(view, Qt.Key.Key_F2)
    line = view.editor()
    assert line is not None and line.text() == "12" and line.cursorPosition() == 2
    qtbot.keyClick(line, LEFT)
    QTest.keyClicks(line, "5")
    assert line.text() == "152" and view.editor() is line
    qtbot.keyClick(line, RIGHT)
    assert view.editor() is line and view.current_key() == "t4.review.upheld"
    qtbot.keyClick(line, Qt.Key.Key_F2)  # F2 again: 输入 mode, → enters and moves
    qtbot.keyClick(line, RIGHT)
    assert editor.doc.report.get("t4.review.upheld") == 152
    assert view.current_key() == "t4.review.corrected" and view.editor() is None


def test_after_a_double_click_the_arrows_move_the_text_cursor(editor, qtbot):
    view = t4(editor)
    editor.doc.set_values({"t4.review.corrected": 40})
    rect = view.visualRect(view.table_model.index_of("t4.review.corrected"))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    line = view.editor()
    assert line is not None and view.current_key() == "t4.review.corrected"
    qtbot.keyClick(line, Qt.Key.Key_Home)
    qtbot.keyClick(line, RIGHT)
    QTest.keyClicks(line, "5")
    assert line.text() == "450"
    enter(qtbot, view)
    assert editor.doc.report.get("t4.review.corrected") == 450


def test_clicking_into_a_typed_cell_edits_its_text(editor, qtbot):
    view = t4(editor)
    type_into(view, "89")
    line = view.editor()
    QTest.mouseClick(line, Qt.MouseButton.LeftButton, pos=line.rect().center())
    qtbot.keyClick(line, LEFT)
    assert view.editor() is line


def test_full_width_digits_then_right_arrow(editor, qtbot):
    view = t4(editor)
    send_text(view, "８")
    send_text(view.editor(), "１")
    qtbot.keyClick(view.editor(), RIGHT)
    assert editor.doc.report.get("t4.review.upheld") == 81
    assert shown(view, "t4.review.upheld") == "81" and view.current_key() == "t4.review.corrected"


def test_an_invalid_text_stays_on_an_arrow_with_its_reason(editor, qtbot):
    view = t4(editor)
    type_into(view, "x")
    line = view.editor()
    qtbot.keyClick(line, RIGHT)
    assert view.editor() is line and view.current_key() == "t4.review.upheld"
    assert view.bubble.isVisible() and "不是数字" in view.bubble.text()
    qtbot.keyClick(line, Qt.Key.Key_Escape)
    assert editor.doc.undo_stack.count() == 0
