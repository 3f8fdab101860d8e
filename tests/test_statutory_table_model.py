"""The table model of 二、三、四, built without a view."""

from __future__ import annotations

import pytest
from fixtures.report_values import count_in
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from gui.cells import Role
from gui.document import ReportDocument
from gui.table_model import CELL_ROLE, COLOURS, KEY_ROLE, MARK_COLOURS, MARK_ROLE, StatutoryTableModel
from nianbao.model import Report
from nianbao.samples import consistent_report
from nianbao.spec import Severity

DISPLAY, EDIT = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole


@pytest.fixture
def doc(qapp):
    return ReportDocument(Report("某县民政局", 2023))


def at(model: StatutoryTableModel, key: str, role=DISPLAY):
    return model.index_of(key).data(role)


@pytest.mark.parametrize(
    "edition, table_id, shape",
    [
        ("2021", "t2", (14, 4)),
        ("2021", "t3", (28, 10)),
        ("2021", "t4", (4, 15)),
        ("2019", "t2", (18, 5)),
        ("2019", "t3", (26, 10)),
    ],
)
def test_shape_and_spans_come_from_the_spec(qapp, edition, table_id, shape):
    year = 2023 if edition == "2021" else 2020
    model = StatutoryTableModel(ReportDocument(Report("某县民政局", year)), table_id)
    assert (model.rowCount(), model.columnCount()) == shape
    table = model.table
    assert {(b.row, b.col, b.rowspan, b.colspan) for b in model.spans()} == {
        (b.row, b.col, b.rowspan, b.colspan) for b in table.blocks if b.rowspan > 1 or b.colspan > 1
    }


def test_header_and_row_labels_are_model_cells(doc):
    model = StatutoryTableModel(doc, "t3")
    assert model.index(0, 3).data() == "申请人情况"
    assert model.index(1, 4).data() == "法人或其他组织"
    assert model.index(2, 8).data() == "其他"
    assert model.index(5, 0).data() == "\n".join("三、本年度办理结果")  # a tall one-column label: top-down
    assert model.index(6, 0).data() is None  # covered by the merged label above
    assert model.index(0, 0).data(CELL_ROLE) is Role.HEADER


def test_flags_entry_computed_and_labels(doc):
    model = StatutoryTableModel(doc, "t3")
    entry = model.flags(model.index_of("t3.new.natural"))
    total = model.flags(model.index_of("t3.new.total"))
    label = model.flags(model.index(3, 0))
    assert entry & Qt.ItemFlag.ItemIsEditable
    assert not total & Qt.ItemFlag.ItemIsEditable and total & Qt.ItemFlag.ItemIsSelectable
    assert not label & Qt.ItemFlag.ItemIsSelectable


def test_set_data_normalises_full_width_and_updates_totals(doc, qtbot):
    model = StatutoryTableModel(doc, "t3")
    with qtbot.waitSignal(model.dataChanged):
        assert model.setData(model.index_of("t3.new.natural"), "１２")
    assert model.setData(model.index_of("t3.new.commercial"), "1,234")
    assert at(model, "t3.new.natural") == "12"
    assert at(model, "t3.new.total") == "1246"
    assert doc.report.get("t3.new.natural") == 12


def test_set_data_refuses_invalid_text_and_computed_cells(doc):
    model = StatutoryTableModel(doc, "t3")
    model.setData(model.index_of("t3.new.natural"), "3")
    assert not model.setData(model.index_of("t3.new.natural"), "abc")
    assert not model.setData(model.index_of("t3.new.natural"), "-1")
    assert not model.setData(model.index_of("t3.new.total"), "9")
    assert at(model, "t3.new.natural") == "3"
    assert at(model, "t3.new.total") == "3"


