"""Reports as agencies published them (the shared corpus, read in place): what its notes say, asserted where the
file determines it.

Skipped with a reason when the corpus folder is absent (a user's fresh clone); with ``NIANBAO_REQUIRE_CORPUS=1``
(CI) that is a failure.
"""

from __future__ import annotations

import os
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from nianbao.checker import Finding, check
from nianbao.model import Report
from readers import ReadResult, read_report

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
T3_COLUMNS = ("natural", "commercial", "research", "nonprofit", "legal", "other", "total")
T4_KEYS = tuple(
    f"t4.{g}.{o}"
    for g in ("review", "direct", "after_review")
    for o in ("upheld", "corrected", "other", "pending", "total")
)


def corpus_file(name: str) -> Path:
    path = CORPUS / name
    if path.exists():
        return path
    reason = f"the corpus of published reports is not here ({CORPUS})"
    if os.environ.get("NIANBAO_REQUIRE_CORPUS") == "1":
        pytest.fail(f"NIANBAO_REQUIRE_CORPUS=1 but {reason}")
    pytest.skip(reason)


@cache
def _read(name: str) -> ReadResult:
    return read_report(corpus_file(name))


def read(name: str) -> tuple[Report, list[Finding], list[Finding]]:
    """The report, the deviations of the file, and the checker's findings."""
    result = _read(name)
    return result.report, list(result.deviations), check(result.report)


def row(report: Report, row_id: str) -> list[int | Decimal | None]:
    return [report.get(f"t3.{row_id}.{c}") for c in T3_COLUMNS]  # type: ignore[misc]


def rules(findings: list[Finding]) -> set[str]:
    return {f.rule for f in findings}


def messages(findings: list[Finding]) -> str:
    return "\n".join(f.message for f in findings)


# ---------------------------------------------------------------- the publishers' PDFs


def test_hongze_2023_reads_every_cell_and_breaks_r41_twice():
    report, deviations, findings = read("huaian_hongzequ_2023.pdf")
    assert (report.agency, report.year, report.edition) == ("洪泽区人民政府", 2023, "2021")
    assert [f.message for f in findings if f.rule == "R4.1"] == [
        "四·行政复议·总计：各项之和为 11，填报为 0",
        "四·行政诉讼·复议后起诉·总计：各项之和为 5，填报为 0",
    ]
    assert not rules(findings) & {"R3.1", "R3.2", "R3.3", "F2", "T1"}  # table 三 holds; the narrative's 21 too
    assert row(report, "new") == [21, 0, 0, 0, 0, 0, 21]
    assert report.get("t3.result_total.total") == 21 and report.get("t3.carried_out.total") == 0
    assert [report.get(f"t2.normative.{c}") for c in ("issued", "repealed", "in_force")] == [0, 5, 5]
    assert report.get("t2.fees.amount") == Decimal("7730.28")
    _assert_hongze_deviations(deviations)


def _assert_hongze_deviations(deviations: list[Finding]) -> None:
    text = messages(deviations)
    assert "“2.其他法律行政止公开”与格式“2.其他法律行政法规禁止公开”写法不同" in text
    single = [f for f in deviations if "“（六）其他处理”只有一行" in f.message]
    assert len(single) == 1 and single[0].rule == "F1" and single[0].is_error
    assert len(deviations) == 2, text


def test_hongze_2024_holds_every_rule_and_its_narrative_says_17():
    report, deviations, findings = read("huaian_hongzequ_2024.pdf")
    assert (report.agency, report.year) == ("淮安市洪泽区人民政府", 2024)
    assert [f.rule for f in findings] == ["T1"]
    assert "17 件" in findings[0].message and "95" in findings[0].message
    assert row(report, "new")[-1] == 95 and row(report, "carried_in")[-1] == 0
    assert [report.get(k) for k in T4_KEYS] == [1, 1, 0, 0, 2, 1, 0, 0, 0, 1, 2, 0, 1, 0, 3]
    _assert_hongze_deviations(deviations)


def test_hongze_2023_to_2024_carry_and_stock_hold():
    before, *_ = read("huaian_hongzequ_2023.pdf")
    after, *_ = read("huaian_hongzequ_2024.pdf")
    across = check(after, previous=before)
    assert "X1" not in rules(across)
    assert not any(f.rule == "X2" and "t2.normative.in_force" in f.cells for f in across)


def test_huaian_city_2024_holds_and_its_items_use_the_comma():
    report, deviations, findings = read("huaian_city_2024.pdf")
    assert (report.agency, report.year) == ("淮安市人民政府", 2024)
    assert findings == []
    assert [report.get(f"t3.{r}.total") for r in ("new", "carried_in", "result_total", "carried_out")] == [
        3119,
        34,
        3050,
        103,
    ]
    assert [report.get(f"t4.{g}.total") for g in ("review", "direct", "after_review")] == [351, 26, 20]
    assert report.get("t2.fees.amount") == Decimal("96171.6")
    # "第二十条 第（一）项": the PDF has no space character there, only a gap, which is layout: no deviation
    assert [f.message.split("”")[0] for f in deviations] == ["表三标签“1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "表三标签“2、申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "表三标签“3、其他"]  # fmt: skip
    assert all(not f.is_error for f in deviations)


