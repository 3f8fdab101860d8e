"""T1's reading of narratives: Chinese numerals, the phrasings of published reports, and the corpus.

The corpus test skips with a reason when ../shared/corpus is absent; with ``NIANBAO_REQUIRE_CORPUS=1`` (CI)
that is a failure.
"""

from __future__ import annotations

import importlib.util
import os
from decimal import Decimal
from pathlib import Path

import pytest

from nianbao.narrative import chinese_number, claims

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("12", 12),
        ("两", 2),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("一百零三", 103),
        ("一千零五", 1005),
        ("三万二千", 32000),
        ("二〇二", 202),
        ("零", 0),
        ("十二x", None),
    ],
)
def test_chinese_numbers(text, number):
    assert chinese_number(text) == number


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "全年共受理政府信息公开申请十二件，办结两件，结转下年度继续办理一百零三件。",
            {"new": 12, "result_total": 2, "carried_out": 103},
        ),
        ("全年收到政府信息公开申请共计44件，累计办结44件。", {"new": 44, "result_total": 44}),
        ("区政府办受理政府\n信息公开申请 17 件，均已予以答复。", {"new": 17}),  # a PDF's line break
        ("2019年收到2份以信函形式提出的信息公开申请，已按时答复办结。", {"new": 2}),
        ("2023年办理依申请公开文件数224件", {"new": 224}),
        ("本年度答复申请30件。", {"result_total": 30}),
        ("收到政府信息公开申请17件，办结率100%，无行政复议、诉讼等情况", {"new": 17, "review": 0, "litigation": 0}),
        ("无上年结转政府信息公开申请；无结转下年度继续办理的申请。", {"carried_in": 0, "carried_out": 0}),
        ("收取行政事业性收费7730.28万元；收取信息处理费120元。", {"fees": Decimal("7730.28")}),
        ("行政事业性收费25000元", {"fees": Decimal("2.5")}),
        ("全年答复厅长信箱留言信息304条，在线答复咨询、投诉等问题4582件", {}),
    ],
)
def test_phrasings_of_published_reports(text, found):
    assert claims(text) == found


def test_on_the_corpus_every_known_mismatch_and_no_false_alarm(capsys):
    if not CORPUS.is_dir():
        reason = f"corpus not found at {CORPUS}"
        if os.environ.get("NIANBAO_REQUIRE_CORPUS") == "1":
            pytest.fail(f"NIANBAO_REQUIRE_CORPUS=1 but {reason}")
        pytest.skip(reason)
    spec = importlib.util.spec_from_file_location("measure_t1", ROOT / "tools" / "measure_t1.py")
    assert spec is not None and spec.loader is not None
    measure_t1 = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(measure_t1)
    figures = measure_t1.measure(claims)
    assert figures["false"] == 0, capsys.readouterr().out
    assert figures["missed_real"] == 0
    assert figures["claims"] >= 17


def test_a_fee_amount_that_contradicts_table_two_is_found():
    import random

    from nianbao.checker import check
    from nianbao.samples import consistent_report

    report = consistent_report("2021", rng=random.Random(4))
    report.values["t2.fees.amount"] = Decimal("12.5")
    report.texts["一"] = "本年收取行政事业性收费125000元。"
    assert [f for f in check(report) if f.rule == "T1"] == []
    report.texts["一"] = "本年收取行政事业性收费13万元。"
    (finding,) = [f for f in check(report) if f.rule == "T1"]
    assert (
        finding.message
        == "“一、总体情况”正文称收费金额 13 万元，表格中二·行政事业性收费·本年收费金额（单位：万元）为 12.5"
    )
