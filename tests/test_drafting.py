"""The data paragraphs written from the tables (nianbao/drafting.py)."""

from __future__ import annotations

import random
import re
from decimal import Decimal

from fixtures.report_values import count_in
from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao import drafting, narrative
from nianbao.checker import check
from nianbao.model import Number, Report, all_numbers
from nianbao.samples import consistent_report
from nianbao.spec import Rule

EDITIONS = st.sampled_from(["2021", "2019"])


def table_numbers(report: Report) -> set[Number]:
    """Every number a paragraph may quote: a cell, or a sum of cells it names as one (法人或其他组织, a
    category of results, the two kinds of lawsuit)."""
    numbers: set[Number] = {v for v in report.values.values() if isinstance(v, (int, Decimal))}
    spec = report.spec
    t3 = spec.table("t3").cells
    new_parts = [c.key for c in t3 if c.row == "new" and c.col not in ("natural", "total")]
    groups: dict[str, list[str]] = {}
    for c in t3:
        if c.col == "total":
            groups.setdefault(c.row.rstrip("_12345678"), []).append(c.key)
    for keys in [new_parts, ["t4.direct.total", "t4.after_review.total"], *groups.values()]:
        values = all_numbers(report.get(k) for k in keys)
        if values:
            numbers.add(sum(values))
    return numbers


def quoted_numbers(text: str) -> list[Decimal]:
    """The numbers a paragraph states, its 同比 clauses and the rounding note aside."""
    text = text.replace(drafting.ROUNDING_NOTE, "")
    text = re.sub(r"同比[^，。；]*", "", text)
    return [Decimal(n) for n in re.findall(r"\d+(?:\.\d+)?", text)]


@settings(max_examples=60, deadline=None)
@given(EDITIONS, st.randoms(use_true_random=False))
def test_paragraphs_quote_only_table_numbers(edition, rng):
    report = consistent_report(edition, rng=rng)
    allowed = table_numbers(report)
    for kind in drafting.kinds_for(report.spec):
        text = drafting.paragraph(report, kind)
        assert "\n" not in text
        assert drafting.UNFILLED not in text
        for n in quoted_numbers(text):
            assert n in allowed, (kind.id, n, text)
        assert not re.search(r"(?<![\d.])0件", text), text  # zeros are left out or said plainly


@settings(max_examples=60, deadline=None)
@given(EDITIONS, st.randoms(use_true_random=False))
def test_paragraphs_standing_in_for_section_one_pass_t1(edition, rng):
    report = consistent_report(edition, rng=rng)
    previous = consistent_report(edition, report.year - 1, rng=rng)
    written = "\n".join(drafting.paragraph(report, k, previous) for k in drafting.kinds_for(report.spec, "一"))
    report.texts["一"] = written  # as free text: T1 reads every claim in it
    assert [f for f in check(report) if f.rule is Rule.T1] == []
    claims = narrative.claims(written)
    # every quantity T1 knows is stated (as a number, or plainly as none), so the check above can fail
    assert set(report.spec.quoted_totals) <= set(claims), (set(report.spec.quoted_totals) - set(claims), written)


def test_a_wrong_paragraph_is_caught_by_t1():
    report = consistent_report("2021", rng=random.Random(3))
    text = drafting.paragraph(report, drafting.KINDS_BY_ID["依申请公开"])
    new = count_in(report, "t3.new.total")
    report.texts["一"] = text.replace(f"申请{new}件", f"申请{new + 1}件", 1)
    assert [f.uid for f in check(report) if f.rule is Rule.T1] == ["T1:一:new"]


def zero_report(edition: str = "2021") -> Report:
    report = consistent_report(edition, rng=random.Random(1))
    for key, cell in report.spec.cells_by_key.items():
        report.values[key] = Decimal(0) if not cell.kind.is_integer else 0
    return report


def test_zero_report_says_none_plainly():
    report = zero_report()
    texts = {k.id: drafting.paragraph(report, k) for k in drafting.kinds_for(report.spec)}
    assert texts["依申请公开"].startswith("本年未收到政府信息公开申请；无上年结转政府信息公开申请。")
    assert texts["复议诉讼"] == "本年度未发生因政府信息公开引起的行政复议、行政诉讼案件。"
    assert texts["信息处理费"] == "本年度未收取信息处理费。"
    assert "未收取行政事业性收费" in texts["主动公开"]
    assert "未作出行政许可、行政处罚、行政强制决定" in texts["主动公开"]
    assert not any(re.search(r"\d", t) for t in texts.values()), texts


def test_published_register_2021():
    report = zero_report()
    report.values.update({"t2.normative.issued": 3, "t2.normative.in_force": 8, "t2.fees.amount": Decimal("7730.28")})
    report.values.update({"t3.new.natural": 20, "t3.new.legal": 1, "t3.granted.natural": 15, "t3.partial.legal": 1})
    report.values.update({"t3.unavailable_1.natural": 5, "t4.review.upheld": 10, "t4.review.corrected": 1})
    report.fill_computed()
    active = drafting.paragraph(report, drafting.KINDS_BY_ID["主动公开"])
    assert active.startswith("本年制发行政规范性文件3件；本年未废止规章、行政规范性文件；现行有效行政规范性文件8件。")
    assert active.endswith("收取行政事业性收费7730.28万元。")
    applications = drafting.paragraph(report, drafting.KINDS_BY_ID["依申请公开"])
    assert applications == (
        "本年新收政府信息公开申请21件，其中自然人20件、法人或其他组织1件；无上年结转政府信息公开申请。"
        "本年度办结21件，其中予以公开15件、部分公开1件、无法提供5件；无结转下年度继续办理的申请。"
    )
    appeals = drafting.paragraph(report, drafting.KINDS_BY_ID["复议诉讼"])
    assert appeals == (
        "本年度因政府信息公开被申请行政复议11件，其中结果维持10件、结果纠正1件；未发生因政府信息公开引起的行政诉讼案件。"
    )


