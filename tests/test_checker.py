"""The checker: every rule of the fact sheet, on the seed report and on generated reports."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest
from fixtures.report_values import count_in
from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao import exchange
from nianbao.checker import LiveCheck, check, checks_for, count, location
from nianbao.editions import get_edition
from nianbao.model import Report, Unparsed, carry_forward
from nianbao.samples import consistent_report

SEED = Path(__file__).parent / "fixtures" / "jiaojiang_minzheng_2020.json"
EDITIONS = st.sampled_from(["2021", "2019"])


def rules(findings) -> list[str]:
    return sorted({f.rule for f in findings})


def test_seed_report_findings():
    """The published 2020 report: sections 四 and 六 missing, only the 总计 column filled."""
    report = exchange.load(SEED)
    findings = check(report)
    f1 = [f.message for f in findings if f.rule == "F1"]
    assert f1 == [
        "缺少“四、政府信息公开行政复议、行政诉讼情况”的表格数据（整张表为空）",
        "缺少“六、其他需要报告的事项”部分的内容",
    ]
    t3_rows = {c.row for c in report.spec.table("t3").cells}
    f2 = [f for f in findings if f.rule == "F2"]
    r31 = [f for f in findings if f.rule == "R3.1"]
    assert {report.spec.cells_by_key[f.cells[0]].row for f in f2} == t3_rows
    assert {report.spec.cells_by_key[f.cells[0]].row for f in r31} == t3_rows
    assert all(len(f.cells) == 6 for f in f2)  # the six applicant columns, 总计 is filled
    assert rules(findings) == ["F1", "F2", "R3.1"]
    assert count(findings) == (2 + 2 * len(t3_rows), 0)
    assert "三（七）总计·总计：各项均未填写，填报为 0" in {f.message for f in r31}


@settings(max_examples=60, deadline=None)
@given(EDITIONS, st.randoms(use_true_random=False))
def test_consistent_reports_pass(edition, rng):
    assert check(consistent_report(edition, rng=rng)) == []


def involved_uids(edition: str, key: str) -> set[str]:
    """The checks whose arithmetic reads ``key`` (sums and balances), from the spec."""
    spec = get_edition(edition)
    uids = {f"{s.rule}:{s.total}" for s in spec.sums if key == s.total or key in s.parts}
    uids |= {f"{b.rule}:{b.right[-1]}" for b in spec.balances if key in b.left + b.right}
    return uids


@settings(max_examples=80, deadline=None)
@given(EDITIONS, st.randoms(use_true_random=False), st.data())
def test_changing_one_cell_fails_exactly_the_rules_that_involve_it(edition, rng, data):
    report = consistent_report(edition, rng=rng)
    key = data.draw(st.sampled_from([k for k in report.spec.keys if not k.startswith("t2.")]))
    report.values[key] += data.draw(st.integers(min_value=1, max_value=50))
    found = {f.uid for f in check(report) if f.rule not in ("T1",)}
    assert found == involved_uids(edition, key)


def test_message_names_the_place_the_sum_and_the_entry():
    report = consistent_report("2021", rng=random.Random(7))
    report.values["t3.result_total.natural"] = count_in(report, "t3.result_total.natural") + 3
    expected = count_in(report, "t3.result_total.natural") - 3
    messages = [f.message for f in check(report) if f.rule == "R3.2"]
    assert messages == [f"三（七）总计·自然人：各项之和为 {expected}，填报为 {expected + 3}"]


def test_r33_message_shows_both_sides():
    report = consistent_report("2021", rng=random.Random(1))
    report.values["t3.carried_out.legal"] = count_in(report, "t3.carried_out.legal") + 2
    report.values["t3.carried_out.total"] = count_in(report, "t3.carried_out.total") + 2
    (finding,) = [f for f in check(report) if f.rule == "R3.3" and "法律服务机构" in f.message]
    assert finding.message.startswith("三·法律服务机构：一、本年新收 + 二、上年结转 = ")
    assert "（七）总计 + 四、结转下年度继续办理 = " in finding.message
    assert location(report, finding) == ("三、收到和处理政府信息公开申请情况", "四、结转下年度继续办理", "法律服务机构")


def test_r32_holds_while_r33_breaks_and_vice_versa():
    """A real 2020 report broke R3.2 while R3.3 held: checking the printed rule alone is not enough."""
    report = consistent_report("2019", rng=random.Random(3))
    report.values["t3.granted.natural"] = count_in(report, "t3.granted.natural") + 1
    report.values["t3.granted.total"] = count_in(report, "t3.granted.total") + 1  # the row adds up, the column does not
    assert rules(check(report)) == ["R3.2"]


def test_blank_is_not_zero():
    report = consistent_report("2021", rng=random.Random(5))
    report.set("t4.review.pending", None)
    (f2,) = [f for f in check(report) if f.rule == "F2"]
    assert f2.message == "四·行政复议：尚未审结为空白（没有发生的应填 0）"
    assert f2.cells == ("t4.review.pending",)


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [
        ("t3.new.natural", -1, "填写为 -1，不能为负数"),
        ("t3.new.natural", Decimal("1.5"), "应为整数"),
        ("t3.new.natural", Unparsed("/", "“/”不是数字；没有发生的请填 0"), "填写为“/”"),
        ("t2.fees.amount", Decimal("-2"), "不能为负数"),
    ],
)
def test_f2_bad_values(key, value, fragment):
    report = consistent_report("2021", rng=random.Random(2))
    report.values[key] = value
    assert any(f.rule == "F2" and fragment in f.message for f in check(report))


def test_f1_edition_must_match_the_year():
    report = consistent_report("2019", year=2021, rng=random.Random(4))
    (f,) = [f for f in check(report) if f.rule == "F1"]
    assert "2021年度报告应使用国办公开办函〔2021〕30号格式" in f.message


def test_f1_missing_text_sections_and_agency():
    report = consistent_report("2021", rng=random.Random(4))
    report.texts["五"] = "  \n"
    report.agency = ""
    messages = [f.message for f in check(report) if f.rule == "F1"]
    assert messages == ["基本信息：机关名称未填写", "缺少“五、存在的主要问题及改进情况”部分的内容"]


def test_x1_carry_over_must_equal_last_years_carry_forward():
    last = consistent_report("2021", year=2022, rng=random.Random(10))
    this = consistent_report("2021", year=2023, rng=random.Random(11))
    assert check(this) == []
    x1 = [f for f in check(this, last) if f.rule == "X1"]
    differing = [
        c for c, _ in this.spec.carry_in if this.values[c] != last.values[c.replace("carried_in", "carried_out")]
    ]
    assert sorted(f.cells[0] for f in x1) == sorted(differing)
    assert all(f.is_error for f in x1)


def test_carry_forward_makes_x1_pass():
    last = consistent_report("2021", year=2022, rng=random.Random(10))
    this = Report("某县民政局", 2023)
    filled = carry_forward(last, this)
    assert "t3.carried_in.total" in filled
    assert [f for f in check(this, last) if f.rule == "X1"] == []
    assert this.values["t3.carried_in.total"] == last.values["t3.carried_out.total"]


def test_x2_stock_is_a_warning():
    last = consistent_report("2021", year=2022, rng=random.Random(12))
    this = consistent_report("2021", year=2023, rng=random.Random(13))
    for in_force, issued, repealed in this.spec.stock:
        this.values[in_force] = count_in(last, in_force) + count_in(this, issued) - count_in(this, repealed)
    assert [f for f in check(this, last) if f.rule == "X2"] == []
    this.values["t2.rules.in_force"] = count_in(this, "t2.rules.in_force") + 1
    (x2,) = [f for f in check(this, last) if f.rule == "X2"]
    assert not x2.is_error and x2.cells[0] == "t2.rules.in_force"


def test_x2_does_not_compare_across_editions():
    last = consistent_report("2019", year=2020, rng=random.Random(12))
    this = consistent_report("2021", year=2021, rng=random.Random(13))
    assert [f for f in check(this, last) if f.rule == "X2"] == []


def test_t1_text_contradicting_the_table():
    report = consistent_report("2021", rng=random.Random(8))
    real = count_in(report, "t3.new.total")
    report.texts["一"] = f"本年度共收到政府信息公开申请{real + 4}件。未发生行政复议、行政诉讼。"
    t1 = [f for f in check(report) if f.rule == "T1"]
    new_claim = [f for f in t1 if "收到政府信息公开申请" in f.message]
    assert new_claim[0].message == (
        f"“一、总体情况”正文称收到政府信息公开申请 {real + 4} 件，表格中三·一、本年新收政府信息公开申请数量·总计为 {real}"
    )
    assert not new_claim[0].is_error


def test_t1_review_applications_are_not_information_requests():
    report = consistent_report("2021", rng=random.Random(8))
    for key in report.spec.table("t4").cells:
        if not key.computed:
            report.values[key.key] = 1 if key.key == "t4.review.upheld" else 0
    report.fill_computed()
    n = report.values["t3.new.total"]
    report.texts["一"] = f"本年度收到行政复议申请1件。全年共收到政府信息公开申请{n}件。未发生行政诉讼。"
    assert [f for f in check(report) if f.rule == "T1"] == []


def test_t1_full_width_digits_in_text():
    report = consistent_report("2021", rng=random.Random(8))
    n = report.values["t3.new.total"]
    report.texts["一"] = "收到申请" + str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９")) + "件。"
    assert [f for f in check(report) if f.rule == "T1"] == []


def test_t2_fee_must_be_mentioned_in_2021_only():
    report = consistent_report("2021", rng=random.Random(9))
    report.texts["六"] = "无。"
    assert rules(check(report)) == ["T2"]
    old = consistent_report("2019", rng=random.Random(9))
    old.texts["六"] = "无。"
    assert check(old) == []


def test_t3_placeholders():
    report = consistent_report("2021", rng=random.Random(9))
    report.texts["五"] += "\n待补充"
    report.preamble = "联系电话：XXXX-XXXXXXX"
    messages = sorted(f.message for f in check(report) if f.rule == "T3")
    assert messages == [
        "“五、存在的主要问题及改进情况”中还有未替换的占位内容：待补充",
        "标题、机关名称或前言中还有未替换的占位内容：XX",
    ]


@settings(max_examples=40, deadline=None)
@given(EDITIONS, st.randoms(use_true_random=False), st.data())
def test_live_check_equals_a_full_check_after_any_edits(edition, rng, data):
    report = consistent_report(edition, rng=rng)
    previous = consistent_report(edition, year=report.year - 1, rng=random.Random(1))
    live = LiveCheck(report, previous)
    entry = [k for k in report.spec.keys if not report.spec.cells_by_key[k].computed]
    for _ in range(data.draw(st.integers(1, 12))):
        key = data.draw(st.sampled_from(report.spec.keys))
        value = data.draw(st.one_of(st.none(), st.integers(-3, 30)))
        if key in entry and data.draw(st.booleans()):
            live.cells_changed(report.set_and_derive(key, value))
        else:
            report.set(key, value)
            live.cells_changed([key])
        if data.draw(st.booleans()):
            section = data.draw(st.sampled_from(["一", "五", "六"]))
            report.texts[section] = data.draw(st.sampled_from(["", "收到申请3件。", "信息处理费", "XX"]))
            live.text_changed(section)
    assert live.findings == check(report, previous)


def test_set_and_derive_updates_every_total():
    report = Report("某局", 2023)
    changed = report.set_and_derive("t3.withheld_3.legal", 4)
    assert set(changed) == {
        "t3.withheld_3.legal",
        "t3.withheld_3.total",
        "t3.result_total.legal",
        "t3.result_total.total",
    }
    assert report.values["t3.result_total.total"] == 4
    report.set_and_derive("t3.withheld_3.legal", None)
    assert "t3.result_total.total" not in report.values  # all parts blank: the total is blank again


def test_every_check_has_a_fact_sheet_rule_id():
    ids = {c.rule for e in ("2021", "2019") for c in checks_for(e)}
    assert ids <= {"R3.1", "R3.2", "R3.3", "R4.1", "F1", "F2", "X1", "X2", "T1", "T2", "T3"}
    assert {"R3.1", "R3.2", "R3.3", "R4.1", "F1", "F2", "X1", "X2", "T1", "T2"} <= ids
