"""Word export: layout and tables checked in the XML, the seed reproduced, safe writing."""

from __future__ import annotations

import os
import stat
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from fixtures.docx_support import COUNTY_2021, SEED, load

from nianbao.checker import check
from nianbao.model import Report, Unparsed
from nianbao.naming import docx_filename
from readers.docx_reader import read_docx
from writers.docx_writer import (
    BODY_FONT,
    LEVEL2_FONT,
    TITLE_FONT,
    ExportError,
    build_document,
    column_twips,
    export_docx,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def county() -> Report:
    return load(COUNTY_2021)


@pytest.fixture(scope="module")
def county_docx(county, tmp_path_factory) -> Path:
    return export_docx(county, tmp_path_factory.mktemp("export") / "county.docx")


def body_tables(path: Path):
    return docx.Document(str(path)).tables


# ---------------------------------------------------------------- tables per the spec


@pytest.mark.parametrize("fixture", [COUNTY_2021, SEED], ids=["2021", "2019"])
def test_merges_widths_and_header_rows_follow_the_spec(fixture, tmp_path):
    report = load(fixture)
    path = export_docx(report, tmp_path / "r.docx")
    tables = body_tables(path)
    assert len(tables) == 3
    for spec, table in zip(report.spec.tables, tables, strict=True):
        tbl = table._tbl
        grid = [int(g.get(qn("w:w"))) for g in tbl.iter(W + "gridCol")]
        assert grid == column_twips(spec)
        assert abs(sum(grid) - Mm(156).twips) <= 2
        assert tbl.find(f"{W}tblPr/{W}tblLayout").get(qn("w:type")) == "fixed"
        rows = tbl.findall(W + "tr")
        assert len(rows) == spec.n_rows
        for r, tr in enumerate(rows):
            assert tr.find(f"{W}trPr/{W}cantSplit") is not None
            assert (tr.find(f"{W}trPr/{W}tblHeader") is not None) == (r < spec.header_rows)
            col = 0
            for tc in tr.findall(W + "tc"):
                block = spec.block_at(r, col)
                assert block.col == col
                span = tc.find(f"{W}tcPr/{W}gridSpan")
                assert (int(span.get(qn("w:val"))) if span is not None else 1) == block.colspan
                vmerge = tc.find(f"{W}tcPr/{W}vMerge")
                if block.rowspan == 1:
                    assert vmerge is None
                else:
                    expected = "restart" if r == block.row else None
                    assert vmerge.get(qn("w:val")) == expected
                width = int(tc.find(f"{W}tcPr/{W}tcW").get(qn("w:w")))
                assert width == sum(grid[col : col + block.colspan])
                assert tc.find(f"{W}tcPr/{W}vAlign").get(qn("w:val")) == "center"
                col += block.colspan
            assert col == spec.n_cols


def test_every_label_is_verbatim_in_its_cell(county_docx, county):
    for spec, table in zip(county.spec.tables, body_tables(county_docx), strict=True):
        for block in spec.blocks:
            if not block.is_data:
                assert table.cell(block.row, block.col).text == block.text


def test_borders_are_half_point_single_lines(county_docx):
    for table in body_tables(county_docx):
        borders = table._tbl.find(f"{W}tblPr/{W}tblBorders")
        sides = {el.tag.removeprefix(W): (el.get(qn("w:val")), el.get(qn("w:sz"))) for el in borders}
        assert sides == {s: ("single", "4") for s in ("top", "left", "bottom", "right", "insideH", "insideV")}


def test_table_fonts_come_from_the_spec_and_the_note_is_kaiti(county_docx, county):
    for spec, table in zip(county.spec.tables, body_tables(county_docx), strict=True):
        for run in table._tbl.iter(W + "r"):
            assert run.find(f"{W}rPr/{W}sz").get(qn("w:val")) == str(round(spec.font_pt * 2))
        if spec.note_block:
            note = table.cell(spec.note_block.row, spec.note_block.col)
            fonts = note._tc.find(f".//{W}rFonts")
            assert fonts.get(qn("w:eastAsia")) == LEVEL2_FONT


def test_numbers_are_centred_and_blank_cells_stay_blank(tmp_path):
    report = load(SEED)  # only the 总计 column of 三 is filled, table 四 is empty
    tables = body_tables(export_docx(report, tmp_path / "seed.docx"))
    t3 = report.spec.table("t3")
    for block in t3.blocks_by_key.values():
        cell = tables[1].cell(block.row, block.col)
        expected = "" if report.get(block.key) is None else str(report.get(block.key))
        assert cell.text == expected
        assert cell.paragraphs[0].alignment == 1  # centred
    assert all(c.text == "" for c in tables[2].rows[3].cells)


def test_negative_change_and_the_fee_are_written_exactly(tmp_path):
    report = load(SEED)
    report.set("t2.licensing.change", -17)
    report.set("t2.procurement.amount", Decimal("24252.311082"))
    report.set("t2.fees.previous", Unparsed("/", "不是数字"))
    t2 = report.spec.table("t2")
    table = body_tables(export_docx(report, tmp_path / "r.docx"))[0]

    def text(key: str) -> str:
        block = t2.data_block(key)
        return table.cell(block.row, block.col).text

    assert text("t2.licensing.change") == "-17"
    assert text("t2.procurement.amount") == "24252.311082"
    assert text("t2.fees.previous") == "/"


def style_of(paragraph: Paragraph) -> ParagraphStyle:
    assert paragraph.style is not None
    return paragraph.style


def run_font(run: Run, slot: str) -> str | None:
    fonts = run._r.find(f"{W}rPr/{W}rFonts")
    assert fonts is not None
    return fonts.get(qn(slot))


# ---------------------------------------------------------------- page and type


def test_page_margins_and_a4(county_docx):
    section = docx.Document(str(county_docx)).sections[0]
    sizes = [section.page_width, section.page_height, section.top_margin, section.bottom_margin]
    sizes += [section.left_margin, section.right_margin]
    assert [round(m.mm) if m is not None else None for m in sizes] == [210, 297, 37, 35, 28, 26]


def test_east_asian_fonts_everywhere_and_chinese_theme_language(county_docx):
    doc = docx.Document(str(county_docx))
    defaults = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(W + "rFonts").get(qn("w:eastAsia")) == BODY_FONT
    assert defaults.find(W + "lang").get(qn("w:eastAsia")) == "zh-CN"
    assert doc.settings.element.find(W + "themeFontLang").get(qn("w:eastAsia")) == "zh-CN"
    used = {style_of(p).style_id for p in doc.paragraphs} | {"年报二级标题", "年报表格文字"}
    for style_id in used:
        style = next(s for s in doc.styles if s.style_id == style_id)
        assert style.element.find(f"{W}rPr/{W}rFonts").get(qn("w:eastAsia")), style_id
    for run in doc.element.body.iter(W + "r"):
        fonts = run.find(f"{W}rPr/{W}rFonts")
        assert fonts.get(qn("w:eastAsia")) and fonts.get(qn("w:ascii")) == "Times New Roman"


def test_title_body_headings_and_level2(county_docx, county):
    doc = docx.Document(str(county_docx))
    title = doc.paragraphs[0]
    assert title.text == f"{county.agency}\n{county.display_title[len(county.agency) :]}"  # two meaningful lines
    assert run_font(title.runs[0], "w:eastAsia") == TITLE_FONT
    assert style_of(title).font.size.pt == 22 and title.alignment == 1
    headings = [p.text for p in doc.paragraphs if style_of(p).style_id == "年报一级标题"]
    assert headings == [s.heading for s in county.spec.sections]
    normal = doc.styles["Normal"]
    assert normal.font.size.pt == 16 and round(normal.paragraph_format.line_spacing.pt, 2) == 28.95
    assert normal.paragraph_format.first_line_indent.pt == 32
    level2 = [p for p in doc.paragraphs if p.text.startswith("（一）主动公开")][0]
    assert level2.runs[0].text == "（一）主动公开。" and level2.runs[0].style.style_id == "年报二级标题"
    assert run_font(level2.runs[1], "w:eastAsia") == BODY_FONT


def test_footer_page_number_odd_right_even_left(county_docx):
    doc = docx.Document(str(county_docx))
    assert doc.settings.element.find(W + "evenAndOddHeaders") is not None
    section = doc.sections[0]
    for footer, alignment in ((section.footer, 2), (section.even_page_footer, 0)):
        p = footer.paragraphs[0]
        assert p.alignment == alignment
        instr = "".join(i.text for i in p._p.iter(W + "instrText"))
        assert instr.strip() == "PAGE"
        kinds = [f.get(qn("w:fldCharType")) for f in p._p.iter(W + "fldChar")]
        assert kinds == ["begin", "separate", "end"]
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert run_font(p.runs[0], "w:eastAsia") == "宋体"
        assert run_font(p.runs[0], "w:ascii") == "Times New Roman"
        assert footer.paragraphs[0].style.font.size.pt == 14


def test_all_six_sections_even_when_empty(tmp_path):
    report = Report(agency="某局", year=2022)
    doc = build_document(report)
    headings = [p.text for p in doc.paragraphs if style_of(p).style_id == "年报一级标题"]
    assert headings == [s.heading for s in report.spec.sections]
    assert len(doc.tables) == 3


def test_control_characters_never_raise(tmp_path):
    report = Report(agency="某局\x00\x07", year=2022, title="标题\x0b第二行\ud800")
    report.texts["一"] = "正文\x01含控制字符\u2029第二段\x1f"
    report.set("t3.new.natural", Unparsed("坏\x02值", "不是数字"))
    path = export_docx(report, tmp_path / "r.docx")
    back = read_docx(path).report
    assert back.texts["一"] == "正文含控制字符\n第二段"


# ---------------------------------------------------------------- file name and safe writing


def test_default_filename_is_windows_safe():
    report = Report(agency='某市/区:"民政"局*?', year=2021)
    assert docx_filename(report.agency, report.year) == "某市区民政局2021年政府信息公开工作年度报告.docx"


def test_export_replaces_the_target_atomically(tmp_path, county):
    target = tmp_path / "r.docx"
    target.write_bytes(b"old draft")
    export_docx(county, target)
    assert zipfile.is_zipfile(target)
    assert [p.name for p in tmp_path.iterdir()] == ["r.docx"]  # no temporary file left


def test_read_only_target_is_refused_and_untouched(tmp_path, county):
    target = tmp_path / "r.docx"
    target.write_bytes(b"old draft")
    os.chmod(target, stat.S_IRUSR)
    try:
        with pytest.raises(ExportError, match="只读"):
            export_docx(county, target)
        assert target.read_bytes() == b"old draft"
    finally:
        os.chmod(target, stat.S_IRUSR | stat.S_IWUSR)


def test_missing_folder_and_folder_as_target(tmp_path, county):
    with pytest.raises(ExportError, match="不存在"):
        export_docx(county, tmp_path / "nope" / "r.docx")
    (tmp_path / "d.docx").mkdir()
    with pytest.raises(ExportError, match="文件夹"):
        export_docx(county, tmp_path / "d.docx")


# ---------------------------------------------------------------- the seed


def test_seed_reproduced_every_label_verbatim_and_the_same_findings(tmp_path):
    report = load(SEED)
    path = export_docx(report, tmp_path / "seed.docx")
    doc = docx.Document(str(path))
    cell_texts = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    labels = {b.text for t in report.spec.tables for b in t.blocks if not b.is_data}
    assert labels <= cell_texts
    again = read_docx(path).report
    assert [(f.rule, f.message) for f in check(again)] == [(f.rule, f.message) for f in check(report)]


def test_a_title_or_agency_longer_than_word_properties_allow_still_exports(tmp_path):
    """Word's core properties hold 255 characters; the document itself keeps the whole title."""
    agency = "某某市" * 100
    report = Report(agency=agency, year=2023, title="关于" + "某某" * 150 + "的报告")
    path = export_docx(report, tmp_path / "long.docx")
    text = "".join(p.text for p in docx.Document(str(path)).paragraphs[:2])
    assert report.title in text
    assert len(docx.Document(str(path)).core_properties.author) == 255


def test_the_last_row_of_a_table_never_stands_alone_on_a_new_page(county_docx):
    for table in body_tables(county_docx):
        rows = table._tbl.tr_lst
        penultimate = rows[-2]
        assert penultimate.xpath(".//w:pPr/w:keepNext"), "the row before the last keeps with it"
        assert not rows[-1].xpath(".//w:pPr/w:keepNext")


def test_narrow_header_labels_wrap_evenly_and_stay_verbatim(county_docx):
    """商业企业 in an 11 mm column: margins that fit two characters a line (商业/企业), text untouched."""
    t3 = body_tables(county_docx)[1]

    def text(tc) -> str:
        return "".join(t.text or "" for t in tc.iter(qn("w:t")))

    cell = next(c for c in t3._tbl.iter(qn("w:tc")) if text(c) == "商业企业")
    props = [child.tag.split("}")[1] for child in cell.tcPr]
    assert "tcMar" in props and props.index("tcMar") < props.index("vAlign")  # schema order
    natural = next(c for c in t3._tbl.iter(qn("w:tc")) if text(c) == "自然人")
    assert natural.tcPr.find(qn("w:tcMar")) is None  # fits on one line as it is


def test_tall_one_column_labels_are_set_one_character_a_line(county_docx):
    """三、本年度办理结果 as printed reports set it: the cell leaves room for one character a line."""
    t3 = body_tables(county_docx)[1]
    tall = next(
        c for c in t3._tbl.iter(qn("w:tc")) if "".join(t.text for t in c.iter(qn("w:t"))) == "三、本年度办理结果"
    )
    width = int(tall.tcPr.find(qn("w:tcW")).get(qn("w:w")))
    margins = tall.tcPr.find(qn("w:tcMar"))
    room = width - sum(int(margins.find(qn(f"w:{side}")).get(qn("w:w"))) for side in ("left", "right"))
    assert 180 <= room < 2 * 180  # one 9 pt character (180 twips), not two
