"""Bound data paragraphs in the text editor, through real widgets (offscreen)."""

from __future__ import annotations

import pytest
from fixtures.report_values import count_in
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu

from gui.document import ReportDocument
from gui.editor import ReportEditor
from gui.text_edit import BOUND_REFUSED, INSERT_MENU, SectionTextEdit
from nianbao import drafting
from nianbao.checker import check
from nianbao.samples import consistent_report
from nianbao.spec import Rule

FREE = "本年度，本机关认真贯彻落实政府信息公开条例。"


@pytest.fixture
def editor(qtbot):
    report = consistent_report("2021", 2023)
    report.texts["一"] = FREE
    doc = ReportDocument(report)
    widget = ReportEditor(doc)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    widget.show_section("一")
    qtbot.waitExposed(widget)
    return widget


def text_edit(editor: ReportEditor) -> SectionTextEdit:
    edit = editor.texts["一"]
    edit.setFocus()
    return edit


def cursor_at_end(edit: SectionTextEdit) -> None:
    cursor = edit.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    edit.setTextCursor(cursor)


def insert(edit: SectionTextEdit, kind_id: str) -> None:
    """Through the context menu's 插入数据段落 submenu, as the clerk does."""
    menu = QMenu()
    sub = edit.add_insert_menu(menu)
    assert sub is not None and sub.title() == INSERT_MENU
    (action,) = [a for a in sub.actions() if a.text() == kind_id]
    action.trigger()
    menu.deleteLater()


def block_text(edit: SectionTextEdit, n: int) -> str:
    return edit.document().findBlockByNumber(n).text()


def test_inserted_paragraph_is_stored_as_a_reference_and_shown_written(editor, qtbot):
    edit = text_edit(editor)
    cursor_at_end(edit)
    insert(edit, "依申请公开")
    doc = editor.doc
    assert doc.report.texts["一"] == FREE + "\n" + drafting.marker("依申请公开")
    assert block_text(edit, 1) == drafting.paragraph(doc.report, drafting.KINDS_BY_ID["依申请公开"])
    assert (
        edit.document().findBlockByNumber(1).blockFormat().background().color()
        != edit.document().findBlockByNumber(0).blockFormat().background().color()
    )
    assert [s.id for s in edit.kinds()] == ["主动公开", "依申请公开", "复议诉讼"]


def test_a_cell_edit_rewrites_the_paragraph_at_once(editor, qtbot):
    edit = text_edit(editor)
    cursor_at_end(edit)
    insert(edit, "依申请公开")
    doc = editor.doc
    new = count_in(doc.report, "t3.new.total")
    assert f"申请{new}件" in block_text(edit, 1)
    doc.tentative("t3.new.natural", str(count_in(doc.report, "t3.new.natural") + 3))  # a keystroke in the cell
    assert f"申请{new + 3}件" in block_text(edit, 1)
    assert doc.report.texts["一"].endswith(drafting.marker("依申请公开"))  # no number was stored


def test_typing_inside_is_refused_and_delete_removes_it_whole(editor, qtbot):
    edit = text_edit(editor)
    cursor_at_end(edit)
    insert(edit, "复议诉讼")
    before = block_text(edit, 1)
    with qtbot.waitSignal(edit.notice) as said:
        QTest.keyClick(edit, Qt.Key.Key_A)
    assert said.args == [BOUND_REFUSED]
    event = QInputMethodEvent("", [])
    event.setCommitString("改")
    with qtbot.waitSignal(edit.notice):
        QTest.qWait(0)
        edit.inputMethodEvent(event)
    assert block_text(edit, 1) == before
    QTest.keyClick(edit, Qt.Key.Key_Delete)
    assert editor.doc.report.texts["一"] == FREE
    assert edit.document().blockCount() == 1


def test_free_text_after_it_stays_editable_and_checked(editor, qtbot):
    edit = text_edit(editor)
    cursor_at_end(edit)
    insert(edit, "依申请公开")
    cursor_at_end(edit)
    QTest.keyClick(edit, Qt.Key.Key_Return)  # at the end of the bound paragraph: a new free line
    new = count_in(editor.doc.report, "t3.new.total")
    QTest.keyClicks(edit, f"shou dao shen qing {new + 1}")
    event = QInputMethodEvent("", [])
    event.setCommitString(f"收到申请{new + 1}件")
    edit.inputMethodEvent(event)
    stored = editor.doc.report.texts["一"].split("\n")
    assert stored[1] == drafting.marker("依申请公开") and stored[2].endswith(f"收到申请{new + 1}件")
    assert [f.uid for f in editor.doc.findings if f.rule is Rule.T1] == ["T1:一:new"]
    assert [f.uid for f in check(editor.doc.report) if f.rule is Rule.T1] == ["T1:一:new"]


def test_the_editor_shows_what_word_gets(qtbot):
    report = consistent_report("2021", 2023)
    previous = consistent_report("2021", 2022)
    report.texts["一"] = "\n".join([FREE, drafting.marker("依申请公开"), drafting.marker("复议诉讼")])
    doc = ReportDocument(report, previous=previous)
    edit = SectionTextEdit(doc, "一")
    qtbot.addWidget(edit)
    assert edit.toPlainText() == drafting.rendered_text(report, "一", previous)
    assert edit.toPlainText().count(drafting.ROUNDING_NOTE) <= 1
    assert edit.stored_text() == report.texts["一"]
