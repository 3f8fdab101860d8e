"""The UI-free logic of the form: keyboard order, paste planning, copy text."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gui.cells import (
    Direction,
    EditMode,
    Navigator,
    PasteRejected,
    Role,
    blank_entries,
    block_role,
    copy_text,
    filled_text,
    plan_paste,
    split_clipboard,
)
from nianbao.editions import get_edition
from nianbao.model import Report, Unparsed

SPEC = get_edition("2021")
T2, T3, T4 = SPEC.table("t2"), SPEC.table("t3"), SPEC.table("t4")


def test_roles_follow_the_spec():
    roles = {block_role(b, SPEC) for b in T3.blocks}
    assert roles == set(Role)
    assert block_role(T3.data_block("t3.new.total"), SPEC) is Role.COMPUTED
    assert block_role(T3.data_block("t3.result_total.natural"), SPEC) is Role.COMPUTED
    assert block_role(T3.data_block("t3.new.natural"), SPEC) is Role.ENTRY


def test_tab_order_reads_rows_and_skips_totals():
    nav = Navigator(T3, SPEC)
    assert nav.first() == "t3.new.natural"
    assert nav.step("t3.new.other") == "t3.carried_in.natural"  # 总计 skipped, next row
    assert nav.step("t3.carried_in.natural", forward=False) == "t3.new.other"
    assert "t3.result_total.natural" not in nav.entries
    assert nav.step(nav.entries[-1]) == nav.entries[-1]  # stays at the end
    assert len(nav.entries) == sum(1 for c in T3.cells if not c.computed)


def test_arrows_skip_computed_and_label_cells():
    nav = Navigator(T3, SPEC)
    assert nav.move("t3.new.other", Direction.RIGHT) is None  # only 总计 to the right
    assert nav.move("t3.new.natural", Direction.LEFT) is None  # labels
    assert nav.move("t3.new.natural", Direction.UP) is None  # header rows
    assert nav.move("t3.other_3.natural", Direction.DOWN) == "t3.carried_out.natural"  # over （七）总计
    assert nav.move("t3.carried_out.natural", Direction.UP) == "t3.other_3.natural"


def test_enter_goes_down_then_to_the_top_of_the_next_column():
    nav = Navigator(T3, SPEC)
    assert nav.down_or_next("t3.new.natural") == "t3.carried_in.natural"
    assert nav.down_or_next("t3.other_3.natural") == "t3.carried_out.natural"  # over （七）总计
    assert nav.down_or_next("t3.carried_out.natural") == "t3.new.commercial"
    assert nav.down_or_next("t3.carried_out.other") is None  # the last column: stays
    assert nav.down_or_next(None) == "t3.new.natural"


def test_enter_in_table_two_goes_column_by_column_through_merged_cells():
    nav = Navigator(T2, SPEC)
    order = ["t2.rules.issued"]
    while (following := nav.down_or_next(order[-1])) is not None:
        order.append(following)
    assert sorted(order) == sorted(nav.entries)  # every cell once: no loop through a merged cell
    assert order[:7] == [
        "t2.rules.issued",
        "t2.normative.issued",
        "t2.licensing.decisions",
        "t2.penalty.decisions",
        "t2.coercion.decisions",
        "t2.fees.amount",
        "t2.rules.repealed",
    ]


def test_enter_in_table_four_goes_along_its_one_row():
    nav = Navigator(T4, SPEC)
    assert nav.down_or_next("t4.review.pending") == "t4.direct.upheld"  # 总计 passed over


def test_first_and_last_entry_cells():
    nav = Navigator(T3, SPEC)
    assert (nav.first(), nav.last()) == ("t3.new.natural", "t3.carried_out.other")


def test_moving_through_merged_cells_of_table_two():
    nav = Navigator(T2, SPEC)
    assert nav.move("t2.normative.issued", Direction.DOWN) == "t2.licensing.decisions"  # over two label rows
    assert nav.move("t2.licensing.decisions", Direction.UP) == "t2.normative.issued"
    assert nav.step("t2.normative.in_force") == "t2.licensing.decisions"
    assert nav.move("t2.licensing.decisions", Direction.RIGHT) is None


def test_table_four_has_one_row_of_entries():
    nav = Navigator(T4, SPEC)
    assert nav.entries[:4] == ["t4.review.upheld", "t4.review.corrected", "t4.review.other", "t4.review.pending"]
    assert nav.step("t4.review.pending") == "t4.direct.upheld"
    assert nav.move("t4.review.pending", Direction.RIGHT) == "t4.direct.upheld"


def test_split_clipboard_from_excel():
    assert split_clipboard("1\t2\r\n3\t4\r\n") == [["1", "2"], ["3", "4"]]
    assert split_clipboard("５") == [["５"]]


def test_paste_block_normalises_and_skips_computed():
    rows = split_clipboard("１２\t1,234\t0\t0\t0\t0\t999\n3\t0\t0\t0\t0\t0\n")
    plan = plan_paste(T3, SPEC, "t3.new.natural", rows)
    assert plan.values["t3.new.natural"] == 12
    assert plan.values["t3.new.commercial"] == 1234
    assert plan.values["t3.carried_in.natural"] == 3
    assert "t3.new.total" not in plan.values
    assert plan.skipped == ["t3.new.total"]


def test_paste_rejects_the_whole_block_on_one_bad_value():
    with pytest.raises(PasteRejected) as e:
        plan_paste(T3, SPEC, "t3.new.natural", [["1", "/", "-3"]])
    assert len(e.value.problems) == 2
    assert "商业企业" in e.value.problems[0] and "没有发生的请填 0" in e.value.problems[0]
    assert "不能为负数" in e.value.problems[1]


def test_paste_beyond_the_table_is_refused():
    with pytest.raises(PasteRejected, match="列"):
        plan_paste(T3, SPEC, "t3.new.other", [["1", "2", "3"]])
    with pytest.raises(PasteRejected, match="行"):
        plan_paste(T4, SPEC, "t4.review.upheld", [["1"], ["2"]])


def test_paste_a_fee_keeps_its_decimals():
    plan = plan_paste(T2, SPEC, "t2.fees.amount", [["24,252.311082"]])
    assert plan.values == {"t2.fees.amount": Decimal("24252.311082")}


def test_blank_pasted_field_clears_the_cell():
    plan = plan_paste(T4, SPEC, "t4.review.upheld", [["1", "", "2"]])
    assert plan.values == {"t4.review.upheld": 1, "t4.review.corrected": None, "t4.review.other": 2}


def test_copy_gives_tab_separated_text_one_field_per_merged_block():
    report = Report("某县民政局", 2023)
    report.set_and_derive("t3.new.natural", 5)
    b = T3.data_block("t3.new.natural")
    cells = {(b.row, c) for c in range(b.col, b.col + 3)}
    assert copy_text(T3, report, cells) == "5\t\t"
    row = T2.data_block("t2.licensing.decisions").row
    report.set("t2.licensing.decisions", 7)
    assert copy_text(T2, report, {(row, c) for c in range(4)}) == "行政许可\t7"


def test_a_row_of_table_four_pastes_across_all_three_groups():
    plan = plan_paste(
        T4, SPEC, "t4.review.upheld", [["1", "0", "0", "0", "", "2", "0", "0", "0", "", "0", "0", "1", "0", ""]]
    )
    assert plan.values["t4.after_review.other"] == 1
    assert len(plan.values) == 12


def test_arrows_leave_a_cell_typed_over_and_move_the_cursor_after_f2():
    assert all(EditMode.ENTER.arrow_leaves(d) for d in Direction)
    assert [d for d in Direction if EditMode.EDIT.arrow_leaves(d)] == [Direction.UP, Direction.DOWN]
    assert EditMode.ENTER.toggled() is EditMode.EDIT and EditMode.EDIT.toggled() is EditMode.ENTER


def test_blanks_to_zero_fills_only_blank_entry_cells():
    report = Report("某县民政局", 2023)
    report.set("t3.new.natural", 5)
    report.set("t3.new.commercial", Unparsed("/", "不是数字"))
    keys = ["t3.new.natural", "t3.new.commercial", "t3.new.research", "t3.new.total"]
    assert blank_entries(keys, report, SPEC) == ["t3.new.research"]
    assert filled_text(3, True) == "已把所选范围的 3 个空白格填 0"
    assert filled_text(0, False) == "本表没有空白格"
