"""Word export in the official layout (GB/T 9704 practice and the format fact sheet).

Everything about the tables — labels, merges, data cells, header rows, widths
and font sizes — comes from the edition spec; this module only knows layout.
The three tables are written as WordprocessingML directly (gridSpan/vMerge per
``Block``), which is both exact and fast; paragraphs go through python-docx.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

from nianbao import DOCX_MARK
from nianbao.drafting import rendered_text
from nianbao.file_writing import os_error_reason, write_atomically
from nianbao.model import Report
from nianbao.numbers import format_value
from nianbao.spec import Block, DataBlock, TableSpec
from nianbao.text import clean_text, paragraphs

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
LEVEL2_FONT = "楷体_GB2312"
FOOTER_FONT = "宋体"
LATIN_FONT = "Times New Roman"

BODY_PT = 16.0
TITLE_PT = 22.0
FOOTER_PT = 14.0
LINE_PITCH_PT = 28.95  # 22 lines in the 225 mm type area
TEXT_WIDTH_MM = 156.0
TITLE_LINE_CHARS = 20  # 156 mm / 22 pt

STYLE_TITLE = "年报标题"
STYLE_HEADING = "年报一级标题"
STYLE_LEVEL2 = "年报二级标题"  # character style: run-in （一）… heading
STYLE_TABLE = "年报表格文字"


CORE_PROPERTY_CHARS = 255
CELL_MARGIN_TWIPS = 40  # left and right, in every table cell
_LEVEL2 = re.compile(r"^（[一二三四五六七八九十]）")
_RUN_IN_END = re.compile(r"^（[一二三四五六七八九十]）[^。]{0,40}?。")


class ExportError(Exception):
    """The document could not be written; ``str()`` is a Chinese message for the clerk."""


# ---------------------------------------------------------------- public API


def build_document(report: Report, previous: Report | None = None) -> Document:
    """``previous``: last year's report, for the 同比 of the bound data paragraphs."""
    doc = docx.Document()
    _setup_styles(doc)
    _setup_page(doc)
    _set_properties(doc, report)
    _add_title(doc, report.display_title, report.agency)
    for line in paragraphs(report.preamble):
        _add_body_paragraph(doc, line)
    spec = report.spec
    for section in spec.sections:
        _run(doc.add_paragraph(style=STYLE_HEADING), clean_text(section.heading), HEADING_FONT)
        if section.table is None:
            for line in paragraphs(rendered_text(report, section.id, previous)):
                _add_body_paragraph(doc, line)
        else:
            doc.element.body.insert_element_before(_table_xml(report, spec.table(section.table)), "w:sectPr")
    return doc


def export_docx(report: Report, path: str | os.PathLike, previous: Report | None = None) -> Path:
    """Write the report to ``path`` via a temporary file; on failure the existing target is untouched."""
    path = Path(path)
    _check_target(path)
    doc = build_document(report, previous)
    try:
        write_atomically(path, doc.save)
    except OSError as e:
        raise ExportError(_write_failure(path, e)) from None
    return path


# ---------------------------------------------------------------- safe writing


def _check_target(path: Path) -> None:
    if not path.parent.is_dir():
        raise ExportError(f"文件夹“{path.parent}”不存在")
    if path.is_dir():
        raise ExportError(f"“{path}”是一个文件夹，请另选文件名")
    if path.exists() and not path.stat().st_mode & stat.S_IWUSR:
        raise ExportError(f"“{path.name}”是只读文件，无法覆盖；请另选文件名或取消只读属性")


def _write_failure(path: Path, error: OSError) -> str:
    if isinstance(error, PermissionError):
        return f"无法写入“{path.name}”：文件可能正在 Word 或 WPS 中打开，请关闭后重试（原文件未改动）"
    return f"无法写入“{path.name}”（{os_error_reason(error)}），原文件未改动"


# ---------------------------------------------------------------- styles and page


