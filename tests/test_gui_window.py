"""The main window: new report with carry-forward, remembered state, undo, import and export."""

from __future__ import annotations

import pytest
from fixtures.gui_support import answer_next_question, make_window, open_doc, open_editor, row_in
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox

from gui.app import install_translations
from gui.dialogs import NewReportDialog
from nianbao import exchange
from nianbao.model import Report
from nianbao.samples import consistent_report
from storage import database_files
from storage.store import Store


def test_new_report_carries_forward_and_says_which_cells(qtbot, store):
    last = consistent_report("2021", 2023, agency="某县民政局")
    store.create_report(last)
    window = make_window(qtbot, store)
    report_id = window.commands.create_report("某县民政局", 2024)
    doc = open_doc(window)
    assert doc.report_id == report_id and doc.report.year == 2024 and doc.report.edition == "2021"
    assert doc.report.get("t3.carried_in.natural") == last.get("t3.carried_out.natural")
    assert "带入" in window.last_message and window.banner.isVisibleTo(window)
    assert window.banner.label.text() == window.last_message
    assert f"自然人 {last.get('t3.carried_out.natural')}" in window.last_message
    assert window.list_model.rowCount() == 2


def test_new_report_dialog_edition_follows_the_year(qtbot):
    dialog = NewReportDialog(["某县民政局"])
    qtbot.addWidget(dialog)
    dialog.year.setValue(2020)
    assert dialog.edition.text().startswith("2019版")
    dialog.year.setValue(2021)
    assert dialog.edition.text().startswith("2021版")
    assert dialog.values() == ("某县民政局", 2021)


def test_title_shows_the_report_and_its_saved_state(qtbot, store):
    window = make_window(qtbot, store)
    window.commands.create_report("某县教育局", 2023)
    assert window.windowTitle().startswith("某县教育局2023年政府信息公开工作年度报告 — 已保存")
    open_doc(window).set_text("一", "正文")
    open_doc(window).flush()
    open_doc(window).set_text("一", "正文第二句")  # texts are written after a short pause in typing
    assert "正在保存" in window.windowTitle()
    qtbot.waitUntil(lambda: "已保存" in window.windowTitle(), timeout=2000)


def test_last_report_and_geometry_are_remembered(qtbot, store):
    window = make_window(qtbot, store)
    window.commands.create_report("某县民政局", 2023)
    report_id = open_doc(window).report_id
    window.resize(700, 500)  # the offscreen screen is 800×600
    window.close()
    again = make_window(qtbot, store)
    assert again.doc is not None and again.doc.report_id == report_id
    assert again.size().width() == 700


def test_undo_and_redo_from_the_window(qtbot, store):
    window = make_window(qtbot, store)
    window.commands.create_report("某县民政局", 2023)
    open_editor(window).show_section("四")
    view = open_editor(window).views["t4"]
    view.select_key("t4.review.upheld")
    view.setFocus()
    view.paste("1\t2")
    assert window.undo_action.isEnabled() and window.undo_action.text() == "撤销"  # short: the toolbar keeps still
    assert window.undo_action.toolTip().startswith("撤销 粘贴")
    window.undo_action.trigger()
    assert open_doc(window).report.get("t4.review.upheld") is None
    assert window.redo_action.text() == "重做" and window.redo_action.toolTip().startswith("重做 粘贴")
    window.redo_action.trigger()
    assert open_doc(window).report.get("t4.review.total") == 3
    assert window.undo_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    redo_keys = window.redo_action.shortcuts()
    assert QKeySequence("Ctrl+Y") in redo_keys and QKeySequence("Ctrl+Shift+Z") in redo_keys
    assert len(redo_keys) == len(set(k.toString() for k in redo_keys))


def test_import_json_and_export_word_with_a_snapshot(qtbot, store, tmp_path):
    source = consistent_report("2021", 2023, agency="某县司法局")
    exchange.save(source, tmp_path / "report.json")
    window = make_window(qtbot, store)
    report_id = window.commands.import_path(tmp_path / "report.json")
    assert open_doc(window).report_id == report_id and open_doc(window).report.values == source.values
    written = window.commands.export_to(tmp_path / "out.docx")
    assert written is not None and written.exists()
    assert [s.name for s in store.list_snapshots(report_id)][0].startswith("导出 ")
    from readers.docx_reader import read_docx

    assert read_docx(written).report.values == source.values


