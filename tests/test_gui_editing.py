"""Typing, pasting, undo and the keyboard in the form, with real widgets (offscreen)."""

from __future__ import annotations

import pytest
from fixtures.report_values import count_in
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTreeWidgetItem

from gui.document import ReportDocument
from gui.editor import ReportEditor
from gui.findings import CLEAN, FindingsPanel, summary, where
from nianbao.checker import META
from nianbao.model import Report, default_title
from nianbao.samples import consistent_report


def balanced_report() -> Report:
    """A clean report whose 一、本年新收·自然人 is 12 (two digits to type)."""
    report = consistent_report("2021", 2023)
    shift = 12 - count_in(report, "t3.new.natural")
    report.values["t3.new.natural"] = 12
    # keeps 一 + 二 = （七） + 四, every count ≥ 0
    side = "t3.carried_out.natural" if shift >= 0 else "t3.carried_in.natural"
    report.values[side] = count_in(report, side) + abs(shift)
    report.fill_computed()
    report.texts["一"] = "本年度，本机关认真贯彻落实政府信息公开条例。"
    return report


@pytest.fixture
def editor(qtbot):
    doc = ReportDocument(balanced_report())
    assert doc.findings == [], [f.message for f in doc.findings]
    widget = ReportEditor(doc)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    widget.show_section("三")
    qtbot.waitExposed(widget)
    return widget


def view_at(editor: ReportEditor, key: str):
    view = editor.views[key.split(".")[0]]
    view.select_key(key)
    view.setFocus()
    return view


def shown(view, key: str) -> str:
    return view.table_model.index_of(key).data()


def type_into(view, text: str) -> None:
    """ASCII typed into a cell: the first key opens the editor, the rest go to it (as focus does)."""
    QTest.keyClicks(view, text[0])
    if text[1:]:
        QTest.keyClicks(view.editor(), text[1:])


def enter(qtbot, view) -> None:
    """Enter commits through a queued call in Qt 6: wait until the editor is gone."""
    qtbot.keyClick(view.editor(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.editor() is None, timeout=1000)


def top_item(panel: FindingsPanel, row: int) -> QTreeWidgetItem:
    """The panel's line ``row``, which the test knows is there."""
    item = panel.topLevelItem(row)
    assert item is not None, f"the panel has no line {row}"
    return item


def send_text(widget, text: str) -> None:
    """Full-width characters as a keyboard with a Chinese layout sends them (never keyClicks)."""
    for ch in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)


def test_typing_starts_editing_and_enter_commits_and_moves_down(editor, qtbot):
    view = view_at(editor, "t3.new.commercial")
    type_into(view, "7")
    assert view.editor() is not None and view.editor().text() == "7"
    enter(qtbot, view)
    assert editor.doc.report.get("t3.new.commercial") == 7
    assert view.current_key() == "t3.carried_in.commercial"
    assert editor.doc.undo_stack.count() == 1


def test_full_width_digits_from_the_keyboard(editor, qtbot):
    view = view_at(editor, "t3.new.commercial")
    send_text(view, "１")
    send_text(view.editor(), "２")
    assert view.editor().text() == "１２"
    assert editor.doc.report.get("t3.new.commercial") == 12  # checked while typing
    qtbot.keyClick(view.editor(), Qt.Key.Key_Tab)
    assert editor.doc.report.get("t3.new.commercial") == 12
    assert view.current_key() == "t3.new.research"


def test_full_width_digits_committed_by_an_input_method(editor, qtbot):
    view = view_at(editor, "t3.new.research")
    event = QInputMethodEvent("", [])
    event.setCommitString("３４")
    QApplication.sendEvent(view, event)
    assert view.editor() is not None and view.editor().text() == "３４"
    enter(qtbot, view)
    assert editor.doc.report.get("t3.new.research") == 34
    assert shown(view, "t3.new.research") == "34"


def test_marks_appear_and_disappear_within_one_keystroke(editor, qtbot):
    view = view_at(editor, "t3.new.natural")
    model = view.table_model
    total_before = shown(view, "t3.new.total")
    qtbot.keyClicks(view, "1")  # 12 -> 1: 一 + 二 no longer equals （七） + 四
    assert editor.doc.mark("t3.new.natural") is not None
    assert model.index_of("t3.new.natural").data(Qt.ItemDataRole.ToolTipRole).count("两者应相等") >= 1
    assert shown(view, "t3.new.total") != total_before  # the computed total follows the keystroke
    assert any(f.rule == "R3.3" for f in editor.doc.findings)
    qtbot.keyClicks(view.editor(), "2")  # back to 12
    assert editor.doc.mark("t3.new.natural") is None
    assert shown(view, "t3.new.total") == total_before
    assert editor.doc.findings == []