def _set_fonts(rpr, east_asia: str, latin: str = LATIN_FONT) -> None:
    fonts = rpr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)  # a theme font would win over the named one
    for slot in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(slot), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def _setup_styles(doc: Document) -> None:
    styles_el = doc.styles.element
    defaults = styles_el.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rpr.remove(rpr.find(qn("w:rFonts")))
    rpr.insert(0, OxmlElement("w:rFonts"))
    _set_fonts(rpr, BODY_FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    theme_lang = doc.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:eastAsia"), "zh-CN")

    normal = doc.styles["Normal"]
    _style_font(normal, BODY_FONT, BODY_PT)
    pf = normal.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(LINE_PITCH_PT)
    pf.space_before = pf.space_after = Pt(0)
    pf.first_line_indent = Pt(BODY_PT * 2)
    _indent_chars(normal.element.get_or_add_pPr(), 200)

    title = doc.styles.add_style(STYLE_TITLE, WD_STYLE_TYPE.PARAGRAPH)
    title.base_style = normal
    _style_font(title, TITLE_FONT, TITLE_PT)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = Pt(0)
    _indent_chars(title.element.get_or_add_pPr(), 0)
    title.paragraph_format.line_spacing = Pt(36)
    title.paragraph_format.space_after = Pt(LINE_PITCH_PT)

    heading = doc.styles.add_style(STYLE_HEADING, WD_STYLE_TYPE.PARAGRAPH)
    heading.base_style = normal
    _style_font(heading, HEADING_FONT, BODY_PT)
    heading.paragraph_format.keep_with_next = True
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), "0")
    heading.element.get_or_add_pPr().append(outline)

    level2 = doc.styles.add_style(STYLE_LEVEL2, WD_STYLE_TYPE.CHARACTER)
    _style_font(level2, LEVEL2_FONT, BODY_PT)

    table = doc.styles.add_style(STYLE_TABLE, WD_STYLE_TYPE.PARAGRAPH)
    table.base_style = normal
    _style_font(table, BODY_FONT, 10.5)
    tf = table.paragraph_format
    tf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    tf.first_line_indent = Pt(0)
    _indent_chars(table.element.get_or_add_pPr(), 0)
    tf.alignment = WD_ALIGN_PARAGRAPH.CENTER

    for name in ("Header", "Footer"):
        _style_font(doc.styles[name], FOOTER_FONT, FOOTER_PT)


def _style_font(style, east_asia: str, size_pt: float) -> None:
    style.font.name = LATIN_FONT
    style.font.size = Pt(size_pt)
    _set_fonts(style.element.get_or_add_rPr(), east_asia)


def _indent_chars(ppr, hundredths: int) -> None:
    """``w:firstLineChars``: an indent in characters, which Word and WPS prefer over the absolute one."""
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = OxmlElement("w:ind")
        ppr.append(ind)
    ind.set(qn("w:firstLineChars"), str(hundredths))
    if hundredths == 0:
        ind.set(qn("w:firstLine"), "0")


def _setup_page(doc: Document) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28)  # the number sits below the type area, not in it
    section.header_distance = Mm(15)
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(paragraph, alignment: WD_ALIGN_PARAGRAPH) -> None:
    """``— N —`` with a PAGE field, indented one character from the outer edge."""
    paragraph.alignment = alignment
    pf = paragraph.paragraph_format
    pf.first_line_indent = Pt(0)
    _indent_chars(paragraph._p.get_or_add_pPr(), 0)  # Normal's 2-character indent is inherited otherwise
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        pf.right_indent = Pt(FOOTER_PT)
    else:
        pf.left_indent = Pt(FOOTER_PT)
    _run(paragraph, "— ", FOOTER_FONT)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        _set_fonts(run._r.get_or_add_rPr(), FOOTER_FONT)
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text
    _run(paragraph, " —", FOOTER_FONT)


def _run(paragraph, text: str, east_asia: str, style: str | None = None):
    run = paragraph.add_run(text, style)
    _set_fonts(run._r.get_or_add_rPr(), east_asia)
    return run


def _set_properties(doc: Document, report: Report) -> None:
    props = doc.core_properties
    # Word's core properties hold at most 255 characters (python-docx raises beyond).
    props.title = clean_text(report.display_title).replace("\n", "")[:CORE_PROPERTY_CHARS]
    props.subject = "政府信息公开工作年度报告"
    props.author = clean_text(report.agency)[:CORE_PROPERTY_CHARS]
    props.last_modified_by = "政府信息公开年报助手"
    props.comments = ""
    title_kind = "custom" if report.title else "default"
    props.category = f"{DOCX_MARK};edition={report.edition};year={report.year};title={title_kind}"