# ---------------------------------------------------------------- crawled page text


@pytest.mark.parametrize(
    ("name", "sentences"),
    [
        ("hebei_kejiting_2019.txt", {"三": "2019年未收到政府信息公开申请。", "四": "2019年未发生涉及政府信息公开"}),
        ("hebei_kejiting_2020.txt", {"三": "2020年未收到政府信息公开申请。", "四": "2020年未发生涉及政府信息公开"}),
        ("hebei_gongxinting_2019.txt", {"四": "2019年河北省工业和信息化厅未发生"}),
        ("hebei_gongxinting_2020.txt", {"四": "2020年河北省工业和信息化厅未发生"}),
    ],
)
def test_a_table_replaced_by_a_sentence_is_one_f1_quoting_it(name, sentences):
    report, deviations, findings = read(name)
    for section, sentence in sentences.items():
        said = [f for f in deviations if f.section == section and f.rule == "F1" and "缺失" in f.message]
        assert len(said) == 1 and sentence in said[0].message and said[0].is_error
        table = {"三": "t3", "四": "t4"}[section]
        assert not [f for f in findings if f.rule == "F2" and f.cells[0].startswith(table)]  # no flood of F2


@pytest.mark.parametrize(
    "name",
    [
        "hebei_renshiting_2019.txt",
        "hebei_renshiting_2020.txt",
        "hebei_renshiting_2022.txt",
        "hebei_renshiting_2023.txt",
    ],
)
def test_texts_whose_crawl_lost_the_tables_have_no_table(name):
    report, deviations, findings = read(name)
    assert report.values == {}
    missing = {f.section for f in findings if f.rule == "F1" and "整张表为空" in f.message}
    assert missing == {"二", "三", "四"}
    assert not rules(findings) & {"F2", "R3.1", "R3.2", "R3.3", "R4.1"}


def test_kejiting_2019_has_no_table_two_and_no_section_six():
    _, deviations, _ = read("hebei_kejiting_2019.txt")
    text = messages(deviations)
    assert "没有找到表二" in text and "没有找到“六、其他需要报告的事项”标题" in text


def _unreadable(deviations: list[Finding]) -> dict[str, str]:
    """place of the row -> what was written, for the rows that could not be read."""
    found = {}
    for f in deviations:
        if f.rule == "F2" and "未读入" in f.message:
            place, _, rest = f.message.partition("：")
            found[place] = rest.split("“")[1].split("”")[0]
    return found


@pytest.mark.parametrize(
    ("name", "rows"),
    [
        (
            "hebei_kejiting_2020.txt",
            {
                "二·规范性文件": "111151",
                "二·行政许可": "201956",
                "二·其他对外管理服务事项": "0+34636",
                "二·政府集中采购": "102339.45万元",
            },
        ),  # fmt: skip
        ("hebei_kejiting_2021.txt", {"二·行政规范性文件": "81153"}),
        (
            "hebei_kejiting_2022.txt",
            {
                "三·一、本年新收政府信息公开申请数量": "110000011",
                "三（一）予以公开": "100000010",
                "三（七）总计": "20000011",
            },
        ),  # fmt: skip
        (
            "hebei_kejiting_2023.txt",
            {
                "二·行政规范性文件": "1153",
                "三·一、本年新收政府信息公开申请数量": "170000017",
                "三（一）予以公开": "170000017",
                "三（七）总计": "170000017",
            },
        ),  # fmt: skip
        ("hebei_gongxinting_2021.txt", {"二·行政规范性文件": "5225"}),
        (
            "hebei_gongxinting_2023.txt",
            {
                "二·行政规范性文件": "1126",
                "三·一、本年新收政府信息公开申请数量": "81010010",
                "三（七）总计": "81010010",
            },
        ),  # fmt: skip
    ],
)
def test_run_together_digits_name_the_rows_that_cannot_be_read(name, rows):
    report, deviations, _ = read(name)
    assert _unreadable(deviations) == rows
    for f in deviations:
        if "未读入" in f.message:
            assert all(report.get(k) is None for k in f.cells)  # never a guessed split


def test_gongxinting_2019_signs_and_blank_zeros():
    report, deviations, _ = read("hebei_gongxinting_2019.txt")
    unreadable = _unreadable(deviations)
    assert unreadable["二·行政许可"] == "156-5997"  # 156 / −59 / 97 or 156 / −5 / 997 …: no split
    assert unreadable["二·政府集中采购"] == "304948.3955万元"
    assert unreadable["三·一、本年新收政府信息公开申请数量"] == "22"  # the zero cells were left blank
    assert [report.get(f"t2.penalty.{c}") for c in ("previous", "change", "decisions")] == [1, -1, 0]  # "1-10"