def test_escape_restores_the_value_and_the_marks(editor, qtbot):
    view = view_at(editor, "t3.new.natural")
    qtbot.keyClicks(view, "5")
    assert editor.doc.findings
    qtbot.keyClick(view.editor(), Qt.Key.Key_Escape)
    assert editor.doc.report.get("t3.new.natural") == 12
    assert editor.doc.findings == []
    assert editor.doc.undo_stack.count() == 0


@pytest.mark.parametrize("text, reason", [("a", "不是数字"), ("/", "没有发生的请填 0"), ("-1", "不能为负数")])
def test_invalid_input_is_refused_at_the_cell(editor, qtbot, text, reason):
    view = view_at(editor, "t3.new.commercial")
    before = editor.doc.report.get("t3.new.commercial")
    type_into(view, text)
    line = view.editor()
    assert reason in line.rejected
    assert reason in line.toolTip()
    assert view.bubble.isVisible() and reason in view.bubble.text()  # said right under the cell
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.wait(20)
    assert view.editor() is line  # stays in the cell until fixed
    assert editor.doc.report.get("t3.new.commercial") == before
    qtbot.keyClick(line, Qt.Key.Key_Escape)
    assert editor.doc.report.get("t3.new.commercial") == before
    assert editor.doc.undo_stack.count() == 0


def test_computed_cells_cannot_be_edited(editor, qtbot):
    view = view_at(editor, "t3.new.total")
    qtbot.keyClicks(view, "9")
    assert view.editor() is None
    assert editor.doc.undo_stack.count() == 0


def test_keyboard_order_skips_totals_and_labels(editor, qtbot):
    view = view_at(editor, "t3.new.other")
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.current_key() == "t3.carried_in.natural"
    qtbot.keyClick(view, Qt.Key.Key_Backtab)
    assert view.current_key() == "t3.new.other"
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.current_key() == "t3.new.other"  # only 总计 to the right
    view.select_key("t3.other_3.natural")
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.current_key() == "t3.carried_out.natural"  # （七）总计 skipped
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert view.current_key() == "t3.new.commercial"  # the bottom of a column: the top of the next
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.current_key() == "t3.new.natural"
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.current_key() == "t3.new.natural"


def test_paste_a_block_from_excel_is_one_undo_step(editor, qtbot):
    view = view_at(editor, "t4.review.upheld")
    editor.show_section("四")
    doc = editor.doc
    QApplication.clipboard().setText("１\t2\t1,234\t0\t999\t5\r\n")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert [doc.report.get(f"t4.review.{o}") for o in ("upheld", "corrected", "other", "pending", "total")] == [
        1,
        2,
        1234,
        0,
        1237,
    ]
    assert doc.report.get("t4.direct.upheld") == 5
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert doc.report.get("t4.review.other") != 1234
    assert shown(view, "t4.review.total") == str(doc.report.get("t4.review.total"))
    doc.undo_stack.redo()
    assert doc.report.get("t4.review.other") == 1234 and shown(view, "t4.review.other") == "1234"


def test_invalid_paste_changes_nothing(editor, qtbot):
    view = view_at(editor, "t3.new.natural")
    before = dict(editor.doc.report.values)
    with qtbot.waitSignal(view.notice) as told:
        assert not view.paste("1\t2\tx\n")
    assert "没有更改任何数据" in told.args[0]
    assert editor.doc.report.values == before
    assert editor.doc.undo_stack.count() == 0


def test_copy_gives_tab_separated_text(editor, qtbot):
    view = view_at(editor, "t3.new.natural")
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    report = editor.doc.report
    assert QApplication.clipboard().text() == f"{report.get('t3.new.natural')}\t{report.get('t3.new.commercial')}"


def test_delete_clears_and_undo_brings_back(editor, qtbot):
    view = view_at(editor, "t3.new.natural")
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert editor.doc.report.get("t3.new.natural") is None
    assert editor.doc.mark("t3.new.natural") is not None  # F2: blank is not 0
    editor.doc.undo_stack.undo()
    assert editor.doc.report.get("t3.new.natural") == 12
    assert editor.doc.findings == []


def test_text_paste_keeps_paragraphs_drops_control_characters(editor):
    text_edit = editor.texts["五"]
    text_edit.clear()
    mime = QMimeData()
    mime.setText("第一段\u2029第二段\x0b第三段\x07")
    text_edit.insertFromMimeData(mime)
    assert editor.doc.report.text("五") == "第一段\n第二段\n第三段"