def test_computed_cells_look_different(doc):
    model = StatutoryTableModel(doc, "t3")
    computed = at(model, "t3.result_total.natural", Qt.ItemDataRole.BackgroundRole)
    entry = at(model, "t3.new.natural", Qt.ItemDataRole.BackgroundRole)
    assert isinstance(computed, QBrush) and computed.color() == COLOURS[Role.COMPUTED]
    assert entry.color() == COLOURS[Role.ENTRY]
    assert "自动计算" in at(model, "t3.new.total", Qt.ItemDataRole.ToolTipRole)


def test_marks_follow_the_checker(qapp):
    report = consistent_report("2021", 2023)
    doc = ReportDocument(report)
    model = StatutoryTableModel(doc, "t3")
    assert at(model, "t3.new.natural", MARK_ROLE) is None
    model.setData(model.index_of("t3.new.natural"), str(count_in(report, "t3.new.natural") + 1))
    assert at(model, "t3.new.natural", MARK_ROLE) == "error"
    assert at(model, "t3.new.natural", Qt.ItemDataRole.BackgroundRole).color() == MARK_COLOURS[Severity.ERROR]
    assert "R3.3" not in at(model, "t3.new.natural", Qt.ItemDataRole.ToolTipRole)  # the message, in Chinese
    assert "两者应相等" in at(model, "t3.new.natural", Qt.ItemDataRole.ToolTipRole)
    doc.undo_stack.undo()
    assert at(model, "t3.new.natural", MARK_ROLE) is None


def test_key_role_and_index_of_round_trip(doc):
    model = StatutoryTableModel(doc, "t4")
    for cell in model.table.cells:
        assert at(model, cell.key, KEY_ROLE) == cell.key
    assert model.index(0, 0).data() == "行政复议"
    assert model.index(0, 5).data() == "行政诉讼"


def test_fee_cell_keeps_decimals(doc):
    model = StatutoryTableModel(doc, "t2")
    assert model.setData(model.index_of("t2.fees.amount"), "２４２５２.３１１０８２")
    assert at(model, "t2.fees.amount") == "24252.311082"


def test_blank_cells_are_marked_softer_than_wrong_numbers(doc):
    from gui.table_model import UNFILLED_COLOUR

    model = StatutoryTableModel(doc, "t4")
    model.setData(model.index_of("t4.review.upheld"), "1")
    blank = at(model, "t4.review.corrected", Qt.ItemDataRole.BackgroundRole)
    assert at(model, "t4.review.corrected", MARK_ROLE) == "error"  # F2: blank is not 0
    assert blank.color() == UNFILLED_COLOUR
    assert at(model, "t4.direct.total", MARK_ROLE) == "error"
    assert at(model, "t4.direct.total", Qt.ItemDataRole.BackgroundRole).color() == COLOURS[Role.COMPUTED]
    doc.set_values({"t4.review.corrected": 5})
    doc.set_values({"t4.review.upheld": None})
    assert at(model, "t4.review.upheld", Qt.ItemDataRole.BackgroundRole).color() == UNFILLED_COLOUR


@pytest.mark.parametrize("year", [2019, 2023])
def test_tall_one_column_labels_read_top_down_from_the_top(qapp, year):
    doc = ReportDocument(Report("某县民政局", year))
    for table_id in ("t2", "t3", "t4"):
        model = StatutoryTableModel(doc, table_id)
        for b in model.table.blocks:
            index = model.index(b.row, b.col)
            if b.reads_vertically:
                assert index.data(DISPLAY) == "\n".join(b.text)  # one character per line, from the spec
                assert index.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignTop
            elif b.key is None:
                assert index.data(DISPLAY) == b.text
    t3 = StatutoryTableModel(doc, "t3")
    assert [b.text for t in doc.spec.tables for b in t.blocks if b.reads_vertically] == ["三、本年度办理结果"]
    (tall,) = [b for b in t3.table.blocks if b.text == "三、本年度办理结果"]
    assert t3.index(tall.row, tall.col).data(DISPLAY).split("\n")[:3] == ["三", "、", "本"]
