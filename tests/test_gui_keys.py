"""Excel's keys in the form, through real key and mouse events on the real widgets (offscreen)."""

from __future__ import annotations

import pytest
from fixtures.gui_support import make_window
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu
from test_gui_editing import balanced_report, enter, send_text, shown, type_into, view_at

from gui.document import ReportDocument
from gui.editor import ReportEditor
from gui.main_window import MainWindow
from nianbao.model import Report, Unparsed
from storage.store import Store

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


# ------------------------------------------------------------ 2. moves as in Excel


def test_enter_on_the_last_row_goes_to_the_top_of_the_next_column(editor, qtbot):
    editor.show_section("三")
    view = view_at(editor, "t3.carried_out.natural")
    type_into(view, "5")
    enter(qtbot, view)
    assert editor.doc.report.get("t3.carried_out.natural") == 5
    assert view.current_key() == "t3.new.commercial"
    view.select_key("t3.carried_out.commercial")
    qtbot.keyClick(view, Qt.Key.Key_Return)  # not editing: the same move
    assert view.current_key() == "t3.new.research"


def test_ctrl_home_and_ctrl_end_go_to_the_first_and_last_entry_cell(editor, qtbot):
    editor.show_section("三")
    view = view_at(editor, "t3.other_3.legal")
    qtbot.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert view.current_key() == "t3.carried_out.other"
    qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert view.current_key() == "t3.new.natural"
    assert view.table_model.role_of(view.currentIndex()).value == "entry"  # not the top-left label


def report_open(window: MainWindow) -> bool:
    return window.doc is not None


def test_undo_and_redo_are_disabled_while_no_report_is_open(qtbot, tmp_path):
    store = Store.open(tmp_path)
    window = make_window(qtbot, store)
    undo, redo = window.undo_action, window.redo_action
    assert not undo.isEnabled() and not redo.isEnabled()
    window.commands.create_report("某县民政局", 2023)
    assert window.editor is not None
    view = window.editor.views["t4"]
    view.paste("1\t2")
    view.paste("3\t4")
    undo.trigger()
    assert undo.isEnabled() and redo.isEnabled()
    assert window.close_report() and not report_open(window)
    assert not undo.isEnabled() and not redo.isEnabled()
    undo.trigger()  # nothing to act on: nothing happens
    window.open_selected()
    assert report_open(window)
    assert not undo.isEnabled() and not redo.isEnabled()  # a fresh stack
    store.close()


# ------------------------------------------------------------ 3. blanks to 0


def blank_t3(editor: ReportEditor) -> list[str]:
    doc = editor.doc
    return [c.key for c in doc.spec.table("t3").cells if not c.computed and doc.report.get(c.key) is None]


@pytest.fixture
def sparse(qtbot):
    """表三 with a few numbers, the rest blank, one imported text (``/``) kept verbatim."""
    report = Report("某县民政局", 2023)
    report.set("t3.new.natural", 3)
    report.set("t3.new.commercial", Unparsed("/", "不是数字"))
    report.fill_computed()
    widget = ReportEditor(ReportDocument(report))
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    widget.show_section("三")
    qtbot.waitExposed(widget)
    return widget


def test_ctrl_0_fills_the_blank_cells_of_the_table_in_one_undo_step(sparse, qtbot):
    doc = sparse.doc
    view = view_at(sparse, "t3.other_3.legal")
    blanks = blank_t3(sparse)
    with qtbot.waitSignal(view.notice) as told:
        qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert told.args == [f"已把本表的 {len(blanks)} 个空白格填 0"]
    assert blank_t3(sparse) == [] and all(doc.report.get(k) == 0 for k in blanks)
    assert doc.report.get("t3.new.natural") == 3 and doc.report.get("t3.new.commercial") == Unparsed("/", "不是数字")
    assert doc.report.get("t3.new.total") == 3  # a total is computed, not filled
    assert doc.undo_stack.count() == 1 and doc.undo_stack.undoText() == "空白格填 0"
    assert sparse.views["t2"].table_model.index_of("t2.rules.issued").data() == ""  # another table: untouched
    doc.undo_stack.undo()
    assert blank_t3(sparse) == blanks


def test_fill_blanks_in_a_selection_only(sparse, qtbot):
    doc = sparse.doc
    view = view_at(sparse, "t3.new.natural")
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    with qtbot.waitSignal(view.notice) as told:
        qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert told.args == ["已把所选范围的 2 个空白格填 0"]  # 科研机构 and 公益组织
    assert doc.report.get("t3.new.research") == 0 and doc.report.get("t3.new.nonprofit") == 0
    assert doc.report.get("t3.new.legal") is None and doc.report.get("t3.carried_in.natural") is None


@pytest.mark.qt_log_ignore("This plugin does not support")  # a popup menu on the offscreen platform
def test_fill_blanks_from_the_context_menu(sparse, qtbot):
    view = view_at(sparse, "t3.carried_in.natural")
    chosen: list[list[str]] = []

    def choose() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            QTimer.singleShot(20, choose)
            return
        chosen.append([a.text() for a in menu.actions()])
        menu.setActiveAction(menu.actions()[0])
        QTest.keyClick(menu, Qt.Key.Key_Return)

    QTimer.singleShot(0, choose)
    rect = view.visualRect(view.currentIndex())
    QApplication.sendEvent(
        view.viewport(),
        QContextMenuEvent(QContextMenuEvent.Reason.Mouse, rect.center(), view.viewport().mapToGlobal(rect.center())),
    )
    assert chosen == [["空白格填 0"]]
    assert sparse.doc.report.get("t3.carried_in.natural") == 0 and blank_t3(sparse) == []