def test_duplicate_for_next_year(qtbot, store):
    window = make_window(qtbot, store)
    first, _ = store.create_report(consistent_report("2021", 2023, agency="某县民政局"))
    window.open_report(first)
    window.commands.duplicate_next_year()
    assert open_doc(window).report.year == 2024 and open_doc(window).report_id != first
    assert open_doc(window).report.text("五")  # texts kept
    assert "2024年度" in window.last_message


def test_qt_standard_dialogs_speak_chinese(qapp, tmp_path):
    from PySide6.QtCore import QFileInfo
    from PySide6.QtWidgets import QAbstractButton, QFileDialog, QFileIconProvider, QLabel

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert install_translations(app)
    # the widget-based file dialog, as on Linux desktops without a platform theme (Xvfb)
    dialog = QFileDialog(None, "导入报告", str(tmp_path), "年度报告 (*.docx *.json)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    texts = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton) if w.text()]
    assert texts and not [t for t in texts if t.isascii() and any(c.isalpha() for c in t)], texts
    assert QFileIconProvider().type(QFileInfo(str(tmp_path))) == "文件夹"
    box = QMessageBox(
        QMessageBox.Icon.Question, "问题", "？", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    )
    assert [b.text() for b in box.buttons()] == ["是(&Y)", "否(&N)"]
    dialog.deleteLater()
    box.deleteLater()


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on showing the question
@pytest.mark.parametrize("answer", ["替换", "两份都保留", "取消"])
def test_import_of_an_existing_report_asks(qtbot, store, tmp_path, answer):
    from gui.messages import import_question
    from writers.docx_writer import export_docx

    source = consistent_report("2021", 2023, agency="某县司法局")
    export_docx(source, tmp_path / "source.docx")
    window = make_window(qtbot, store)
    existing, _ = store.create_report(Report("某县司法局", 2023))
    asked: list[str] = []
    answer_next_question(answer, asked)
    report_id = window.commands.import_path(tmp_path / "source.docx")
    assert asked == [import_question("某县司法局", 2023, "source.docx")]
    ids = {s.id for s in store.list_reports()}
    if answer == "替换":
        assert report_id == existing and ids == {existing}
        assert open_doc(window).report.values == source.values
        assert store.list_snapshots(existing)  # the previous content is kept
        assert "已替换原有内容" in window.last_message
    elif answer == "两份都保留":
        assert report_id != existing and ids == {existing, report_id}
        assert store.load(existing).values == {} and store.load(report_id).values == source.values
    else:
        assert report_id is None and ids == {existing} and store.load(existing).values == {}
        assert "未导入" in window.last_message


def test_import_question_names_the_report_and_the_choices():
    from gui.messages import import_question

    question = import_question("某县司法局", 2023, "司法局年报.docx")
    assert question.startswith("某县司法局2023年度的报告已经存在")
    assert "“替换”" in question and "“两份都保留”" in question and "司法局年报.docx" in question


def test_import_counts_in_the_list_are_those_after_reopening(qtbot, store, tmp_path):
    from fixtures.docx_support import COUNTY_2021, load, others_document

    from gui.document import ReportDocument

    path = others_document(load(COUNTY_2021), tmp_path / "others.docx", deviate=lambda t: t.replace("许可", "许 可"))
    window = make_window(qtbot, store)
    report_id = window.commands.import_path(path)
    deviations = [f for f in open_doc(window).deviations if "写法不同" in f.message]
    assert deviations  # the reader's deviations are shown once, after the import, in a group of their own
    assert not any("写法不同" in f.message for f in open_doc(window).findings)
    assert open_doc(window).findings == []  # a clean report: one line saying so, then the deviations' group
    assert window.findings.topLevelItemCount() == 1 + 1 + len(open_doc(window).deviations)
    group = window.findings.topLevelItem(1)
    assert group is not None
    title = group.text(0)
    assert title.startswith("读入的文件与格式不符之处") and f"{len(open_doc(window).deviations)} 处" in title
    listed = [(s.errors, s.warnings) for s in store.list_reports()]
    window.close_report()
    reopened = ReportDocument(store.load(report_id), report_id, store, store.previous_year(report_id))
    assert not any("写法不同" in f.message for f in reopened.findings)
    assert listed == [reopened.counts] == [(s.errors, s.warnings) for s in store.list_reports()]


def test_unreadable_import_is_said_and_changes_nothing(qtbot, store, tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    window = make_window(qtbot, store)
    assert window.commands.import_path(bad) is None
    assert "无法导入" in window.last_message and window.banner.isVisibleTo(window)
    assert store.list_reports() == []


def test_a_failing_store_is_told_and_closing_keeps_a_copy(qtbot, tmp_path, monkeypatch, lock_database):

    from storage import database_files

    monkeypatch.setenv("HOME", str(tmp_path))  # where the rescue copy goes
    store = Store.open(tmp_path / "data", busy_timeout=0.05)
    report_id, _ = store.create_report(Report("某县民政局", 2023))
    window = make_window(qtbot, store)
    window.open_report(report_id)
    blocker = lock_database(tmp_path / "data" / database_files.DB_NAME)
    open_doc(window).set_values({"t4.review.upheld": 3})
    assert "未能保存" in window.windowTitle()
    assert "暂时无法保存" in window.banner.label.text() and "仍保留在窗口中" in window.banner.label.text()
    assert not window.close()  # first close: kept open, told why
    assert window.close()  # second close: a JSON copy is kept
    (copy,) = tmp_path.glob("年报助手未保存的报告-*.json")
    assert exchange.load(copy).get("t4.review.upheld") == 3
    blocker.release()
    store.close()


def test_export_asks_only_when_there_are_errors_and_lists_them():
    from datetime import datetime

    from gui.messages import export_question
    from nianbao.checker import check
    from nianbao.naming import export_snapshot_name

    assert export_question(check(consistent_report("2021", 2023)), "某县民政局2023年度报告") is None
    question = export_question(check(Report("某县民政局", 2023)), "某县民政局2023年度报告")
    assert question is not None
    assert question.startswith("“某县民政局2023年度报告”中还有")
    assert "· 缺少“一、总体情况”部分的内容" in question and question.endswith("仍要导出吗？")
    assert export_snapshot_name("Word", datetime(2025, 1, 20, 9, 5)) == "导出 Word 2025-01-20 09:05"


def test_another_report_is_not_opened_while_changes_cannot_be_saved(qtbot, tmp_path, lock_database):

    from storage import database_files

    store = Store.open(tmp_path, busy_timeout=0.05)
    first, _ = store.create_report(Report("某县民政局", 2023))
    second, _ = store.create_report(Report("某县教育局", 2023))
    window = make_window(qtbot, store)
    window.open_report(first)
    blocker = lock_database(tmp_path / database_files.DB_NAME)
    open_doc(window).set_values({"t4.review.upheld": 3})
    assert not window.open_report(second)
    assert open_doc(window).report_id == first and open_doc(window).report.get("t4.review.upheld") == 3
    blocker.release()
    assert window.open_report(second)
    assert store.load(first).get("t4.review.upheld") == 3
    store.close()


def test_restoring_a_snapshot_waits_for_pending_edits(qtbot, tmp_path, lock_database):
    store = Store.open(tmp_path, busy_timeout=0.05)
    report_id, _ = store.create_report(Report("某县民政局", 2023))
    snapshot_id = store.snapshot(report_id, "空白")
    window = make_window(qtbot, store)
    window.open_report(report_id)
    blocker = lock_database(tmp_path / database_files.DB_NAME)  # reads work, every write waits and fails
    open_doc(window).set_values({"t4.review.upheld": 3})  # not saved yet
    assert not window.commands.restore_snapshot_id(snapshot_id, "空白")
    assert "暂不能恢复快照" in window.banner.label.text()
    assert open_doc(window).report.get("t4.review.upheld") == 3  # the edit is still there, nothing restored
    blocker.release()
    assert window.commands.restore_snapshot_id(snapshot_id, "空白")
    assert open_doc(window).report.get("t4.review.upheld") is None  # the snapshot, not the edit on top of it
    assert store.load(report_id).get("t4.review.upheld") is None
    store.close()


def test_export_waits_for_pending_edits(qtbot, tmp_path, lock_database):
    store = Store.open(tmp_path, busy_timeout=0.05)
    report_id, _ = store.create_report(consistent_report("2021", 2023))
    window = make_window(qtbot, store)
    window.open_report(report_id)
    blocker = lock_database(tmp_path / database_files.DB_NAME)  # reads work, every write waits and fails
    open_doc(window).set_values({"t4.review.upheld": 3})
    assert window.commands.export_to(tmp_path / "out.docx") is None
    assert not (tmp_path / "out.docx").exists() and "暂不能导出" in window.banner.label.text()
    blocker.release()
    assert window.commands.export_to(tmp_path / "out.docx") is not None
    (snapshot,) = store.list_snapshots(report_id)
    assert snapshot.automatic and snapshot.name.startswith("导出 Word")  # pruned like every automatic one
    from readers.docx_reader import read_docx

    assert read_docx(tmp_path / "out.docx").report.get("t4.review.upheld") == 3
    assert exchange.loads(store.db.execute("SELECT data FROM snapshots").fetchone()[0]).get("t4.review.upheld") == 3
    store.close()


def test_storage_failures_are_said_not_raised(qtbot, tmp_path):
    """A store that cannot be read any more (here: closed) is told in Chinese; nothing raises."""
    store = Store.open(tmp_path)
    report_id, _ = store.create_report(Report("某县民政局", 2023))
    exchange.save(Report("某县教育局", 2023), tmp_path / "other.json")
    window = make_window(qtbot, store)
    window.open_report(report_id)
    store.close()
    window.commands.duplicate_next_year()
    assert window.last_message.startswith("无法复制为下一年度")
    assert window.commands.import_path(tmp_path / "other.json") is None
    assert window.last_message.startswith("无法保存导入的报告")
    window.commands.restore_snapshot()
    assert window.last_message.startswith("无法读取快照")
    assert window.commands.create_report("某县财政局", 2023) is None
    assert window.last_message.startswith("无法新建报告")


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on showing the question
def test_a_damaged_report_is_named_and_its_snapshot_offered(qtbot, store):
    from fixtures.gui_support import answer_next_question

    report = consistent_report("2021", 2023)
    report_id, _ = store.create_report(report)
    store.snapshot(report_id, "送审稿")
    store.db.execute(
        "UPDATE cells SET value = '{broken' WHERE report_id = ? AND key = 't4.review.upheld'", (report_id,)
    )
    window = make_window(qtbot, store)
    asked: list[str] = []
    answer_next_question("恢复快照", asked)
    assert window.open_report(report_id)
    assert asked and "已损坏" in asked[0] and "送审稿" in asked[0]
    assert open_doc(window).report.get("t4.review.upheld") == report.get("t4.review.upheld")


def test_the_store_gets_its_idle_call(qtbot, store):
    window = make_window(qtbot, store)
    assert window._idle_timer.isActive() and window._idle_timer.interval() == 1000


def test_a_report_pasted_as_text_is_imported(qtbot, store):
    from gui.paste_dialog import PasteDialog

    dialog = PasteDialog()
    qtbot.addWidget(dialog)
    dialog.editor.setPlainText("某县民政局2023年政府信息公开工作年度报告\x00\n一、总体情况\n本年度……")
    assert "\x00" not in dialog.text()
    window = make_window(qtbot, store)
    text = "\n".join(
        [
            "某县民政局2023年政府信息公开工作年度报告",
            "一、总体情况",
            "本年度，本机关认真贯彻落实政府信息公开条例。",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "本年度未收到政府信息公开申请。",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "加强培训。",
            "六、其他需要报告的事项",
            "本年度未收取信息处理费。",
        ]
    )
    report_id = window.commands.import_pasted(text)
    assert report_id is not None
    stored = store.load(report_id)
    assert (stored.agency, stored.year) == ("某县民政局", 2023) and "加强培训" in stored.text("五")
    assert "已导入 粘贴的文字" in window.last_message


def test_undo_acts_only_where_the_report_is_shown(qtbot, store):
    report_id, _ = store.create_report(Report("某县民政局", 2023))
    window = make_window(qtbot, store)
    window.open_report(report_id)
    open_doc(window).set_values({"t4.review.upheld": 3})
    assert window.undo_action.isEnabled()
    window.show_list()  # the report stays open behind the list: Ctrl+Z must not change it unseen
    assert not window.undo_action.isEnabled()
    window.undo_action.trigger()
    assert open_doc(window).report.get("t4.review.upheld") == 3
    window.list_view.selectRow(row_in(window.list_model, report_id))
    assert window.open_target() is not None  # the same document in the editor again
    assert window.undo_action.isEnabled()
