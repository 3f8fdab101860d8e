"""The format editions against the official fact sheet: labels verbatim, spans, cell counts."""

from __future__ import annotations

import pytest

from nianbao.editions import EDITIONS, T3_NOTE, edition_for_year, get_edition
from nianbao.spec import CellKind

# Typed from the official format (国办公开办函〔2021〕30号 / 〔2019〕60号), character by character.
SECTIONS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]
T3_LABELS_COMMON = [
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "总计",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）不予公开",
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "（四）无法提供",
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "（五）不予处理",
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理",
    "（七）总计",
    "四、结转下年度继续办理",
]
T3_OTHER_2021 = [
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
]
T4_LABELS = ["行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"] + [
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "总计",
] * 3
T2_2021 = [
    "第二十条第（一）项",
    "信息内容",
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "规章",
    "行政规范性文件",
    "第二十条第（五）项",
    "信息内容",
    "本年处理决定数量",
    "行政许可",
    "第二十条第（六）项",
    "信息内容",
    "本年处理决定数量",
    "行政处罚",
    "行政强制",
    "第二十条第（八）项",
    "信息内容",
    "本年收费金额（单位：万元）",
    "行政事业性收费",
]
T2_2019 = [
    "第二十条第（一）项",
    "信息内容",
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "规章",
    "规范性文件",
    "第二十条第（五）项",
    "信息内容",
    "上一年项目数量",
    "本年增/减",
    "处理决定数量",
    "行政许可",
    "其他对外管理服务事项",
    "第二十条第（六）项",
    "信息内容",
    "上一年项目数量",
    "本年增/减",
    "处理决定数量",
    "行政处罚",
    "行政强制",
    "第二十条第（八）项",
    "信息内容",
    "上一年项目数量",
    "本年增/减",
    "行政事业性收费",
    "第二十条第（九）项",
    "信息内容",
    "采购项目数量",
    "采购总金额",
    "政府集中采购",
]


def labels(edition: str, table: str) -> list[str]:
    """Label texts in reading order (row by row, left to right)."""
    blocks = sorted(
        (b for b in get_edition(edition).table(table).blocks if not b.is_data), key=lambda b: (b.row, b.col)
    )
    return [b.text for b in blocks]


@pytest.mark.parametrize("edition", ["2021", "2019"])
def test_sections_verbatim(edition):
    assert [s.heading for s in get_edition(edition).sections] == SECTIONS


@pytest.mark.parametrize(("edition", "expected"), [("2021", T2_2021), ("2019", T2_2019)])
def test_table_2_labels_verbatim(edition, expected):
    assert labels(edition, "t2") == expected


@pytest.mark.parametrize("edition", ["2021", "2019"])
def test_table_3_labels_verbatim(edition):
    expected = list(T3_LABELS_COMMON)
    if edition == "2021":
        i = expected.index("（六）其他处理") + 1
        expected[i:i] = T3_OTHER_2021
    assert sorted(labels(edition, "t3")) == sorted(expected)
    assert len(labels(edition, "t3")) == len(expected)


@pytest.mark.parametrize("edition", ["2021", "2019"])
def test_table_4_labels_verbatim(edition):
    assert sorted(labels(edition, "t4")) == sorted(T4_LABELS)


@pytest.mark.parametrize(
    ("edition", "table", "rows", "cols", "cells"),
    [
        ("2021", "t2", 14, 4, 10),
        ("2021", "t3", 28, 10, 175),
        ("2021", "t4", 4, 15, 15),
        ("2019", "t2", 18, 5, 22),
        ("2019", "t3", 26, 10, 161),
        ("2019", "t4", 4, 15, 15),
    ],
)
def test_grid_sizes_and_cell_counts(edition, table, rows, cols, cells):
    spec = get_edition(edition).table(table)
    assert (spec.n_rows, spec.n_cols, len(spec.cells)) == (rows, cols, cells)


@pytest.mark.parametrize("edition", ["2021", "2019"])
def test_blocks_tile_the_grid_exactly(edition):
    for table in get_edition(edition).tables:
        covered: set[tuple[int, int]] = set()
        for b in table.blocks:
            area = {(r, c) for r in range(b.row, b.row + b.rowspan) for c in range(b.col, b.col + b.colspan)}
            assert not area & covered, (table.id, b)
            covered |= area
        assert covered == {(r, c) for r in range(table.n_rows) for c in range(table.n_cols)}
        assert sum(1 for b in table.blocks if b.is_data) == len(table.cells)


def span(edition: str, table: str, text: str) -> tuple[int, int, int, int]:
    b = next(b for b in get_edition(edition).table(table).blocks if b.text == text)
    return b.row + 1, b.col + 1, b.rowspan, b.colspan  # 1-based, as the fact sheet counts


