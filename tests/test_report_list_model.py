"""The report list model, built without a view over a real store."""

from __future__ import annotations

from fixtures.gui_support import row_in
from PySide6.QtCore import Qt

from gui.report_list import COLUMNS, ID_ROLE, ReportListModel, counts_text
from nianbao.model import Report
from nianbao.samples import consistent_report
from storage.store import Store


def test_rows_show_agency_year_edition_modified_and_counts(qapp, tmp_path):
    store = Store.open(tmp_path)
    clean_id, _ = store.create_report(consistent_report("2021", 2023, agency="某县民政局"))
    blank_id, _ = store.create_report(Report("某县教育局", 2020))
    model = ReportListModel()
    model.set_reports(store.list_reports())
    store.close()
    assert model.columnCount() == len(COLUMNS) == 6
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)] == list(COLUMNS)
    row = row_in(model, blank_id)
    texts = [model.index(row, c).data() for c in range(6)]
    assert texts[:3] == ["某县教育局", "2020", "2019版"] and texts[5] == str(blank_id)
    assert texts[4].split(" / ")[0] != "0"  # a blank report has errors
    clean = row_in(model, clean_id)
    assert model.index(clean, 4).data() == "通过"
    assert model.index(clean, 0).data(ID_ROLE) == clean_id


def test_counts_text(qapp, tmp_path):
    store = Store.open(tmp_path)
    report_id, _ = store.create_report(Report("某县民政局", 2023))
    store.save_counts(report_id, 3, 1)
    (summary,) = store.list_reports()
    store.close()
    assert counts_text(summary) == "3 / 1"
