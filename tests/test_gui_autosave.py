"""Autosave: every change reaches the store at once; a refused write is kept and retried."""

from __future__ import annotations

import sqlite3

from gui.document import ReportDocument
from gui.editor import ReportEditor
from nianbao.model import Report
from storage import files
from storage.store import Store


def open_doc(store: Store, report_id: int) -> ReportDocument:
    return ReportDocument(store.load(report_id), report_id, store, store.previous_year(report_id))


def test_edits_are_in_the_store_after_close_and_reopen(qtbot, tmp_path):
    store = Store.open(tmp_path)
    report_id, _ = store.create_report(Report("某县民政局", 2023))
    doc = open_doc(store, report_id)
    editor = ReportEditor(doc)
    qtbot.addWidget(editor)
    view = editor.views["t3"]
    view.select_key("t3.new.natural")
    view.paste("１２\t3\n")
    doc.set_text("一", "全年收到申请15件。")
    doc.set_text("agency", "某县民政局（县政务公开办）")
    assert doc.autosave.saved or doc.flush()
    store.close()

    reopened = Store.open(tmp_path)
    report = reopened.load(report_id)
    assert report.get("t3.new.natural") == 12 and report.get("t3.new.commercial") == 3
    assert report.get("t3.new.total") == 15  # the computed total is stored too
    assert report.text("一") == "全年收到申请15件。"
    assert report.agency == "某县民政局（县政务公开办）"
    (summary,) = reopened.list_reports()
    assert (summary.errors, summary.warnings) == ReportDocument(report).counts
    reopened.close()


def test_cells_are_written_without_waiting(qtbot, tmp_path):
    store = Store.open(tmp_path)
    report_id, _ = store.create_report(Report("某县民政局", 2023))
    doc = open_doc(store, report_id)
    doc.set_values({"t4.review.upheld": 2})
    other = Store.open(tmp_path)  # a second connection sees it: it is on disk
    assert other.load(report_id).get("t4.review.total") == 2
    other.close()
    store.close()


def test_a_locked_database_keeps_the_edit_and_retries(qtbot, tmp_path):
    store = Store.open(tmp_path, busy_timeout=0.05)
    report_id, _ = store.create_report(Report("某县民政局", 2023))
    doc = open_doc(store, report_id)
    doc.autosave._retry.setInterval(50)
    states = []
    doc.autosave.stateChanged.connect(lambda: states.append(doc.autosave.saved))

    blocker = sqlite3.connect(tmp_path / files.DB_NAME, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    doc.set_values({"t3.new.natural": 7})
    assert not doc.autosave.saved and doc.autosave.retrying
    assert "占用" in doc.autosave.error  # the store's Chinese reason, shown to the clerk
    assert doc.report.get("t3.new.natural") == 7  # kept in memory
    blocker.execute("ROLLBACK")
    blocker.close()
    qtbot.waitUntil(lambda: doc.autosave.saved, timeout=3000)
    assert states[-1] is True
    store.close()
    again = Store.open(tmp_path)
    assert again.load(report_id).get("t3.new.natural") == 7
    again.close()