@pytest.mark.parametrize(
    ("edition", "text", "expected"),
    [
        ("2021", T3_NOTE, (1, 1, 3, 3)),
        ("2021", "申请人情况", (1, 4, 1, 7)),
        ("2021", "自然人", (2, 4, 2, 1)),
        ("2021", "法人或其他组织", (2, 5, 1, 5)),
        ("2021", "总计", (2, 10, 2, 1)),
        ("2021", "一、本年新收政府信息公开申请数量", (4, 1, 1, 3)),
        ("2021", "三、本年度办理结果", (6, 1, 22, 1)),
        ("2019", "三、本年度办理结果", (6, 1, 20, 1)),
        ("2021", "（一）予以公开", (6, 2, 1, 2)),
        ("2021", "（三）不予公开", (8, 2, 8, 1)),
        ("2021", "（四）无法提供", (16, 2, 3, 1)),
        ("2021", "（五）不予处理", (19, 2, 5, 1)),
        ("2021", "（六）其他处理", (24, 2, 3, 1)),
        ("2019", "（六）其他处理", (24, 2, 1, 2)),
        ("2021", "（七）总计", (27, 2, 1, 2)),
        ("2019", "（七）总计", (25, 2, 1, 2)),
        ("2021", "四、结转下年度继续办理", (28, 1, 1, 3)),
    ],
)
def test_table_3_spans(edition, text, expected):
    assert span(edition, "t3", text) == expected


def test_table_4_spans():
    assert span("2021", "t4", "行政复议") == (1, 1, 1, 5)
    assert span("2021", "t4", "行政诉讼") == (1, 6, 1, 10)
    assert span("2021", "t4", "未经复议直接起诉") == (2, 6, 1, 5)
    assert span("2021", "t4", "复议后起诉") == (2, 11, 1, 5)
    first_outcomes = [b for b in get_edition("2021").table("t4").blocks if b.text == "结果维持"]
    assert sorted((b.row + 1, b.col + 1, b.rowspan) for b in first_outcomes) == [(2, 1, 2), (3, 6, 1), (3, 11, 1)]


def test_table_2_spans():
    assert span("2021", "t2", "第二十条第（八）项") == (12, 1, 1, 4)
    assert span("2021", "t2", "本年收费金额（单位：万元）") == (13, 2, 1, 3)
    assert span("2019", "t2", "本年新公开数量") == (2, 3, 1, 2)
    assert span("2019", "t2", "第二十条第（九）项") == (16, 1, 1, 5)
    assert span("2019", "t2", "采购项目数量") == (17, 2, 1, 2)
    assert span("2019", "t2", "采购总金额") == (17, 4, 1, 2)
    fee = get_edition("2021").table("t2").data_block("t2.fees.amount")
    assert (fee.row + 1, fee.col + 1, fee.colspan) == (14, 2, 3)


def test_cell_kinds():
    e21, e19 = get_edition("2021"), get_edition("2019")
    assert e21.cells_by_key["t2.fees.amount"].kind is CellKind.FEE
    assert e19.cells_by_key["t2.procurement.amount"].kind is CellKind.AMOUNT
    signed = sorted(k for k, c in e19.cells_by_key.items() if c.kind is CellKind.SIGNED)
    assert signed == sorted(f"t2.{r}.change" for r in ("licensing", "other_services", "penalty", "coercion", "fees"))
    assert not any(c.kind is CellKind.SIGNED for c in e21.cells_by_key.values())


@pytest.mark.parametrize("edition", ["2021", "2019"])
def test_computed_cells_are_the_totals(edition):
    spec = get_edition(edition)
    computed = {k for k, c in spec.cells_by_key.items() if c.computed}
    t3_rows = len(spec.table("t3").cells) // 7
    assert len([k for k in computed if k.startswith("t3.")]) == t3_rows + 6  # 总计 column and （七）总计 row
    assert {k for k in computed if k.startswith("t4.")} == {
        "t4.review.total",
        "t4.direct.total",
        "t4.after_review.total",
    }
    assert computed == set(spec.computed_by_key)


def test_edition_follows_the_year():
    assert [edition_for_year(y) for y in (2019, 2020, 2021, 2025)] == ["2019", "2019", "2021", "2021"]
    assert list(EDITIONS) == ["2021", "2019"]
    with pytest.raises(KeyError, match="未知的格式版本"):
        get_edition("2018")


def test_storage_keys_are_unique_and_shared_between_editions():
    e21, e19 = get_edition("2021"), get_edition("2019")
    for spec in (e21, e19):
        keys = [c.key for t in spec.tables for c in t.cells]
        assert len(keys) == len(set(keys))
    t3_common = {k for k in e21.keys if k.startswith("t3.")} & {k for k in e19.keys if k.startswith("t3.")}
    assert len(t3_common) == 175 - 3 * 7  # all but （六）其他处理's rows
