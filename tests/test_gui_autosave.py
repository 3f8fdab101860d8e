"""Autosave: every change reaches the store at once; a refused write is kept and retried."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gui.autosave import Autosave
from gui.document import ReportDocument
from gui.editor import ReportEditor
from nianbao.model import Report
from nianbao.samples import consistent_report
from storage import database_files
from storage.store import Store


def open_doc(store: Store, report_id: int) -> ReportDocument:
    return ReportDocument(store.load(report_id), report_id, store, store.previous_year(report_id))


def autosave_of(doc: ReportDocument) -> Autosave:
    """The autosave of a document over a store (every document these tests open has one)."""
    assert doc.autosave is not None
    return doc.autosave


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
    assert autosave_of(doc).saved or doc.flush()
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


def test_a_locked_database_keeps_the_edit_and_retries(qtbot, tmp_path, lock_database):
    store = Store.open(tmp_path, busy_timeout=0.05)
    report_id, _ = store.create_report(Report("某县民政局", 2023))
    doc = open_doc(store, report_id)
    autosave = autosave_of(doc)
    autosave._retry.setInterval(50)
    states = []
    autosave.stateChanged.connect(lambda: states.append(autosave.saved))

    blocker = lock_database(tmp_path / database_files.DB_NAME)
    doc.set_values({"t3.new.natural": 7})
    assert not autosave.saved and autosave.retrying
    assert "占用" in autosave.error  # the store's Chinese reason, shown to the clerk
    assert doc.report.get("t3.new.natural") == 7  # kept in memory
    blocker.release()
    qtbot.waitUntil(lambda: autosave.saved, timeout=3000)
    assert states[-1] is True
    store.close()
    again = Store.open(tmp_path)
    assert again.load(report_id).get("t3.new.natural") == 7
    again.close()


# ---------------------------------------------------------------- what a keystroke, Esc and undo write


def modified(store: Store, report_id: int):
    return next(s.modified for s in store.list_reports() if s.id == report_id)


def form(qtbot, store: Store, report_id: int) -> tuple[ReportDocument, ReportEditor]:
    doc = open_doc(store, report_id)
    editor = ReportEditor(doc)
    qtbot.addWidget(editor)
    editor.show()
    editor.show_section("三")
    qtbot.waitExposed(editor)
    return doc, editor


def cell(editor: ReportEditor, key: str):
    view = editor.views[key.split(".")[0]]
    view.select_key(key)
    view.setFocus()
    return view


def test_escape_and_undo_put_back_an_imported_total_without_parts(qtbot, tmp_path):
    store = Store.open(tmp_path)
    imported = Report("某县民政局", 2023)
    imported.set("t3.new.total", 7)  # as in an imported document: the total filled in, its parts blank
    report_id, _ = store.create_report(imported, carry_forward=False)
    doc, editor = form(qtbot, store, report_id)
    view = cell(editor, "t3.new.natural")

    qtbot.keyClicks(view, "1")
    assert doc.report.get("t3.new.total") == 1  # the total follows the keystroke
    qtbot.keyClick(view.editor(), Qt.Key.Key_Escape)
    assert doc.report.get("t3.new.natural") is None and doc.report.get("t3.new.total") == 7
    assert view.table_model.index_of("t3.new.total").data() == "7"

    qtbot.keyClicks(view, "1")
    qtbot.keyClick(view.editor(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.editor() is None, timeout=1000)
    assert store.load(report_id).get("t3.new.total") == 1
    doc.undo_stack.undo()
    assert doc.report.get("t3.new.natural") is None and doc.report.get("t3.new.total") == 7
    assert store.load(report_id).values == {"t3.new.total": 7}  # what was restored is saved
    doc.undo_stack.redo()
    assert store.load(report_id).get("t3.new.total") == 1 and doc.report.get("t3.new.natural") == 1
    store.close()


def test_typing_and_escape_write_nothing(qtbot, tmp_path):
    store = Store.open(tmp_path)
    report_id, _ = store.create_report(consistent_report("2021", 2023))
    doc, editor = form(qtbot, store, report_id)
    before = modified(store, report_id)
    view = cell(editor, "t3.new.natural")
    qtbot.keyClicks(view, "5")
    qtbot.keyClicks(view.editor(), "55")
    assert doc.findings  # the keystrokes are checked …
    assert modified(store, report_id) == before  # … but nothing is written until Enter
    qtbot.keyClick(view.editor(), Qt.Key.Key_Escape)
    assert not doc.findings and autosave_of(doc).saved
    assert modified(store, report_id) == before  # a cancelled edit writes nothing
    assert [s.id for s in store.list_reports()] == [report_id]
    store.close()


def test_text_with_a_new_finding_is_written_after_the_pause_with_its_counts(qtbot, tmp_path):
    store = Store.open(tmp_path)
    report_id, _ = store.create_report(consistent_report("2021", 2023))
    doc = open_doc(store, report_id)
    before = modified(store, report_id)
    doc.set_text("五", doc.report.text("五") + "XX")  # T3: a placeholder left in the text
    assert doc.counts != (0, 0)
    assert modified(store, report_id) == before and not autosave_of(doc).saved  # not written on the keystroke
    qtbot.waitUntil(lambda: autosave_of(doc).saved, timeout=3000)
    (summary,) = store.list_reports()
    assert (summary.errors, summary.warnings) == doc.counts
    assert store.load(report_id).text("五").endswith("XX")
    store.close()
