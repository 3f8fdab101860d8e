"""Import of .docx: our own exports round-trip exactly; others' documents import with their deviations reported;
malformed files give a clear Chinese message (exit 2 from the command line), never a traceback."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from fixtures.docx_support import COUNTY_2021, SEED, load, others_document, reports, to_fullwidth
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao.checker import check
from nianbao.exchange import to_dict
from nianbao.spec import Severity
from readers.docx_reader import MAX_FILE_BYTES, read_docx
from readers.result import UnreadableFile
from writers.docx_writer import export_docx

ROOT = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------- our own exports


@pytest.mark.parametrize("edition", ["2021", "2019"])
def test_round_trip_of_generated_reports(edition, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"rt{edition}")

    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(reports(edition))
    def round_trip(report):
        path = export_docx(report, folder / "r.docx")
        result = read_docx(path)
        assert to_dict(result.report) == to_dict(report)
        assert result.deviations == ()

    round_trip()


@pytest.mark.parametrize("fixture", [COUNTY_2021, SEED], ids=["2021", "2019"])
def test_round_trip_of_the_fixtures(fixture, tmp_path):
    report = load(fixture)
    result = read_docx(export_docx(report, tmp_path / "r.docx"))
    assert to_dict(result.report) == to_dict(report)
    assert result.deviations == ()


def test_edition_is_detected_from_the_labels_not_the_year(tmp_path):
    report = load(SEED)
    report.year = 2022  # a 2019-format table in a 2022 report: the checker's F1 says so
    report.title = ""  # the title shows the year (the seed's own title says 2020, and the shown title wins)
    back = read_docx(export_docx(report, tmp_path / "r.docx")).report
    assert back.edition == "2019"
    assert any(f.uid == "F1:edition" for f in check(back))


# ---------------------------------------------------------------- someone else's document


def _deviations(text: str) -> str:
    """What hand-made documents do: ``1、`` for ``1.``, extra spaces."""
    if text[:2] in ("1.", "2.", "3."):
        return text[0] + "、" + text[2:]
    if text == "行政许可":
        return "行政 许可"
    return text


@pytest.fixture
def others(tmp_path) -> tuple:
    report = load(COUNTY_2021)
    report.set("t3.new.natural", None)  # a blank cell
    path = others_document(report, tmp_path / "others.docx", deviate=_deviations)
    doc = docx.Document(str(path))
    doc.paragraphs[[p.text for p in doc.paragraphs].index("一、总体情况")].text = "政府信息公开工作总体情况"
    t2 = doc.tables[0]
    t2.cell(3, 3).text = to_fullwidth(t2.cell(3, 3).text)  # 行政规范性文件·现行有效件数, full-width digits
    doc.save(str(path))
    return report, read_docx(path)


def test_others_document_imports_with_every_value(others):
    report, result = others
    back = result.report
    assert back.edition == "2021" and back.year == 2021 and back.agency == report.agency
    assert back.title == ""
    assert back.get("t3.new.natural") is None  # blank stays blank, never 0
    assert back.get("t2.normative.in_force") == 12
    expected = to_dict(report)
    got = to_dict(back)
    assert got["values"] == expected["values"]
    assert got["sections"] == expected["sections"]
    assert got["preamble"] == expected["preamble"]


def test_others_document_deviations_are_findings(others):
    _, result = others
    back = result.report
    messages = [(f.rule, f.severity, f.message) for f in result.deviations]
    text = "\n".join(m for _, _, m in messages)
    assert "“1、属于国家秘密”与格式“1.属于国家秘密”写法不同" in text
    assert "“行政 许可”与格式“行政许可”写法不同" in text
    assert "表三在文档中分成了 2 个表格" in text
    assert "表三中有应合并的单元格未合并" in text
    assert "标题“政府信息公开工作总体情况”与格式“一、总体情况”写法不同" in text
    assert ("F2", Severity.WARNING, "二·行政规范性文件·现行有效件数：“１２”按 12 读入") in messages
    assert {rule for rule, _, _ in messages} == {"F1", "F2"}
    # the blank cell is the checker's F2, reported once
    assert any(f.rule == "F2" and "t3.new.natural" in f.cells for f in check(back))


def test_a_2019_document_made_by_hand_is_detected_as_2019(tmp_path):
    report = load(SEED)
    back = read_docx(others_document(report, tmp_path / "o.docx", split_t3=False)).report
    assert back.edition == "2019"
    assert to_dict(back)["values"] == to_dict(report)["values"]


# ---------------------------------------------------------------- malformed files


def _no_tables(path: Path) -> Path:
    doc = docx.Document()
    doc.add_paragraph("某局2021年政府信息公开工作年度报告")
    doc.add_paragraph("一、总体情况")
    doc.save(str(path))
    return path


def _wrong_labels(path: Path) -> Path:
    doc = docx.Document()
    doc.add_paragraph("某局2021年工作总结")
    table = doc.add_table(rows=3, cols=3)
    for i, row in enumerate(table.rows):
        for j, cell in enumerate(row.cells):
            cell.text = f"姓名{i}{j}"
    doc.save(str(path))
    return path


def _truncated(path: Path) -> Path:
    full = export_docx(load(COUNTY_2021), path.with_name("full.docx")).read_bytes()
    path.write_bytes(full[: len(full) // 2])
    return path


def _huge(path: Path) -> Path:
    with path.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: cheap to make
    return path


def _zip_without_document(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "不是 Word")
    return path


MALFORMED = {
    "not_a_zip": (lambda p: (p.write_bytes("这不是 Word 文档".encode()), p)[1], "不是 Word 文档"),
    "empty": (lambda p: (p.write_bytes(b""), p)[1], "文件为空"),
    "truncated": (_truncated, "不完整或已损坏"),
    "no_tables": (_no_tables, "没有表格"),
    "wrong_labels": (_wrong_labels, "不符"),
    "huge": (_huge, "过大"),
    "zip_without_document": (_zip_without_document, "缺少正文"),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_malformed_files_give_a_clear_message(case, tmp_path):
    make, expected = MALFORMED[case]
    path = make(tmp_path / f"{case}.docx")
    with pytest.raises(UnreadableFile, match=expected):
        read_docx(path)


def test_missing_file(tmp_path):
    with pytest.raises(UnreadableFile, match="找不到文件"):
        read_docx(tmp_path / "nope.docx")


# ---------------------------------------------------------------- command line


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", *args], capture_output=True, text=True, cwd=ROOT, timeout=60)


@pytest.mark.parametrize("case", ["not_a_zip", "truncated", "no_tables", "wrong_labels", "huge"])
def test_cli_malformed_exit_2_without_traceback(case, tmp_path):
    make, expected = MALFORMED[case]
    path = make(tmp_path / f"{case}.docx")
    for args in (("import", str(path), "-o", str(tmp_path / "o.json")), ("check", str(path))):
        result = run_cli(*args)
        assert result.returncode == 2, result.stderr
        assert expected in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "o.json").exists()


def test_cli_export_refuses_errors_unless_forced_then_check_gives_the_same_findings(tmp_path):
    out = tmp_path / "seed.docx"
    refused = run_cli("export", str(SEED), "-o", str(out))
    assert refused.returncode == 1 and "--force" in refused.stderr and "F1" in refused.stderr
    assert not out.exists()
    forced = run_cli("export", str(SEED), "-o", str(out), "--force")
    assert forced.returncode == 0, forced.stderr
    from_json = run_cli("check", str(SEED), "--format", "json")
    from_docx = run_cli("check", str(out), "--format", "json")
    assert from_json.returncode == from_docx.returncode == 1

    def findings(result):
        import json

        return [(f["rule"], f["message"]) for f in json.loads(result.stdout)]

    assert findings(from_docx) == findings(from_json)


def test_cli_export_and_import_a_clean_report(tmp_path):
    out = tmp_path / "county.docx"
    assert run_cli("export", str(COUNTY_2021), "-o", str(out)).returncode == 0
    result = run_cli("import", str(out), "-o", str(tmp_path / "back.json"))
    assert result.returncode == 0, result.stderr
    back = (tmp_path / "back.json").read_text(encoding="utf-8")
    # the fixture is a version 1 file; written again it is version 2 (bound paragraphs), and otherwise the same
    assert back == COUNTY_2021.read_text(encoding="utf-8").replace('"version": 1,', '"version": 2,', 1)
    assert run_cli("check", str(out)).returncode == 0


# ---------------------------------------------------------------- damaged documents never hit an internal error

_MUTATIONS = st.lists(
    st.tuples(
        st.sampled_from(["drop_row", "drop_table", "set_cell", "drop_paragraph", "merge_down"]),
        st.integers(0, 10_000),
        st.text("0１2/—三、（）.总计 自然人abc", max_size=12),
    ),
    min_size=1,
    max_size=5,
)


def _mutate(doc, op: str, n: int, text: str) -> None:
    body = doc.element.body
    tables = body.findall(qn("w:tbl"))
    if op == "drop_table" and tables:
        body.remove(tables[n % len(tables)])
    elif op == "drop_paragraph":
        paragraphs = body.findall(qn("w:p"))
        body.remove(paragraphs[n % len(paragraphs)])
    elif tables:
        tbl = tables[n % len(tables)]
        rows = tbl.findall(qn("w:tr"))
        tr = rows[(n // 7) % len(rows)]
        cells = tr.findall(qn("w:tc"))
        tc = cells[(n // 13) % len(cells)]
        if op == "drop_row":
            tbl.remove(tr)
        elif op == "set_cell":
            for p in tc.findall(qn("w:p")):
                tc.remove(p)
            tc.add_p().add_r().text = text
        else:  # a vertical merge where the format has none
            tc.get_or_add_tcPr().vMerge_val = "continue"


@pytest.mark.parametrize("fixture", [COUNTY_2021, SEED], ids=["2021", "2019"])
def test_damaged_documents_import_or_give_a_clear_message(fixture, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    base = export_docx(load(fixture), folder / "base.docx")

    @settings(max_examples=25, deadline=None)
    @given(_MUTATIONS)
    def damaged(mutations):
        doc = docx.Document(str(base))
        for mutation in mutations:
            _mutate(doc, *mutation)
        path = folder / "damaged.docx"
        doc.save(str(path))
        try:
            report = read_docx(path).report
        except UnreadableFile as e:
            assert "内部错误" not in str(e)
        else:
            check(report)  # whatever was read can be checked

    damaged()
