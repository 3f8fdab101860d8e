"""Which report the window's actions act on, the trash, the new-report dialog and messages that go stale."""

from __future__ import annotations

from datetime import date

import pytest
from fixtures.gui_support import answer_next_question, make_window, open_doc, open_editor, row_in
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu

from gui.dialogs import NewReportDialog, TrashDialog
from gui.main_window import MainWindow
from gui.messages import EMPTY_TEXT, delete_question, exists_question
from gui.report_list import COLUMNS, ReportListModel
from nianbao.editions import year_problem
from nianbao.model import Report
from nianbao.samples import consistent_report
from storage.store import Store

THIS_YEAR = date.today().year


def select(window: MainWindow, report_id: int) -> None:
    window.show_list()
    window.list_view.selectRow(row_in(window.list_model, report_id))


# ------------------------------------------------------------ A: actions act on the selected row


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_duplicate_acts_on_the_selected_row_not_the_open_report(qtbot, store):
    older, _ = store.create_report(consistent_report("2021", 2023, agency="某县民政局"))
    newer, _ = store.create_report(consistent_report("2021", 2024, agency="某县民政局"))
    window = make_window(qtbot, store)
    window.open_report(newer)
    select(window, older)
    assert window.selected_id() == older and window.next_year_action.isEnabled()
    asked: list[str] = []
    answer_next_question("取消", asked)  # 2024 exists: asked, naming it, not opened silently
    window.next_year_action.trigger()
    assert asked == [exists_question("某县民政局", 2024)]
    assert "某县民政局2024年度报告" in asked[0]
    assert {r.year for r in store.list_reports()} == {2023, 2024}  # no 2025 made from the open 2024


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_export_question_names_the_selected_report(qtbot, store, tmp_path):
    clean, _ = store.create_report(consistent_report("2021", 2023, agency="某县民政局"))
    broken, _ = store.create_report(Report("某县教育局", 2023))
    window = make_window(qtbot, store)
    window.open_report(clean)
    select(window, broken)
    asked: list[str] = []
    answer_next_question("取消", asked)
    window.export_action.trigger()
    assert len(asked) == 1 and asked[0].startswith("“某县教育局2023年度报告”中还有")
    assert open_doc(window).report_id == broken  # opened first, so what is exported is what the clerk sees


def test_open_report_is_the_target_in_the_editor(qtbot, store):
    first, _ = store.create_report(Report("某县民政局", 2023))
    second, _ = store.create_report(Report("某县民政局", 2022))
    window = make_window(qtbot, store)
    window.open_report(first)
    window.list_view.selectRow(row_in(window.list_model, second))  # selected while the editor is shown
    assert window.selected_id() == first


# ------------------------------------------------------------ B: delete and the trash


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_delete_asks_naming_the_report_and_the_trash_restores_it(qtbot, store):
    keep, _ = store.create_report(Report("某县民政局", 2023))
    gone, _ = store.create_report(Report("某县教育局", 2022))
    window = make_window(qtbot, store)
    window.open_report(gone)
    select(window, gone)
    asked: list[str] = []
    answer_next_question("取消", asked)
    window.delete_action.trigger()
    assert asked == [delete_question("某县教育局2022年度报告")] and window.list_model.rowCount() == 2
    answer_next_question("移到回收站", asked)
    window.delete_action.trigger()
    assert window.doc is None  # the open report was closed first
    assert [r.id for r in window.list_model.reports] == [keep]
    assert "回收站" in window.last_message

    trash = TrashDialog(store, window)
    qtbot.addWidget(trash)
    restored: list[int] = []
    trash.restored.connect(lambda report_id, _name: restored.append(report_id))
    assert trash.model.rowCount() == 1 and trash.model.index(0, 0).data() == "某县教育局"
    qtbot.mouseClick(trash.restore_button, Qt.MouseButton.LeftButton)
    assert restored == [gone] and trash.model.rowCount() == 0 and "空" in trash.note.text()
    window.refresh_list()
    assert {r.id for r in window.list_model.reports} == {keep, gone}


def test_two_reports_of_one_agency_and_year_are_told_apart(qapp, store):
    a, _ = store.create_report(Report("某县民政局", 2023))
    b, _ = store.create_report(Report("某县民政局", 2023))
    model = ReportListModel()
    model.set_reports(store.list_reports())
    number = COLUMNS.index("编号")
    assert {model.index(r, number).data() for r in range(2)} == {str(a), str(b)}
    modified = model.index(0, COLUMNS.index("最后修改")).data()
    assert len(modified) == len("2026-01-01 12:00:00")  # with seconds