# ---------------------------------------------------------------- text


def title_lines(title: str, agency: str) -> list[str]:
    """A long title broken into meaningful lines: organ name / year and report name."""
    title = clean_text(title).replace("\n", "")
    if len(title) <= TITLE_LINE_CHARS:
        return [title]
    agency = clean_text(agency).replace("\n", "")
    if agency and title.startswith(agency) and len(title) > len(agency):
        return [agency, title[len(agency) :]]
    m = re.search(r"\d{4}\s*年", title)
    if m and m.start() > 0:
        return [title[: m.start()], title[m.start() :]]
    return [title]


def _add_title(doc: Document, title: str, agency: str) -> None:
    lines = title_lines(title, agency)
    p = doc.add_paragraph(style=STYLE_TITLE)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for i, line in enumerate(lines):
        run = _run(p, line, TITLE_FONT)
        if i < len(lines) - 1:
            run.add_break()


def _add_body_paragraph(doc: Document, line: str) -> None:
    p = doc.add_paragraph()
    level2 = _LEVEL2.match(line)
    if level2:
        m = _RUN_IN_END.match(line)
        head = m.group(0) if m else (line if len(line) <= 40 else level2.group(0))
        _run(p, head, LEVEL2_FONT, STYLE_LEVEL2)
        rest = line[len(head) :]
        if rest:
            _run(p, rest, BODY_FONT)
    else:
        _run(p, line, BODY_FONT)


# ---------------------------------------------------------------- tables

_TWIPS_PER_MM = 1440 / 25.4
_BORDER = '<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'  # sz in 1/8 pt: 0.5 pt


def column_twips(spec: TableSpec) -> list[int]:
    """Grid column widths in twips, scaled to exactly the 156 mm text block."""
    widths = spec.col_widths_mm or (TEXT_WIDTH_MM / spec.n_cols,) * spec.n_cols
    scale = TEXT_WIDTH_MM / sum(widths) * _TWIPS_PER_MM
    edges, total = [0], 0.0
    for w in widths:  # round the column edges, not each width, so the rounding never adds up
        total += w * scale
        edges.append(round(total))
    return [b - a for a, b in zip(edges, edges[1:], strict=False)]


