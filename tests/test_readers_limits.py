"""Every reader is bounded: each measured attack gets a quick, clear refusal, within seconds and under 1 GB.

Memory is measured in a subprocess with ``resource.getrusage`` (its peak resident size), not time.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures.docx_support import COUNTY_2021, load
from fixtures.hostile import (
    MB,
    pdf_flate_bomb,
    pdf_many_chars,
    pdf_many_objects,
    pdf_pages,
    with_bomb,
    with_document,
)

from writers.docx_writer import export_docx

ROOT = Path(__file__).resolve().parent.parent
GB_IN_KB = 1024 * 1024
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

_MEASURE = """
import json, resource, sys
from readers import read_report
try:
    read_report(sys.argv[1])
    outcome = "read"
except Exception as e:
    outcome = f"{type(e).__name__}: {e}"
print(json.dumps({"outcome": outcome, "kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def measured(path: Path) -> tuple[str, int]:
    """What reading ``path`` ends in, and the reading process's peak memory in KB."""
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout.strip().splitlines()[-1])
    return data["outcome"], data["kb"]


def assert_refused(path: Path, *expected: str) -> None:
    outcome, kb = measured(path)
    assert outcome.startswith(("UnreadableFile", "LimitExceeded")), outcome
    assert "超过上限" in outcome and all(e in outcome for e in expected), outcome
    assert "内部错误" not in outcome and "MemoryError" not in outcome
    assert kb < GB_IN_KB, f"{kb / 1024:.0f} MB"


@pytest.fixture(scope="module")
def base_docx(tmp_path_factory) -> Path:
    return export_docx(load(COUNTY_2021), tmp_path_factory.mktemp("base") / "base.docx")


def _document(body: str) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}</w:body></w:document>'.encode()


# ---------------------------------------------------------------- .docx (issue 13, as measured)


def _cell_table(tc_pr: str = "", tr_pr: str = "") -> str:
    cell = f"<w:tc><w:tcPr>{tc_pr}</w:tcPr><w:p><w:r><w:t>规章</w:t></w:r></w:p></w:tc>"
    return f"<w:tbl><w:tr><w:trPr>{tr_pr}</w:trPr>{cell}{cell}</w:tr><w:tr>{cell}{cell}</w:tr></w:tbl>"


def test_a_cell_spanning_a_billion_columns(base_docx, tmp_path):
    path = with_document(base_docx, _document(_cell_table('<w:gridSpan w:val="1000000000"/>')), tmp_path / "span.docx")
    assert path.stat().st_size < 60_000
    assert_refused(path, "1000000000")


def test_a_row_starting_a_billion_columns_in(base_docx, tmp_path):
    path = with_document(
        base_docx, _document(_cell_table(tr_pr='<w:gridBefore w:val="1000000000"/>')), tmp_path / "before.docx"
    )
    assert_refused(path, "1000000000")


@pytest.mark.parametrize(
    ("part", "size"),
    [
        ("word/styles.xml", 2500 * MB),  # 2.6 MB on disk, as measured: read for 32 s at 5 GB and accepted
        ("docProps/core.xml", 2300 * MB),
        ("_rels/.rels", 2300 * MB),
        ("word/_rels/document.xml.rels", 2300 * MB),
        ("word/document.xml", 2300 * MB),
    ],
)
def test_a_part_that_inflates_to_gigabytes(part, size, base_docx, tmp_path):
    path = with_bomb(base_docx, part, size, tmp_path / "bomb.docx")
    assert path.stat().st_size < 4 * MB
    assert_refused(path, part)


def test_a_million_paragraphs(base_docx, tmp_path):
    path = with_document(base_docx, _document("<w:p/>" * 1_000_000), tmp_path / "paragraphs.docx")
    assert path.stat().st_size < 200_000
    assert_refused(path)


def test_a_thousand_tables_of_a_thousand_rows(base_docx, tmp_path):
    row = "<w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr>"
    path = with_document(base_docx, _document(f"<w:tbl>{row * 1000}</w:tbl>" * 300), tmp_path / "tables.docx")
    assert_refused(path)


def test_tables_nested_without_end(base_docx, tmp_path):
    body = "<w:tbl><w:tr><w:tc>" * 60 + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * 60
    assert_refused(with_document(base_docx, _document(body), tmp_path / "nested.docx"))


def test_an_entity_bomb_is_no_document(base_docx, tmp_path):
    entities = '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
    )
    document = f'<?xml version="1.0"?>{entities}]><w:document {W}><w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>'
    outcome, kb = measured(with_document(base_docx, document.encode(), tmp_path / "entities.docx"))
    assert outcome.startswith("UnreadableFile") and "文档类型定义" in outcome and kb < GB_IN_KB


# ---------------------------------------------------------------- PDF


def test_a_pdf_stream_that_inflates_to_a_gigabyte(tmp_path):
    path = tmp_path / "bomb.pdf"
    path.write_bytes(pdf_flate_bomb(1024 * MB))
    assert path.stat().st_size < 2 * MB
    assert_refused(path, "数据流")


def test_a_pdf_of_ten_thousand_pages(tmp_path):
    path = tmp_path / "pages.pdf"
    path.write_bytes(pdf_pages(10_000))
    assert_refused(path, "10000 页")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rectangles.pdf", lambda: pdf_many_objects(300_000)),  # content beyond its size limit
        ("fewer.pdf", lambda: pdf_many_objects(100_000)),  # within it, but drawing 100 000 objects
        ("chars.pdf", lambda: pdf_many_chars(500_000)),  # one string of half a million characters
    ],
)
def test_a_pdf_page_drawing_far_more_than_a_report(name, content, tmp_path):
    path = tmp_path / name
    path.write_bytes(content())
    assert path.stat().st_size < 100_000
    assert_refused(path, "第 1 页")


# ---------------------------------------------------------------- web pages and text


def _page(body: str) -> str:
    return f"<html><body><p>某局2021年政府信息公开工作年度报告</p>{body}</body></html>"


@pytest.mark.parametrize(
    ("name", "body", "expected"),
    [
        ("colspan.html", '<table><tr><td colspan="1000000000">规章</td><td>1</td></tr></table>', "1000000000"),
        ("deep.html", "<div>" * 100_000 + "x" + "</div>" * 100_000, "嵌套"),
        ("elements.html", "<p>x</p>" * 2_000_000, "元素"),
    ],
)
def test_hostile_web_pages(name, body, expected, tmp_path):
    path = tmp_path / name
    path.write_text(_page(body), encoding="utf-8")
    assert_refused(path, expected)


def test_a_huge_rowspan_is_only_as_tall_as_its_table(tmp_path):
    path = tmp_path / "rowspan.html"
    path.write_text(_page('<table><tr><td rowspan="1999">规章</td><td>1</td></tr></table>'), encoding="utf-8")
    outcome, kb = measured(path)
    assert "内部错误" not in outcome and kb < GB_IN_KB


def test_files_beyond_their_size_limit(tmp_path):
    for name, size in (("big.txt", 3 * MB), ("big.html", 21 * MB), ("big.pdf", 31 * MB), ("big.docx", 31 * MB)):
        path = tmp_path / name
        with path.open("wb") as f:
            f.truncate(size)  # sparse: cheap to make
        outcome, kb = measured(path)
        assert "过大" in outcome and kb < GB_IN_KB, (name, outcome)