def test_year_over_year_phrases():
    assert drafting.comparison(85, 95).phrase == "同比增长11.8%"
    assert drafting.comparison(100, 97).phrase == "同比下降3.0%"
    assert drafting.comparison(0, 3).phrase == "同比增加3件"
    assert drafting.comparison(4, 4).phrase == "与上年持平"
    assert drafting.comparison(8, 9).percent == Decimal("12.5")
    assert drafting.comparison(3, 2).percent == Decimal("-33.3")


def test_year_over_year_in_the_paragraph_and_rounding_said_once():
    report = consistent_report("2021", rng=random.Random(5))
    previous = consistent_report("2021", report.year - 1, rng=random.Random(6))
    previous.values["t3.new.total"] = report.get("t3.new.total")
    text = drafting.paragraph(report, drafting.KINDS_BY_ID["依申请公开"], previous)
    assert f"申请{report.get('t3.new.total')}件，与上年持平" in text
    assert text.count(drafting.ROUNDING_NOTE) == (1 if "%" in text else 0)
    report.texts["一"] = "\n".join(drafting.marker(k.id) for k in drafting.kinds_for(report.spec, "一"))
    rendered = drafting.rendered_text(report, "一", previous)
    assert rendered.count(drafting.ROUNDING_NOTE) == 1 and rendered.count("%") > 1
    assert drafting.paragraph(report, drafting.KINDS_BY_ID["依申请公开"]).count("同比") == 0


def test_markers_render_in_place_and_free_text_stays():
    report = consistent_report("2021", rng=random.Random(7))
    report.texts["一"] = "本机关认真贯彻条例。\n" + drafting.marker("依申请公开") + "\n{{数据:不存在}}"
    rendered = drafting.rendered_text(report, "一").split("\n")
    assert rendered[0] == "本机关认真贯彻条例。"
    assert rendered[1] == drafting.paragraph(report, drafting.KINDS_BY_ID["依申请公开"])
    assert rendered[2] == "{{数据:不存在}}"  # not a kind: free text, kept verbatim
    assert drafting.free_text(report, "一") == "本机关认真贯彻条例。\n{{数据:不存在}}"
    report.set_and_derive("t3.new.natural", count_in(report, "t3.new.natural") + 1)
    assert drafting.rendered_text(report, "一").split("\n")[1] != rendered[1]


def test_the_fee_paragraph_only_where_the_edition_asks_for_it():
    assert "信息处理费" in [k.id for k in drafting.kinds_for(consistent_report("2021").spec, "六")]
    assert drafting.kinds_for(consistent_report("2019").spec, "六") == ()


def test_cells_read_come_from_the_spec():
    spec = consistent_report("2021").spec
    read = drafting.cells_read(spec, drafting.KINDS_BY_ID["依申请公开"])
    assert "t3.new.total" in read and "t3.carried_out.total" in read
    assert all(k in spec.cells_by_key for k in read)
    assert drafting.cells_read(spec, drafting.KINDS_BY_ID["信息处理费"]) == ()


def test_the_checker_reads_free_text_beside_a_bound_paragraph():
    report = consistent_report("2021", rng=random.Random(8))
    new = count_in(report, "t3.new.total")
    report.texts["一"] = drafting.marker("依申请公开") + f"\n全年收到政府信息公开申请{new}件。"
    assert [f for f in check(report) if f.rule is Rule.T1] == []
    report.texts["一"] = drafting.marker("依申请公开") + f"\n全年收到政府信息公开申请{new + 5}件。XX"
    assert {f.rule for f in check(report) if f.section == "一"} == {Rule.T1, Rule.T3}
    report.texts["六"] = drafting.marker("信息处理费")  # T2 reads the paragraph as printed
    assert [f for f in check(report) if f.rule is Rule.T2] == []


def test_word_gets_the_paragraph_as_ordinary_text():
    from writers.docx_writer import build_document

    report = consistent_report("2021", rng=random.Random(9))
    report.texts["一"] = "总体情况。\n" + drafting.marker("复议诉讼")
    texts = [p.text for p in build_document(report).paragraphs]
    assert drafting.paragraph(report, drafting.KINDS_BY_ID["复议诉讼"]) in texts
    assert not any("{{" in t for t in texts)


def test_year_over_year_lists_every_cell_largest_change_first():
    report = consistent_report("2021", rng=random.Random(11))
    previous = consistent_report("2021", report.year - 1, rng=random.Random(12))
    previous.values.pop("t3.new.natural")  # blank last year: not compared
    rows = drafting.year_over_year(report, previous)
    assert len(rows) == len(report.spec.keys) - 1
    differences = [abs(Decimal(r.change.difference)) for r in rows]
    assert differences == sorted(differences, reverse=True)
    top = rows[0]
    assert top.now - top.last == top.change.difference
    assert drafting.year_over_year(report, consistent_report("2019")) == []