def test_gongxinting_2023_fee_with_six_decimals_and_table_four_split():
    report, _, _ = read("hebei_gongxinting_2023.txt")
    assert report.get("t2.fees.amount") == Decimal("670.376375")
    assert [report.get(k) for k in T4_KEYS] == [0, 0, 0, 1, 1, 3, 0, 0, 0, 3, 0, 0, 0, 1, 1]  # "000113000300011"
    assert row(report, "unavailable_1") == [3, 0, 0, 1, 0, 0, 4]


def test_kejiting_2022_cells_parted_by_full_width_spaces_are_read():
    report, _, _ = read("hebei_kejiting_2022.txt")
    assert [report.get(f"t2.normative.{c}") for c in ("issued", "repealed", "in_force")] == [13, 8, 49]


def test_kejiting_2020_label_variants_are_named_with_the_official_label():
    _, deviations, _ = read("hebei_kejiting_2020.txt")
    text = messages(deviations)
    assert "“本年度新制作数量”与格式“本年新制作数量”写法不同" in text
    assert "“本年度公开数量”与格式“本年新公开数量”写法不同" in text


@pytest.mark.parametrize(
    "name",
    [
        "hebei_jiaoyuting_2019.txt",
        "hebei_jiaoyuting_2021.txt",
        "hebei_jiaoyuting_2022.txt",
        "hebei_jiaoyuting_2023.txt",
    ],
)
def test_jiaoyuting_cells_one_a_line_are_read_fully(name):
    report, deviations, findings = read(name)
    assert not [f for f in deviations if f.rule == "F2"]  # every row read, none run together
    assert not rules(findings) & {"R3.1", "R3.2", "R3.3"}  # and all the sums of table 三 hold
    if name != "hebei_jiaoyuting_2019.txt":  # whose table 四 gives only its three totals
        assert "R4.1" not in rules(findings)


def test_jiaoyuting_2019_blank_rows_and_the_three_cells_of_table_four():
    report, _, findings = read("hebei_jiaoyuting_2019.txt")
    assert row(report, "new") == [16, 0, 0, 0, 0, 0, 16]
    assert row(report, "granted")[-1] == 9 and row(report, "unavailable_1")[-1] == 3
    assert row(report, "unavailable_2")[-1] == 4 and row(report, "result_total")[-1] == 16
    blank_rows = [f for f in findings if f.rule == "F2" and f.cells[0].startswith("t3.")]
    assert len(blank_rows) == 16
    assert all(len(f.cells) == 7 for f in blank_rows)  # completely blank
    # only 3 of 15 cells: the blank lines around them show they are the three totals
    assert [report.get(k) for k in T4_KEYS] == [None] * 4 + [0] + [None] * 4 + [0] + [None] * 4 + [0]
    assert report.get("t2.procurement.amount") == 256146  # no unit written: 元


def test_jiaoyuting_2021_one_blank_cell_of_seven():
    report, _, findings = read("hebei_jiaoyuting_2021.txt")
    assert row(report, "new") == [34, 1, 0, 0, 2, 0, 37] == row(report, "result_total")
    assert row(report, "carried_in") == [0, 0, 0, 0, 0, 0, None]
    assert [f.cells for f in findings if f.rule == "F2"] == [("t3.carried_in.total",)]
    assert [report.get(f"t2.normative.{c}") for c in ("issued", "repealed", "in_force")] == [7, 25, 181]
    assert report.get("t2.fees.amount") == Decimal("1163.54")


def test_jiaoyuting_2022_stock_warning_against_2021():
    before, *_ = read("hebei_jiaoyuting_2021.txt")
    after, deviations, _ = read("hebei_jiaoyuting_2022.txt")
    stock = [f for f in check(after, previous=before) if f.rule == "X2"]
    assert [f.cells[0] for f in stock] == ["t2.normative.in_force"]
    assert "181" in stock[0].message and "159" in stock[0].message
    assert any("四、因政府信息公开工作被申请行政复议" in f.message for f in deviations)  # the older heading


def test_jiaoyuting_2023_values():
    report, _, _ = read("hebei_jiaoyuting_2023.txt")
    assert row(report, "withheld_4") == [2, 1, 0, 0, 0, 0, 3]
    assert [report.get(k) for k in T4_KEYS] == [6, 1, 0, 0, 7] + [0] * 5 + [6, 1, 0, 0, 7]
    assert report.get("t2.fees.amount") == Decimal("397.619")


# ---------------------------------------------------------------- without the corpus


def test_without_the_corpus_tests_skip_unless_ci_requires_it(tmp_path, monkeypatch):
    monkeypatch.setitem(globals(), "CORPUS", tmp_path / "absent")
    monkeypatch.delenv("NIANBAO_REQUIRE_CORPUS", raising=False)
    with pytest.raises(pytest.skip.Exception):
        corpus_file("huaian_city_2024.pdf")
    monkeypatch.setenv("NIANBAO_REQUIRE_CORPUS", "1")
    with pytest.raises(pytest.fail.Exception):
        corpus_file("huaian_city_2024.pdf")