# ------------------------------------------------------------ C: the new-report dialog


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_new_report_dialog_selects_the_prefilled_agency_so_typing_replaces_it(qtbot):
    dialog = NewReportDialog(["测试县民政局", "测试县民政局办公室"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    line = dialog.agency.lineEdit()
    assert line is not None
    assert line.selectedText() == "测试县民政局"  # shown: selected
    dialog.year.setFocus()
    line.deselect()
    dialog.activateWindow()
    line.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(lambda: line.selectedText() == "测试县民政局", timeout=1000)  # focused again: selected
    QTest.keyClicks(line, "abc")  # ASCII only (non-ASCII keyClicks aborts pytest)
    assert dialog.agency.currentText() == "abc"
    line.selectAll()
    QTest.keyClicks(line, "x")
    assert line.text() == "x"  # no inline completion appended to what was typed
    completer = dialog.agency.completer()
    assert completer is not None
    assert completer.completionMode().name == "PopupCompletion"


def test_new_report_dialog_refuses_a_year_after_this_one(qtbot):
    dialog = NewReportDialog(["某县民政局"])
    qtbot.addWidget(dialog)
    dialog.year.setValue(THIS_YEAR + 1)
    dialog._accept()
    assert dialog.result() == 0 and dialog.problem.isVisibleTo(dialog)
    assert "年度报告在该年度结束后编写" in dialog.problem.text()
    assert year_problem(THIS_YEAR) is None and year_problem(THIS_YEAR + 1)
    dialog.year.setValue(THIS_YEAR)
    assert not dialog.problem.isVisibleTo(dialog)


@pytest.mark.qt_log_ignore("propagateSizeHints")
@pytest.mark.parametrize("answer", ["打开已有的", "取消"])
def test_creating_an_existing_report_asks(qtbot, store, answer):
    existing, _ = store.create_report(Report("某县民政局", 2023))
    window = make_window(qtbot, store)
    asked: list[str] = []
    answer_next_question(answer, asked)
    result = window.commands.create_report("某县民政局", 2023)
    assert asked == [exists_question("某县民政局", 2023)]
    assert len(store.list_reports()) == 1
    if answer == "取消":
        assert result is None and window.doc is None
    else:
        assert result == existing and open_doc(window).report_id == existing


def test_create_refuses_a_later_year(qtbot, store):
    window = make_window(qtbot, store)
    assert window.commands.create_report("某县民政局", THIS_YEAR + 1) is None
    assert store.list_reports() == [] and "不能新建" in window.banner.label.text()


# ------------------------------------------------------------ D: messages go when their cause does


def test_empty_state_is_said_once_and_goes_with_the_first_report(qtbot, store):
    window = make_window(qtbot, store)
    assert window.banner.isVisibleTo(window) and window.banner.label.text() == EMPTY_TEXT
    assert window.statusBar().currentMessage() != EMPTY_TEXT  # once is enough
    window.commands.create_report("某县民政局", 2023)
    assert not window.banner.isVisibleTo(window)


def test_a_failed_import_banner_goes_when_a_report_is_opened(qtbot, store, tmp_path):
    report_id, _ = store.create_report(Report("某县民政局", 2023))
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    window = make_window(qtbot, store)
    window.commands.import_path(bad)
    assert window.banner.isVisibleTo(window) and "无法导入" in window.banner.label.text()
    window.open_report(report_id)
    assert not window.banner.isVisibleTo(window)


def cell_editor(qtbot, window: MainWindow, key: str):
    open_editor(window).show_section("四")
    view = open_editor(window).views["t4"]
    view.select_key(key)
    view.setFocus()
    QTest.keyClicks(view, "1")
    return view, view.editor()


def test_rejection_in_the_status_bar_goes_when_the_text_is_fine_or_cancelled(qtbot, store):
    report_id, _ = store.create_report(Report("某县民政局", 2023))
    window = make_window(qtbot, store)
    window.open_report(report_id)
    view, editor = cell_editor(qtbot, window, "t4.review.upheld")
    QTest.keyClicks(editor, ",23")  # "1,23": commas in the wrong place
    assert "千分位" in window.statusBar().currentMessage()
    QTest.keyClicks(editor, "4")  # "1,234": fine
    assert window.statusBar().currentMessage() == ""
    editor.setText("")
    QTest.keyClicks(editor, "-")
    QTest.keyClicks(editor, "3")
    assert "负数" in window.statusBar().currentMessage()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.editor() is None, timeout=1000)
    assert window.statusBar().currentMessage() == ""


# ------------------------------------------------------------ E: the window stays on the screen


def test_clamp_rect_keeps_a_window_inside_the_available_area():
    from PySide6.QtCore import QRect

    from gui.window_state import clamp_rect

    available = QRect(0, 0, 1366, 728)  # 1366×768 less a taskbar
    assert clamp_rect(QRect(0, 0, 1366, 900), available) == QRect(0, 0, 1366, 728)
    assert clamp_rect(QRect(500, 400, 800, 600), available) == QRect(500, 128, 800, 600)
    assert clamp_rect(QRect(-50, -20, 400, 300), available) == QRect(0, 0, 400, 300)


def test_a_long_table_scrolls_instead_of_growing_the_window(qtbot, store):
    report_id, _ = store.create_report(consistent_report("2019", 2019, agency="某县民政局"))
    window = make_window(qtbot, store)
    window.open_report(report_id)
    open_editor(window).show_section("二")
    view = open_editor(window).views["t2"]
    assert view.table_model.rowCount() >= 18
    available = window.screen().availableGeometry()
    assert window.minimumSizeHint().height() < min(available.height(), 500)
    window.resize(1000, 500)
    qtbot.waitUntil(lambda: view.verticalScrollBar().maximum() > 0, timeout=1000)  # it scrolls inside
    assert window.height() == 500


def test_remembered_geometry_is_clamped_to_the_screen(qtbot, store):
    window = make_window(qtbot, store)
    available = window.screen().availableGeometry()  # offscreen: smaller than the 1366×768 the window asks for
    assert available.width() < 1366 and available.contains(window.frameGeometry())
    window.setGeometry(0, 0, 3000, 2000)
    window.close()
    again = make_window(qtbot, store)
    assert available.contains(again.frameGeometry())


# ------------------------------------------------------------ G: wording


def test_a_snapshot_name_with_its_time_is_not_followed_by_the_time_again():
    from datetime import datetime, timezone

    from gui.messages import snapshot_label

    created = datetime(2026, 11, 28, 11, 53, tzinfo=timezone.utc)
    when = f"{created.astimezone():%Y-%m-%d %H:%M}"
    assert snapshot_label(f"导入前自动保存 {when}", created) == f"导入前自动保存 {when}"
    assert snapshot_label("送审稿", created) == f"送审稿（{when}）"


@pytest.mark.parametrize("with_backup", [True, False])
def test_a_damaged_database_is_explained_once(tmp_path, with_backup):
    from gui.app import corrupt_text
    from storage import database_files
    from storage.store import CorruptDatabaseError

    if with_backup:
        Store.open(tmp_path).close()  # today's backup is made on opening
    (tmp_path / database_files.DB_NAME).write_bytes(b"this is not a database" * 100)
    with pytest.raises(CorruptDatabaseError) as caught:
        Store.open(tmp_path)
    text = corrupt_text(caught.value)
    assert text.count("损坏的文件已移到") == 1 and str(caught.value.moved_to) in text
    assert text.endswith("是否用这份备份恢复？") == (caught.value.last_good is not None)


# ------------------------------------------------------------ H: toolbar, findings over the list, help


def test_findings_panel_is_empty_over_the_list(qtbot, store):
    report_id, _ = store.create_report(Report("某县民政局", 2023))
    window = make_window(qtbot, store)
    window.open_report(report_id)
    assert window.findings.topLevelItemCount() > 0 and window.counts_label.text()
    window.show_list()
    assert window.findings.topLevelItemCount() == 0 and window.counts_label.text() == ""
    window.list_view.selectRow(row_in(window.list_model, report_id))
    window.open_selected()
    assert window.findings.topLevelItemCount() == len(open_doc(window).findings) > 0


def test_ctrl_y_redoes_in_a_text_section(qtbot, store):
    report_id, _ = store.create_report(Report("某县民政局", 2023))
    window = make_window(qtbot, store)
    window.open_report(report_id)
    open_doc(window).set_text("五", "整改")
    open_doc(window).flush()
    edit = open_editor(window).texts["五"]
    qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert open_doc(window).get_text("五") == ""
    qtbot.keyClick(edit, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert open_doc(window).get_text("五") == "整改"


def test_help_menu_says_what_the_program_is_and_how_to_use_it(qtbot, store):
    from gui.messages import about_text, usage_text
    from nianbao import __version__

    window = make_window(qtbot, store)
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    help_menu = menus["帮助(&H)"]
    assert isinstance(help_menu, QMenu)  # QAction.menu() is a QMenu; the stubs say QObject
    assert [a.text() for a in help_menu.actions()] == ["使用说明", "关于"]
    about = about_text(store.path)
    assert "政府信息公开年报助手" in about and __version__ in about and str(store.path) in about
    usage = usage_text()
    for words in ("新建", "Ctrl+Z", "Ctrl+Y", "自动保存", "导出 Word", "回收站"):
        assert words in usage


def test_the_selection_in_the_list_survives_a_refresh(qtbot, store):
    first, _ = store.create_report(Report("某县民政局", 2023))
    second, _ = store.create_report(Report("某县民政局", 2022))
    window = make_window(qtbot, store)
    window.open_report(first)
    select(window, second)
    window.refresh_list()  # as the list timer does after an edit
    assert window.selected_id() == second
    store.delete(second)
    window.refresh_list()
    assert window.selected_id() == first  # gone: the open report is selected again