def _table_xml(report: Report, spec: TableSpec):
    cols = column_twips(spec)
    borders = "".join(_BORDER.format(side=s) for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    parts = [
        f"<w:tbl {nsdecls('w')}><w:tblPr>"
        f'<w:tblW w:w="{sum(cols)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders>'
        f'<w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{CELL_MARGIN_TWIPS}" w:type="dxa"/>'
        f'<w:right w:w="{CELL_MARGIN_TWIPS}" w:type="dxa"/></w:tblCellMar>'
        f'<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        f'w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>'
    ]
    parts += [f'<w:gridCol w:w="{w}"/>' for w in cols]
    parts.append("</w:tblGrid>")
    for r in range(spec.n_rows):
        header = "<w:tblHeader/>" if r < spec.header_rows else ""
        parts.append(f"<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>")
        keep = _keep_with_next(spec, r)
        c = 0
        while c < spec.n_cols:
            block = spec.block_at(r, c)
            parts.append(_cell_xml(report, spec, block, r, cols, keep))
            c += block.colspan
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return parse_xml("".join(parts))


def _keep_with_next(spec: TableSpec, row: int) -> bool:
    """Header rows stay with the first body row; the last row never stands alone on a new page;
    in 二 an item's rows stay with its title row."""
    if row < spec.header_rows or row == spec.n_rows - 2:
        return True
    if spec.header_rows or row + 1 >= spec.n_rows:
        return False
    return spec.block_at(row + 1, 0) not in spec.group_titles


def _cell_xml(report: Report, spec: TableSpec, block: Block, row: int, cols: list[int], keep: bool) -> str:
    width = sum(cols[block.col : block.col + block.colspan])
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if block.colspan > 1:
        props += f'<w:gridSpan w:val="{block.colspan}"/>'
    if block.rowspan > 1:
        props += '<w:vMerge w:val="restart"/>' if row == block.row else "<w:vMerge/>"
    numeral = None if isinstance(block, DataBlock) else _numeral_break(block.text, width, spec.font_pt)
    if numeral is not None:  # schema order in tcPr: tcW, gridSpan, vMerge, …, tcMar, …, vAlign
        props += numeral[0]
    elif block.header or block.reads_vertically:
        props += _even_wrap_margins(block.text, width, spec.font_pt, 1 if block.reads_vertically else None)
    props += '<w:vAlign w:val="center"/>'
    text = ""
    if row == block.row:
        text = format_value(report.get(block.key)) if isinstance(block, DataBlock) else block.text
    font = LEVEL2_FONT if block == spec.note_block else BODY_FONT
    align = "both" if block in spec.row_labels else "center"
    if numeral is not None:
        align = "left"  # the indent centres the first line; justifying would spread （三） over it
    indent = numeral[1] if numeral is not None else 0
    paragraph = _para_xml(clean_text(text), font, spec.font_pt, align, keep, indent)
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{paragraph}</w:tc>"


_NUMERAL = re.compile(r"（[一二三四五六七八九十]+）")


def _numeral_break(label: str, width_twips: int, size_pt: float) -> tuple[str, int] | None:
    """For a category label too long for its column (（三）不予公开 in 表三's narrow column): cell margins
    and a first-line indent that break it after its numeral — （三） / 不予公开, never （三）不 / 予公开.

    The box is as wide as the words after the numeral (plus half a character of slack); the first line is
    indented so that only the numeral fits on it, and by as much as centres it over the words. The label's
    text stays verbatim: only the room per line changes. None when the label fits or cannot be set so.
    """
    match = _NUMERAL.match(label)
    em = round(size_pt * 20)  # a CJK character is one em wide
    per_line = (width_twips - 2 * CELL_MARGIN_TWIPS) // em
    if match is None or len(label) <= per_line:
        return None
    prefix, rest = match.end(), len(label) - match.end()
    if rest > per_line or rest < prefix:
        return None
    box = rest * em + em // 2
    first_line = min((box + prefix * em) // 2, prefix * em + 3 * em // 4)  # room for the numeral, not one more
    margin = (width_twips - box) // 2
    mar = f'<w:tcMar><w:left w:w="{margin}" w:type="dxa"/><w:right w:w="{margin}" w:type="dxa"/></w:tcMar>'
    return mar, box - first_line


def _even_wrap_margins(label: str, width_twips: int, size_pt: float, even: int | None = None) -> str:
    """Cell margins that make a label wrap evenly (商业/企业, not 商业企/业) in its narrow column, or
    ``even`` characters a line (1: set vertically, as printed reports set 三、本年度办理结果).

    The label's text stays verbatim: only the room per line changes.
    """
    em = round(size_pt * 20)  # a CJK character is one em wide
    per_line = (width_twips - 2 * CELL_MARGIN_TWIPS) // em
    if even is None:
        if per_line < 2 or len(label) <= per_line:
            return ""
        lines = -(-len(label) // per_line)
        even = -(-len(label) // lines)
    if even >= per_line:
        return ""
    margin = (width_twips - even * em - em // 2) // 2
    return f'<w:tcMar><w:left w:w="{margin}" w:type="dxa"/><w:right w:w="{margin}" w:type="dxa"/></w:tcMar>'


def _para_xml(text: str, east_asia: str, size_pt: float, align: str, keep: bool, first_line: int = 0) -> str:
    size = round(size_pt * 2)
    indent = f'<w:ind w:firstLine="{first_line}"/>' if first_line else ""
    run = ""
    if text:
        run = (
            f'<w:r><w:rPr><w:rFonts w:ascii="{LATIN_FONT}" w:hAnsi="{LATIN_FONT}" w:cs="{LATIN_FONT}" '
            f'w:eastAsia="{east_asia}"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
            f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
        )
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{_style_id(STYLE_TABLE)}"/>{"<w:keepNext/>" if keep else ""}'
        f'{indent}<w:jc w:val="{align}"/>'
        f'<w:rPr><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr></w:pPr>{run}</w:p>'
    )


def _style_id(name: str) -> str:
    # python-docx derives a style id from the name by removing spaces
    return name.replace(" ", "")
