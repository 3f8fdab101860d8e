"""Issue 10, point 10: 表三's category labels break after their numeral in Word's narrow column, or not at all.

Rendered by LibreOffice (skipped with a reason when soffice is absent; a failure under
NIANBAO_REQUIRE_LIBREOFFICE=1, as in tests/test_libreoffice.py, whose helpers these are).
"""

from __future__ import annotations

import re

import pytest
from test_libreoffice import _require_tools, pdf_words, to_pdf

from nianbao.editions import get_edition
from nianbao.samples import consistent_report
from readers.docx_reader import read_docx
from writers.docx_writer import export_docx

NUMERAL = re.compile(r"（[一二三四五六七八九十]+）")


def category_labels(edition: str) -> list[str]:
    """表三's category labels that stand in one narrow column: （三）不予公开, （四）无法提供, …"""
    table = next(t for t in get_edition(edition).tables if t.section == "三")
    return [
        b.text
        for b in table.blocks
        if getattr(b, "text", "") and NUMERAL.match(b.text) and b.col == 1 and b.colspan == 1
    ]


@pytest.mark.parametrize("edition, year, count", [("2021", 2023, 4), ("2019", 2020, 3)])
def test_category_labels_break_after_the_numeral(tmp_path, edition, year, count):
    _require_tools()
    labels = category_labels(edition)
    assert len(labels) == count, labels  # （三）不予公开 （四）无法提供 （五）不予处理, and in 2021 （六）其他处理
    report = consistent_report(edition, year, agency="某县民政局")
    path = tmp_path / "report.docx"
    export_docx(report, path)
    words = pdf_words(to_pdf(path, tmp_path))
    for label in labels:
        numeral = NUMERAL.match(label)
        assert numeral is not None
        head, rest = label[: numeral.end()], label[numeral.end() :]
        on_one_line = [w for w in words if w.text == label]
        if on_one_line:
            continue  # not broken at all
        tops = [w for w in words if w.text == head]
        below = [w for w in words if w.text == rest]
        assert tops and below, f"{label} is broken elsewhere: {[w.text for w in words if w.text[:1] in '（不无其']}"
        top, under = tops[0], below[0]
        if top.page != under.page:
            continue  # a merged cell across a page break: LibreOffice carries the second line over, still whole
        assert 0 < under.y0 - top.y1 < top.y1 - top.y0, (top, under)
        centre_offset = abs((top.x0 + top.x1) / 2 - (under.x0 + under.x1) / 2)
        assert centre_offset < (top.x1 - top.x0) / len(head) / 2, "the numeral stands centred over the words"
    assert read_docx(path).report.values == report.values  # the labels read back verbatim
    assert not read_docx(path).deviations
