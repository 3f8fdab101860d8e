"""Issue 10, point 2: the header rows and the row labels stay in view while a table scrolls (冻结窗格),
on the real view offscreen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from test_gui_editing import enter, type_into

from gui.document import ReportDocument
from gui.table_model import StatutoryTableModel
from gui.table_view import FrozenPane, StatutoryTableView
from nianbao.samples import consistent_report
from nianbao.spec import LabelBlock

LAST_ROW = "t3.carried_out.natural"  # 四、结转下年度继续办理·自然人


@pytest.fixture
def doc():
    return ReportDocument(consistent_report("2021", 2023))


def shown_view(qtbot, doc: ReportDocument, table: str, width: int, height: int) -> StatutoryTableView:
    view = StatutoryTableView(StatutoryTableModel(doc, table))
    qtbot.addWidget(view)
    view.resize(width, height)  # 1000×300: 表三 beside the findings panel in a 1366×768 window
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: settled(view))
    return view


def settled(view: StatutoryTableView) -> bool:
    """The columns fit to the width and the scroll ranges recomputed for them (Qt does both after a timer)."""
    model, area = view.table_model, view.viewport()
    width = sum(view.columnWidth(c) for c in range(model.columnCount()))
    height = sum(view.rowHeight(r) for r in range(model.rowCount()))
    return (view.horizontalScrollBar().maximum(), view.verticalScrollBar().maximum()) == (
        max(0, width - area.width()),
        max(0, height - area.height()),
    )


def pane(view: StatutoryTableView, rows: bool, columns: bool) -> FrozenPane:
    return next(p for p in view.panes if (p.rows, p.columns) == (rows, columns))


def label_index(view: StatutoryTableView, text: str, header: bool):
    block = next(b for b in view.table_model.table.label_blocks if b.text == text and b.header is header)
    return view.table_model.index(block.row, block.col)


def row_label_of(view: StatutoryTableView, key: str):
    """The first label of the cell's row (一、本年新收…, 三、本年度办理结果 …)."""
    row = view.table_model.table.data_block(key).row
    block = view.table_model.table.block_at(row, 0)
    assert isinstance(block, LabelBlock)
    return view.table_model.index(block.row, block.col)


def seen_in(p: FrozenPane, index) -> bool:
    return p.viewport().rect().intersected(p.visualRect(index)).height() > 10


@pytest.mark.parametrize(("table", "panes"), [("t2", [(False, True)]), ("t3", None), ("t4", [(True, False)])])
def test_what_is_frozen_comes_from_the_table_spec(qtbot, doc, table, panes):
    view = shown_view(qtbot, doc, table, 800, 300)
    spec = view.table_model.table
    assert spec.label_columns == {"t2": 1, "t3": 3, "t4": 0}[table]
    assert [(p.rows, p.columns) for p in view.panes] == (panes or [(True, False), (False, True), (True, True)])
    for p in view.panes:
        assert p.focusPolicy() == Qt.FocusPolicy.NoFocus
        assert p.editTriggers() == StatutoryTableView.EditTrigger.NoEditTriggers


def test_the_header_rows_stay_above_the_last_row(qtbot, doc, tmp_path):
    view = shown_view(qtbot, doc, "t3", 1000, 300)
    view.select_key(LAST_ROW)
    header = pane(view, rows=True, columns=False)
    assert view.verticalScrollBar().value() > 0  # scrolled down: the header rows of the model are out of view
    assert header.isVisible() and header.geometry().topLeft() == view.viewport().geometry().topLeft()
    assert header.height() == view.frozen_height() and header.width() == view.viewport().width()
    assert seen_in(header, label_index(view, doc.spec.cells_by_key[LAST_ROW].col_label, header=True))  # 自然人
    cell = view.visualRect(view.table_model.index_of(LAST_ROW))
    assert cell.top() >= header.height() and cell.bottom() < view.viewport().height()
    view.grab().save(str(tmp_path / "frozen-header.png"))
    assert (tmp_path / "frozen-header.png").stat().st_size > 0


def test_the_row_labels_stay_when_the_table_scrolls_sideways(qtbot, doc):
    view = shown_view(qtbot, doc, "t3", 300, 400)  # narrower than 表三's columns at their least
    bar = view.horizontalScrollBar()
    bar.setValue(bar.maximum())
    assert bar.value() > 0
    labels, header = pane(view, rows=False, columns=True), pane(view, rows=True, columns=False)
    assert labels.isVisible() and labels.x() == view.viewport().x() and labels.width() == view.frozen_width()
    assert seen_in(labels, row_label_of(view, "t3.new.natural"))  # 一、本年新收政府信息公开申请数量
    total = label_index(view, doc.spec.cells_by_key["t3.new.total"].col_label, header=True)  # the header moved along
    assert header.visualRect(total).left() == view.visualRect(total).left()


def test_keys_bring_a_cell_out_from_under_the_panes(qtbot, doc):
    view = shown_view(qtbot, doc, "t3", 300, 300)
    view.select_key(LAST_ROW.replace("natural", "total"))  # far right, far down
    view.select_key("t3.new.natural")  # back left and up: next to the labels, under the header rows
    cell = view.visualRect(view.table_model.index_of("t3.new.natural"))
    assert cell.left() >= view.frozen_width() and cell.top() >= view.frozen_height()


def test_typing_still_works_after_scrolling_and_clicks_on_a_pane_change_nothing(qtbot, doc):
    view = shown_view(qtbot, doc, "t3", 1000, 300)
    view.select_key(LAST_ROW)
    view.setFocus()
    header = pane(view, rows=True, columns=False)
    natural: QRect = header.visualRect(label_index(view, doc.spec.cells_by_key[LAST_ROW].col_label, header=True))
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=natural.center())
    assert view.current_key() == LAST_ROW and view.selected_keys() == [LAST_ROW]
    type_into(view, "58")
    enter(qtbot, view)
    assert doc.report.get(LAST_ROW) == 58


def test_the_wheel_over_the_header_scrolls_the_rows_not_the_header(qtbot, doc):
    view = shown_view(qtbot, doc, "t3", 1000, 300)
    header, labels = pane(view, rows=True, columns=False), pane(view, rows=False, columns=True)
    at = QPointF(50, 20)
    down = QWheelEvent(at, header.mapToGlobal(at), QPoint(), QPoint(0, -120), Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)  # fmt: skip
    QApplication.sendEvent(header.viewport(), down)
    assert view.verticalScrollBar().value() > 0
    assert header.verticalScrollBar().value() == 0
    assert labels.verticalScrollBar().value() == view.verticalScrollBar().value()