def test_ctrl_0_while_typing_is_not_a_fill(sparse, qtbot):
    view = view_at(sparse, "t3.new.research")
    type_into(view, "4")
    qtbot.keyClick(view.editor(), Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert sparse.doc.report.get("t3.new.legal") is None
    assert view.editor() is not None


# ------------------------------------------------------------ 4. simple arithmetic in a cell


def test_a_sum_typed_into_a_cell_is_computed_and_stored(editor, qtbot):
    view = t4(editor)
    type_into(view, "=60+")
    assert view.editor().rejected == "" and not view.bubble.isVisible()  # still being typed
    QTest.keyClicks(view.editor(), "4")
    assert editor.doc.report.get("t4.review.upheld") == 64  # checked as it is typed
    enter(qtbot, view)
    assert editor.doc.report.get("t4.review.upheld") == 64
    assert shown(view, "t4.review.upheld") == "64"  # the value, not the formula
    assert editor.doc.undo_stack.count() == 1


def test_a_full_width_sum_from_a_chinese_keyboard(editor, qtbot):
    view = t4(editor)
    send_text(view, "＝")
    send_text(view.editor(), "１２＋８−３")
    qtbot.keyClick(view.editor(), Qt.Key.Key_Tab)
    assert editor.doc.report.get("t4.review.upheld") == 17
    assert view.current_key() == "t4.review.corrected"


@pytest.mark.parametrize(
    ("text", "reason"), [("=3*4", "公式只能包含数字和加减号"), ("=1-5", "不能为负数"), ("=1.5+1", "应填写整数")]
)
def test_a_formula_that_cannot_be_entered_is_refused_at_the_cell(editor, qtbot, text, reason):
    view = t4(editor)
    before = editor.doc.report.get("t4.review.upheld")
    type_into(view, text)
    line = view.editor()
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.wait(20)
    assert view.editor() is line and reason in line.rejected
    assert view.bubble.isVisible() and reason in view.bubble.text()
    qtbot.keyClick(line, Qt.Key.Key_Escape)
    assert editor.doc.report.get("t4.review.upheld") == before and editor.doc.undo_stack.count() == 0


def test_a_pasted_sum_is_computed(editor, qtbot):
    view = t4(editor)
    QApplication.clipboard().setText("=1+2\t＝３＋４\n")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert editor.doc.report.get("t4.review.upheld") == 3 and editor.doc.report.get("t4.review.corrected") == 7


# ------------------------------------------------------------ 5. totals, paste and undo show where


def selected(view) -> set[str]:
    return {view.table_model.key_at(i) for i in view.selectedIndexes()}


def test_typing_on_a_total_says_why_at_the_cell(editor, qtbot):
    editor.show_section("三")
    view = view_at(editor, "t3.new.total")
    with qtbot.waitSignal(view.notice) as told:
        qtbot.keyClick(view, Qt.Key.Key_9)
    assert told.args == ["总计由程序自动计算，不能直接填写"]
    assert view.bubble.isVisible() and "总计由程序自动计算" in view.bubble.text()
    assert view.editor() is None and editor.doc.undo_stack.count() == 0
    qtbot.keyClick(view, Qt.Key.Key_Left)  # moving on puts the note away
    assert not view.bubble.isVisible()
    view.select_key("t3.new.total")
    with qtbot.waitSignal(view.notice):
        send_text(view, "９")  # full width, as a Chinese keyboard sends it
    assert view.editor() is None


def test_a_paste_selects_the_pasted_block(editor, qtbot):
    view = t4(editor)
    QApplication.clipboard().setText("1\t2\t3\t4\t99\t5\n")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    pasted = {f"t4.review.{c}" for c in ("upheld", "corrected", "other", "pending", "total")} | {"t4.direct.upheld"}
    assert selected(view) == pasted
    assert view.current_key() == "t4.review.upheld"
    qtbot.keyClick(view, Qt.Key.Key_Delete)  # what is selected is what the next key acts on
    assert all(editor.doc.report.get(k) is None for k in pasted)


def test_undo_and_redo_select_the_cells_they_changed_and_show_them(editor, qtbot):
    doc = editor.doc
    view = view_at(editor, "t3.carried_out.other")
    type_into(view, "77")
    enter(qtbot, view)
    editor.show_section("四")
    t4_view = view_at(editor, "t4.review.upheld")
    t4_view.paste("5\t6")
    editor.show_section("一")  # undo from anywhere
    doc.undo_stack.undo()
    assert editor.currentIndex() == editor._tab_of["四"]
    assert selected(t4_view) == {"t4.review.upheld", "t4.review.corrected", "t4.review.total"}
    doc.undo_stack.undo()
    assert editor.currentIndex() == editor._tab_of["三"]
    t3_view = editor.views["t3"]
    assert view is t3_view and t3_view.current_key() == "t3.carried_out.other"
    assert "t3.carried_out.other" in selected(t3_view) and "t3.carried_out.total" in selected(t3_view)
    rect = t3_view.visualRect(t3_view.currentIndex())
    assert t3_view.viewport().rect().contains(rect)  # scrolled to it
    t3_view.select_key("t3.new.natural")
    t3_view.scrollToTop()
    doc.undo_stack.redo()
    assert t3_view.current_key() == "t3.carried_out.other" and doc.report.get("t3.carried_out.other") == 77
    assert t3_view.viewport().rect().contains(t3_view.visualRect(t3_view.currentIndex()))
