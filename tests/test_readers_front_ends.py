"""Each front end on what it alone meets: web pages in their encodings and as .mht, text files, PDFs without a
text layer, .doc through LibreOffice (and without it), and malformed files of every format."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures.docx_support import COUNTY_2021, SEED, load
from fixtures.html_support import cms_page, mht
from fixtures.lo_support import convert, require_soffice

from nianbao.exchange import to_dict
from nianbao.model import Report
from readers import SUFFIXES, ReadResult, read_report
from readers.result import UnreadableFile
from writers.docx_writer import export_docx

ROOT = Path(__file__).resolve().parent.parent


def same_report(path: Path, report: Report) -> ReadResult:
    result = read_report(path)
    assert to_dict(result.report) == to_dict(report)
    return result


# ---------------------------------------------------------------- web pages


@pytest.mark.parametrize(
    ("charset", "meta"),
    [("utf-8", True), ("utf-8", False), ("gb2312", True), ("gbk", True), ("gb18030", False)],
)
def test_a_cms_page_in_its_encoding(charset, meta, tmp_path):
    report = load(COUNTY_2021)
    path = tmp_path / "page.html"
    path.write_bytes(cms_page(report, charset, meta))
    result = same_report(path, report)
    assert result.source_format == "网页"
    assert result.deviations == ()


@pytest.mark.parametrize("encoding", ["quoted-printable", "base64"])
@pytest.mark.parametrize("suffix", [".mht", ".mhtml"])
def test_a_page_saved_as_a_single_file(encoding, suffix, tmp_path):
    report = load(SEED)
    path = tmp_path / f"page{suffix}"
    path.write_bytes(mht(cms_page(report, "gb2312"), "gb2312", encoding))
    result = same_report(path, report)
    assert "MHT" in result.source_format


def test_libreoffice_html_in_gbk(tmp_path):
    require_soffice()
    report = load(COUNTY_2021)
    [html] = convert([export_docx(report, tmp_path / "r.docx")], "html", tmp_path)
    text = html.read_text(encoding="utf-8").replace("charset=utf-8", "charset=gbk")
    gbk = tmp_path / "gbk.htm"
    gbk.write_bytes(text.encode("gbk", errors="xmlcharrefreplace"))
    same_report(gbk, report)


def test_a_page_resolves_no_external_entity(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容", encoding="utf-8")
    page = (
        f'<!DOCTYPE html [<!ENTITY e SYSTEM "{secret.as_uri()}">]><html><body>'
        "<p>某局2021年政府信息公开工作年度报告</p><p>一、总体情况</p><p>&e;</p><p>五、存在的主要问题及改进情况</p>"
        "<p>无</p><p>六、其他需要报告的事项</p><p>无</p></body></html>"
    )
    path = tmp_path / "entity.html"
    path.write_text(page, encoding="utf-8")
    result = read_report(path)
    assert "机密" not in result.report.text("一")


# ---------------------------------------------------------------- text files


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_text_files_in_their_encodings(codec, tmp_path):
    report = load(COUNTY_2021)
    lines = [report.display_title]
    for section in report.spec.sections:
        lines.append(section.heading)
        lines += report.text(section.id).split("\n") if section.table is None else ["本年度无此项数据。"]
    path = tmp_path / "report.txt"
    path.write_bytes("\r\n".join(lines).encode(codec))
    result = read_report(path)
    assert (result.report.agency, result.report.year) == (report.agency, report.year)
    assert result.report.texts == report.texts


# ---------------------------------------------------------------- PDF


def _pdf(objects: list[bytes]) -> bytes:
    """A minimal, valid PDF of the given objects (1 is the catalog)."""
    out = b"%PDF-1.4\n"
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def scanned_pdf() -> bytes:
    """A page holding a picture only (what a scanner makes): no text layer."""
    image = b"\xff" * (8 * 8)
    content = b"q 200 0 0 200 100 400 cm /Im1 Do Q"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
            b" /Resources << /XObject << /Im1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8"
            b" /Length %d >>\nstream\n" % len(image) + image + b"\nendstream",
        ]
    )


def test_a_scan_has_no_text_layer_and_says_so(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf())
    with pytest.raises(UnreadableFile, match="扫描件.*没有文字层"):
        read_report(path)


def test_damaged_pdfs_give_a_clear_message(tmp_path):
    require_soffice()
    [pdf] = convert([export_docx(load(COUNTY_2021), tmp_path / "r.docx")], "pdf", tmp_path)
    data = pdf.read_bytes()
    rng = random.Random(13)
    variants = [
        data[: len(data) // 2],
        data[: len(data) // 5],
        b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(4000)),
    ]
    for _ in range(6):
        damaged = bytearray(data)
        for _ in range(rng.randrange(1, 40)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        variants.append(bytes(damaged))
    for i, variant in enumerate(variants):
        path = tmp_path / f"damaged{i}.pdf"
        path.write_bytes(variant)
        try:
            read_report(path)
        except UnreadableFile as e:
            assert "内部错误" not in str(e), (i, str(e))


# ---------------------------------------------------------------- .doc


def test_a_doc_is_converted_by_libreoffice(tmp_path):
    require_soffice()
    report = load(SEED)
    [doc] = convert([export_docx(report, tmp_path / "r.docx")], "doc", tmp_path)
    result = read_report(doc)
    assert result.source_format.startswith("Word 97–2003")
    assert to_dict(result.report)["values"] == to_dict(report)["values"]
    assert (result.report.agency, result.report.year, result.report.edition) == (report.agency, 2020, "2019")


def test_without_libreoffice_a_doc_gets_a_message_to_save_it_as_docx(tmp_path):
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000)
    code = "import sys; from readers import read_report\ntry: read_report(sys.argv[1])\nexcept Exception as e: print(e)"
    env = {**os.environ, "PATH": str(tmp_path)}  # no soffice on it
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, cwd=ROOT, env=env)
    assert "另存为 .docx" in out.stdout and "LibreOffice" in out.stdout, out.stderr


# ---------------------------------------------------------------- every format, malformed


MALFORMED = {
    "empty.pdf": b"",
    "notpdf.pdf": "这不是 PDF".encode(),
    "truncated.pdf": b"%PDF-1.7\n1 0 obj << /Type /Catalog",
    "binary.html": bytes(range(256)) * 20,
    "empty.htm": b"   ",
    "nohtml.mht": b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n\r\n--x\r\nContent-Type: image/gif\r\n\r\nGIF\r\n--x--\r\n",
    "empty.txt": b"",
    "noise.txt": bytes(random.Random(5).randrange(256) for _ in range(3000)),
    "garbage.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(random.Random(6).randrange(256) for _ in range(3000)),
    "text.doc": "这不是 Word 文档".encode(),
}


@pytest.mark.parametrize("name", MALFORMED)
def test_malformed_files_of_every_format_give_a_chinese_message(name, tmp_path):
    if name.endswith(".doc") and name.startswith("garbage"):
        require_soffice()
    path = tmp_path / name
    path.write_bytes(MALFORMED[name])
    with pytest.raises(UnreadableFile) as raised:
        read_report(path)
    message = str(raised.value)
    assert name in message and "内部错误" not in message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)


@pytest.mark.parametrize("name", ["truncated.pdf", "binary.html", "noise.txt"])
def test_cli_exit_2_for_a_malformed_file(name, tmp_path):
    path = tmp_path / name
    path.write_bytes(MALFORMED[name])
    result = subprocess.run(
        [sys.executable, "main.py", "check", str(path)], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr and name in result.stderr


def test_suffixes_are_the_ones_read():
    assert set(SUFFIXES) == {".json", ".docx", ".doc", ".pdf", ".html", ".htm", ".mht", ".mhtml", ".txt"}
    with pytest.raises(UnreadableFile, match="不支持的文件类型"):
        read_report(Path("report.xls"))


# ---------------------------------------------------------------- in a process pool


def test_read_report_in_a_process_pool_gives_what_it_gives_here(tmp_path):
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from fixtures.html_support import cms_page

    paths = []
    for i, fixture in enumerate([COUNTY_2021, SEED]):
        report = load(fixture)
        paths.append(export_docx(report, tmp_path / f"r{i}.docx"))
        page = tmp_path / f"r{i}.html"
        page.write_bytes(cms_page(report, "gbk"))
        paths.append(page)
    here = [to_dict(read_report(p).report) for p in paths]
    with ProcessPoolExecutor(2, mp_context=get_context("spawn")) as pool:
        there = [to_dict(r.report) for r in pool.map(read_report, paths)]
    assert there == here


# ---------------------------------------------------------------- damaged pages and texts never hit an internal error


def test_damaged_pages_and_texts_read_or_give_a_clear_message(tmp_path_factory):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    folder = tmp_path_factory.mktemp("fuzz")
    page = cms_page(load(SEED), "gbk")
    text = "\n".join(
        [load(COUNTY_2021).display_title]
        + [s.heading + "\n" + load(COUNTY_2021).text(s.id) for s in load(COUNTY_2021).spec.sections]
    ).encode("utf-8")
    cuts = st.lists(
        st.tuples(st.integers(0, 10**6), st.integers(0, 400), st.binary(max_size=12)), min_size=1, max_size=6
    )

    @settings(max_examples=int(os.environ.get("FUZZ", "30")), deadline=None)
    @given(st.sampled_from(["page.html", "page.mht", "text.txt"]), cuts)
    def damaged(name, edits):
        data = bytearray(mht(page, "gbk") if name.endswith(".mht") else page if name.endswith(".html") else text)
        for at, length, insert in edits:
            at %= len(data) + 1
            data[at : at + length] = insert
        path = folder / name
        path.write_bytes(bytes(data))
        try:
            read_report(path)
        except UnreadableFile as e:
            assert "内部错误" not in str(e)

    damaged()
