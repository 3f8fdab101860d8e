"""What real reports do, tolerated and reported: built as real Word documents (python-docx, or our own export
with its XML changed the way Word and WPS write it) and read through ``readers.read_report``."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from fixtures.docx_support import COUNTY_2021, SEED, label_grid, load, others_document, write_plain_table

from nianbao.checker import check
from nianbao.exchange import to_dict
from nianbao.model import Report, Unparsed
from nianbao.numbers import format_value
from nianbao.text import find_placeholders
from readers import ReadResult, read_pasted_text, read_report
from writers.docx_writer import export_docx


def messages(result: ReadResult) -> str:
    return "\n".join(f.message for f in result.deviations)


def set_cell(path: Path, report: Report, key: str, text: str) -> Path:
    """Write ``text`` where the data cell ``key`` stands in a document made by ``others_document`` (no merges)."""
    spec = report.spec
    cell = spec.cells_by_key[key]
    table = spec.table(cell.table)
    block = table.data_block(key)
    doc = docx.Document(str(path))
    index = [t.id for t in spec.tables].index(table.id)
    doc.tables[index].cell(block.row, block.col).text = text
    doc.save(str(path))
    return path


# ---------------------------------------------------------------- tables where Word and WPS put them


def _wrap(tbl, kind: str) -> None:
    """Put a body-level table inside a content control, custom XML or alternate content, as Word and WPS do."""
    parent = tbl.getparent()
    at = parent.index(tbl)
    if kind == "sdt":
        outer = OxmlElement("w:sdt")
        outer.append(OxmlElement("w:sdtPr"))
        inner = OxmlElement("w:sdtContent")
        outer.append(inner)
    elif kind == "customXml":
        outer = inner = OxmlElement("w:customXml")
        outer.set(qn("w:element"), "report")
    else:
        outer = parent.makeelement("{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent")
        inner = outer.makeelement("{http://schemas.openxmlformats.org/markup-compatibility/2006}Choice")
        inner.set("Requires", "w14")
        outer.append(inner)
        fallback = outer.makeelement("{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback")
        fallback.append(copy.deepcopy(tbl))
        outer.append(fallback)
    parent.remove(tbl)
    inner.append(tbl)
    parent.insert(at, outer)


@pytest.mark.parametrize("kind", ["sdt", "customXml", "AlternateContent"])
def test_tables_inside_content_controls_custom_xml_and_alternate_content(kind, tmp_path):
    report = load(COUNTY_2021)
    path = export_docx(report, tmp_path / "r.docx")
    doc = docx.Document(str(path))
    for tbl in doc.element.body.findall(qn("w:tbl")):
        _wrap(tbl, kind)
    doc.save(str(path))
    result = read_report(path)
    assert to_dict(result.report) == to_dict(report)
    assert result.deviations == ()


def test_a_report_framed_in_a_one_cell_table_is_read_as_its_content(tmp_path):
    report = load(COUNTY_2021)
    path = export_docx(report, tmp_path / "r.docx")
    doc = docx.Document(str(path))
    body = doc.element.body
    frame = doc.add_table(rows=1, cols=1)._tbl
    cell = frame.find(f"{qn('w:tr')}/{qn('w:tc')}")
    for el in [e for e in body if e.tag in (qn("w:p"), qn("w:tbl")) and e is not frame]:
        cell.append(el)
    cell.append(OxmlElement("w:p"))
    body.insert(0, frame)
    doc.save(str(path))
    assert to_dict(read_report(path).report) == to_dict(report)


def test_tables_with_more_or_fewer_grid_columns_are_read_by_their_labels(tmp_path):
    report = load(COUNTY_2021)
    doc = docx.Document()
    doc.add_paragraph(report.display_title)
    spec = report.spec
    for section in spec.sections:
        doc.add_paragraph(section.heading)
        if section.table is None:
            doc.add_paragraph(report.text(section.id) or "无。")
            continue
        table = spec.table(section.table)
        rows = label_grid(table)
        for b in table.blocks:
            if b.key is not None:
                rows[b.row][b.col] = format_value(report.get(b.key))
        if table.id == "t2":  # one more column: an empty one after the labels
            rows = [[r[0], "", *r[1:]] for r in rows]
        elif table.id == "t3":  # one label column fewer: the items without their categories
            rows = [[r[0], r[2] or r[1], *r[3:]] for r in rows]
        write_plain_table(doc, rows)
    path = tmp_path / "grid.docx"
    doc.save(str(path))
    result = read_report(path)
    assert result.report.values == report.values
    assert "列，表格无法读入" not in messages(result)


# ---------------------------------------------------------------- the shown title against the hidden properties


def test_the_shown_title_wins_over_the_hidden_properties(tmp_path):
    report = load(COUNTY_2021)
    path = export_docx(report, tmp_path / "r.docx")
    doc = docx.Document(str(path))
    title = doc.paragraphs[0]
    for run in title.runs:
        run.text = ""
    title.runs[0].text = "白云县民政局2022年政府信息公开工作年度报告"  # edited; the properties still say 青山县 2021
    doc.save(str(path))
    result = read_report(path)
    assert (result.report.agency, result.report.year) == ("白云县民政局", 2022)
    assert result.report.title == ""  # the conventional title of what it shows
    [said] = [f for f in result.deviations if "文档属性" in f.message]
    assert said.rule == "F1" and "青山县自然资源和规划局2021年" in said.message and not said.is_error


def test_a_title_that_shows_neither_agency_nor_year_keeps_our_properties(tmp_path):
    report = load(COUNTY_2021)
    report.title = "关于政务公开工作的报告"
    result = read_report(export_docx(report, tmp_path / "r.docx"))
    assert to_dict(result.report) == to_dict(report) and result.deviations == ()


# ---------------------------------------------------------------- numbers as published


@pytest.mark.parametrize(
    ("written", "value", "deviation"),
    [
        ("75394432.52元", Decimal("75394432.52"), None),  # 采购总金额 has no unit in its header: 元 is right
        ("256146", Decimal("256146"), None),
        ("102339.45万元", Decimal("1023394500"), "“102339.45万元”按 1023394500 元读入"),
    ],
)
def test_procurement_amount_with_its_unit(written, value, deviation, tmp_path):
    report = load(SEED)
    path = set_cell(
        others_document(report, tmp_path / "o.docx", split_t3=False), report, "t2.procurement.amount", written
    )
    result = read_report(path)
    assert result.report.get("t2.procurement.amount") == value
    assert not [f for f in check(result.report) if "t2.procurement.amount" in f.cells]  # never an error
    found = [f for f in result.deviations if "t2.procurement.amount" in f.cells]
    assert [f.message.split("：", 1)[1] for f in found] == ([deviation] if deviation else [])
    assert all(not f.is_error for f in found)


@pytest.mark.parametrize(
    ("key", "written", "value", "deviation"),
    [
        ("t2.licensing.change", "+12", 12, False),  # a change written with its sign
        ("t2.licensing.change", "-3", -3, False),
        ("t2.fees.previous", "5件", 5, True),
        ("t2.licensing.decisions", "1,234", 1234, True),
    ],
)
def test_counts_with_signs_units_and_separators(key, written, value, deviation, tmp_path):
    report = load(SEED)
    path = set_cell(others_document(report, tmp_path / "o.docx", split_t3=False), report, key, written)
    result = read_report(path)
    assert result.report.get(key) == value
    assert bool([f for f in result.deviations if key in f.cells]) == deviation


def test_fee_in_its_header_unit_written_in_the_cell(tmp_path):
    report = load(COUNTY_2021)
    path = set_cell(
        others_document(report, tmp_path / "o.docx", split_t3=False), report, "t2.fees.amount", "7730.28万元"
    )
    result = read_report(path)
    assert result.report.get("t2.fees.amount") == Decimal("7730.28")
    assert "“7730.28万元”按 7730.28 读入" in messages(result)


@pytest.mark.parametrize("written", ["", "/", "—"])
def test_blank_slash_and_dash_stay_f2_errors(written, tmp_path):
    report = load(COUNTY_2021)
    path = set_cell(others_document(report, tmp_path / "o.docx", split_t3=False), report, "t3.new.natural", written)
    result = read_report(path)
    value = result.report.get("t3.new.natural")
    assert value is None if not written else isinstance(value, Unparsed)
    assert any(f.rule == "F2" and f.is_error and "t3.new.natural" in f.cells for f in check(result.report))


# ---------------------------------------------------------------- rows and labels as published


def _other_as_one_row(rows: list[list[str]], table, report: Report) -> list[list[str]]:
    """Table 三 of edition 2021 with （六）其他处理 as one row (the 2019 layout), holding the sum of its items."""
    first = table.data_block("t3.other_1.natural").row
    keys = [table.data_block(f"t3.other_{i}.natural").row for i in (1, 2, 3)]
    merged = list(rows[first])
    merged[2] = ""
    for col, c in enumerate(("natural", "commercial", "research", "nonprofit", "legal", "other", "total")):
        values = [report.get(f"t3.other_{i}.{c}") for i in (1, 2, 3)]
        merged[3 + col] = format_value(sum(v for v in values if isinstance(v, int)))
    return [r for i, r in enumerate(rows) if i not in keys] [:first] + [merged] + [r for i, r in enumerate(rows) if i > keys[-1]]  # fmt: skip


@pytest.mark.parametrize("nonzero", [False, True])
def test_other_processing_as_one_row_in_edition_2021(nonzero, tmp_path):
    report = load(COUNTY_2021)
    if not nonzero:  # the applications of （六） counted under （一） instead: every sum still holds
        for i in (1, 2, 3):
            for c in ("natural", "commercial", "research", "nonprofit", "legal", "other"):
                moved = report.get(f"t3.other_{i}.{c}")
                report.set_and_derive(f"t3.other_{i}.{c}", 0)
                report.set_and_derive(f"t3.granted.{c}", report.get(f"t3.granted.{c}") + moved)  # type: ignore[operator]
        assert not {"R3.1", "R3.2", "R3.3"} & {f.rule for f in check(report)}
    doc = docx.Document()
    doc.add_paragraph(report.display_title)
    for section in report.spec.sections:
        doc.add_paragraph(section.heading)
        if section.table is None:
            doc.add_paragraph(report.text(section.id) or "无。")
            continue
        table = report.spec.table(section.table)
        rows = label_grid(table)
        for b in table.blocks:
            if b.key is not None:
                rows[b.row][b.col] = format_value(report.get(b.key))
        write_plain_table(doc, _other_as_one_row(rows, table, report) if table.id == "t3" else rows)
    path = tmp_path / "six.docx"
    doc.save(str(path))
    result = read_report(path)
    [said] = [f for f in result.deviations if "只有一行" in f.message]
    assert said.rule == "F1" and said.is_error
    assert not {"R3.1", "R3.2", "R3.3"} & {f.rule for f in check(result.report)}  # the sums still hold
    total = sum(report.get(f"t3.other_{i}.natural") for i in (1, 2, 3))  # type: ignore[misc]
    assert result.report.get("t3.other_3.natural") == total
    assert result.report.get("t3.other_1.natural") == result.report.get("t3.other_2.natural") == 0
    assert ("计入“3.其他”" in said.message) == nonzero


@pytest.mark.parametrize(
    ("official", "written"),
    [
        ("2.其他法律行政法规禁止公开", "2.其他法律行政止公开"),
        ("现行有效件数", "现行有效件数（历史累计）"),
        ("行政规范性文件", "规范性文件"),
        ("1.本机关不掌握相关政府信息", "1. 本机关 不掌握相关政府信息"),
    ],
)
def test_label_typos_and_variants_are_matched_and_named(official, written, tmp_path):
    report = load(COUNTY_2021)
    path = others_document(
        report, tmp_path / "o.docx", split_t3=False, deviate=lambda t: written if t == official else t
    )
    result = read_report(path)
    assert result.report.values == report.values
    [said] = [f for f in result.deviations if written in f.message]
    assert said.rule == "F1" and not said.is_error and f"与格式“{official}”写法不同" in said.message


@pytest.mark.parametrize(
    ("written", "heading"),
    [
        ("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况", "四、政府信息公开行政复议、行政诉讼情况"),
        ("收到和处理政府信息公开申请情况", "三、收到和处理政府信息公开申请情况"),
        ("一、基本情况", "一、总体情况"),
    ],
)
def test_headings_in_older_wording_or_without_numeral(written, heading, tmp_path):
    report = load(COUNTY_2021)
    path = others_document(report, tmp_path / "o.docx", split_t3=False)
    doc = docx.Document(str(path))
    next(p for p in doc.paragraphs if p.text == heading).text = written
    doc.save(str(path))
    result = read_report(path)
    assert result.report.values == report.values and result.report.texts == report.texts
    assert f"标题“{written}”与格式“{heading}”写法不同" in messages(result)
    assert "没有找到" not in messages(result)


def test_a_table_replaced_by_a_sentence_is_one_f1_and_no_f2(tmp_path):
    report = load(COUNTY_2021)
    path = export_docx(report, tmp_path / "r.docx")
    doc = docx.Document(str(path))
    t3 = doc.tables[1]._tbl
    sentence = OxmlElement("w:p")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "本年度未收到政府信息公开申请。"
    run.append(text)
    sentence.append(run)
    t3.addprevious(sentence)
    t3.getparent().remove(t3)
    doc.save(str(path))
    result = read_report(path)
    [said] = [f for f in result.deviations if f.section == "三"]
    assert said.rule == "F1" and "本年度未收到政府信息公开申请。" in said.message
    findings = check(result.report)
    assert not [f for f in findings if f.rule == "F2" and f.cells[0].startswith("t3.")]


def test_placeholders_are_not_letters_of_an_address():
    assert find_placeholders("电子邮箱：pzxxgkb@163.com，网址 http://www.xx.gov.cn/xxgk/") == []
    assert find_placeholders("XX县20XX年") == ["XX", "XX"]
    report = load(COUNTY_2021)
    report.preamble = "联系邮箱：pzxxgkb@163.com"
    assert not [f for f in check(report) if f.rule == "T3"]


# ---------------------------------------------------------------- pasted text


def test_pasted_text_with_tab_separated_cells_reads_like_the_document(tmp_path):
    report = load(COUNTY_2021)
    lines = [report.display_title]
    for section in report.spec.sections:
        lines.append(section.heading)
        if section.table is None:
            lines += report.text(section.id).split("\n")
            continue
        table = report.spec.table(section.table)
        for r in range(table.n_rows):
            cells = []
            for c in range(table.n_cols):
                b = table.block_at(r, c)
                if b.row == r and b.col == c:
                    cells.append(format_value(report.get(b.key)) if b.key is not None else b.text)
            lines.append("\t".join(cells))
    result = read_pasted_text("\n".join(lines))
    assert result.source_format == "文本"
    assert result.report.values == report.values
    assert (result.report.agency, result.report.year) == (report.agency, report.year)
    assert [f for f in result.deviations if f.rule == "F2"] == []
