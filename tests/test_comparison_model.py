"""The 同比 model, built without a view (docs/style.md), and its dialog opened from the editor."""

from __future__ import annotations

import random
from decimal import Decimal

from fixtures.report_values import count_in
from PySide6.QtCore import Qt

from gui.comparison_view import HEADERS, NO_PREVIOUS, ComparisonDialog, ComparisonModel, percent_text
from gui.document import ReportDocument
from gui.text_edit import SectionTextEdit
from nianbao import drafting
from nianbao.samples import consistent_report


def documents():
    report = consistent_report("2021", 2023, rng=random.Random(21))
    previous = consistent_report("2021", 2022, rng=random.Random(22))
    return ReportDocument(report, previous=previous), report, previous


def test_every_cell_with_last_year_the_change_and_the_percentage(qapp):
    doc, report, previous = documents()
    model = ComparisonModel(doc)
    assert model.rowCount() == len(report.spec.keys)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == list(HEADERS)
    top = model.rows[0]
    assert model.cell_text(0, 0) == top.place
    assert model.cell_text(0, 1) == str(previous.get(top.key))
    assert model.cell_text(0, 2) == str(report.get(top.key))
    assert Decimal(model.cell_text(0, 3)) == top.now - top.last
    differences = [abs(Decimal(r.change.difference)) for r in model.rows]
    assert differences == sorted(differences, reverse=True)


def test_follows_a_cell_edit(qapp):
    doc, report, previous = documents()
    model = ComparisonModel(doc)
    doc.set_values({"t3.new.natural": count_in(previous, "t3.new.natural") + 500})
    assert model.rows[0].key in ("t3.new.natural", "t3.new.total")
    assert model.index(0, 0).data(Qt.ItemDataRole.UserRole) == model.rows[0].key


def test_percent_text():
    assert percent_text(drafting.comparison(80, 90)) == "+12.5%"
    assert percent_text(drafting.comparison(90, 80)) == "-11.1%"
    assert percent_text(drafting.comparison(0, 5)) == "—"
    assert percent_text(drafting.comparison(5, 5)) == "0.0%"


def test_without_last_year_there_is_nothing_to_compare(qtbot):
    doc = ReportDocument(consistent_report("2021", 2023))
    dialog = ComparisonDialog(doc)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 0
    assert dialog.intro.text() == NO_PREVIOUS


def test_opened_from_the_text_editor(qtbot):
    doc, _, _ = documents()
    edit = SectionTextEdit(doc, "一")
    qtbot.addWidget(edit)
    dialog = edit.comparison_dialog()
    assert dialog.model.rowCount() > 0 and dialog.view.model() is dialog.model
    dialog.close()