def test_placeholders_are_warned_about(editor, qtbot):
    text_edit = editor.texts["五"]
    text_edit.moveCursor(text_edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(text_edit, "XX")
    assert [f.rule for f in editor.doc.findings] == ["T3"]
    assert "XX" in editor.doc.findings[0].message
    editor.doc.undo_stack.undo()
    assert editor.doc.findings == []
    assert "XX" not in text_edit.toPlainText()


def row(panel: FindingsPanel, i: int) -> QTreeWidgetItem:
    item = panel.topLevelItem(i)
    assert item is not None
    return item


def test_findings_panel_lists_and_reveals(editor, qtbot):
    panel = FindingsPanel()
    qtbot.addWidget(panel)
    panel.show_document(editor.doc)
    panel.findingActivated.connect(editor.reveal)
    assert top_item(panel, 0).text(0).startswith(CLEAN)
    assert summary(*editor.doc.counts).startswith(CLEAN)
    editor.doc.set_values({"t4.review.upheld": None})
    assert panel.topLevelItemCount() == 1
    item = top_item(panel, 0)
    assert item.text(1) == "F2"
    editor.show_section("一")
    panel.itemClicked.emit(item, 0)
    assert editor.currentIndex() == editor._tab_of["四"]
    assert editor.views["t4"].current_key() == "t4.review.upheld"
    editor.doc.set_text("agency", "")
    clicked = next(
        panel.topLevelItem(i) for i in range(panel.topLevelItemCount()) if top_item(panel, i).text(1) == "F1"
    )
    panel.itemClicked.emit(clicked, 0)
    assert editor.currentIndex() == editor._tab_of[META]


def test_arrow_down_while_typing_enters_and_moves(editor, qtbot):
    view = view_at(editor, "t3.other_3.legal")
    type_into(view, "4")
    qtbot.keyClick(view.editor(), Qt.Key.Key_Down)
    assert editor.doc.report.get("t3.other_3.legal") == 4
    assert view.editor() is None
    assert view.current_key() == "t3.carried_out.legal"  # （七）总计 passed over


def test_a_number_still_being_typed_is_not_complained_about(editor, qtbot):
    view = view_at(editor, "t3.new.commercial")
    type_into(view, "1,")
    assert view.editor().rejected == "" and not view.bubble.isVisible()
    QTest.keyClicks(view.editor(), "234")
    assert editor.doc.report.get("t3.new.commercial") == 1234
    QTest.keyClicks(view.editor(), ",")
    qtbot.keyClick(view.editor(), Qt.Key.Key_Return)
    assert "千分位" in view.editor().rejected  # Enter on an unfinished number is refused with the reason


def test_the_default_title_follows_the_agency(editor):
    assert editor.title_edit.placeholderText().endswith(default_title(editor.doc.report.agency, 2023))
    editor.doc.set_text("agency", "某县教育局")
    assert editor.title_edit.placeholderText() == f"留空则使用：{default_title('某县教育局', 2023)}"
    editor.doc.undo_stack.undo()
    assert editor.doc.report.agency in editor.title_edit.placeholderText()
    assert "某县教育局" not in editor.title_edit.placeholderText()


def test_findings_panel_is_rebuilt_only_when_the_findings_change(editor, qtbot):
    panel = FindingsPanel()
    qtbot.addWidget(panel)
    panel.show_document(editor.doc)
    editor.doc.set_values({"t4.review.upheld": None})
    item = row(panel, 0)
    panel.refresh()  # the same findings: the same rows
    assert row(panel, 0) is item
    assert panel.tooltip(0) == f"{where(editor.doc, editor.doc.findings[0])}\n{editor.doc.findings[0].message}"
    assert "四" in panel.tooltip(0)
    editor.doc.set_values({"t4.review.upheld": 1})
    assert top_item(panel, 0).text(0).startswith(CLEAN)
    panel.show_document(None)
    assert panel.topLevelItemCount() == 0


@pytest.mark.parametrize("year", [2020, 2023])
def test_text_sections_show_the_editions_guide(qtbot, year):
    doc = ReportDocument(Report("某县民政局", year))
    widget = ReportEditor(doc)
    qtbot.addWidget(widget)
    for section in doc.spec.sections:
        if not section.table:
            assert widget.texts[section.id].placeholderText() == section.guide
    assert ("信息处理费" in widget.texts["六"].placeholderText()) == (year >= 2021)


def test_columns_fill_the_width_of_every_table(editor, qtbot):
    for section in ("二", "三", "四"):
        editor.show_section(section)
        view = editor.views[editor.doc.spec.section(section).table]
        qtbot.waitUntil(
            lambda v=view: sum(v.columnWidth(c) for c in range(v.table_model.columnCount())) == v.viewport().width(),
            timeout=1000,
        )
