"""Realistic reports whose numbers satisfy every rule: for the demo, benchmarks,
screenshots and property tests (hypothesis passes its own ``Random``)."""

from __future__ import annotations

import random
from decimal import Decimal

from nianbao.model import Report
from nianbao.spec import CellKind

SAMPLE_AGENCY = "某县民政局"


def _small(rng: random.Random, busy: bool) -> int:
    """Most cells of a real report are 0; a few are small counts."""
    if not busy or rng.random() < 0.55:
        return 0
    return rng.randint(1, 12)


def _text(report: Report) -> dict[str, str]:
    v = report.values
    new, done, out = v["t3.new.total"], v["t3.result_total.total"], v["t3.carried_out.total"]
    carried_in = v["t3.carried_in.total"]
    review = v["t4.review.total"]
    lawsuits = v["t4.direct.total"] + v["t4.after_review.total"]
    texts = {
        "一": (
            f"{report.year}年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，"
            "坚持以公开为常态、不公开为例外，扎实推进政府信息公开工作。\n"
            f"（一）主动公开。通过门户网站、政务新媒体等渠道主动公开政府信息。\n"
            f"（二）依申请公开。全年收到政府信息公开申请{new}件，上年结转{carried_in}件，办结{done}件，结转下年度继续办理{out}件。\n"
            "（三）政府信息管理。严格执行公开前保密审查制度，动态调整主动公开基本目录。\n"
            "（四）政府信息公开平台建设。持续优化政府网站信息公开专栏。\n"
            f"（五）监督保障。全年发生政府信息公开行政复议{review}件，行政诉讼{lawsuits}件。"
        ),
        "五": (
            "一是政务公开工作人员业务水平有待提高；二是政策解读形式还不够丰富。\n"
            "下一步，本机关将加强业务培训，丰富解读形式，不断提升政府信息公开工作质量。"
        ),
    }
    fee = "本年度未收取信息处理费。" if report.spec.fee_section else "无。"
    texts["六"] = fee
    return texts


def consistent_report(
    edition: str = "2021", year: int | None = None, rng: random.Random | None = None, agency: str = SAMPLE_AGENCY
) -> Report:
    """A report that passes every check of its edition (X1/X2 aside)."""
    rng = rng or random.Random(2021)
    year = year or (2023 if edition == "2021" else 2020)
    report = Report(agency, year, edition)
    spec = report.spec
    busy_columns = {c for c in ("natural", "commercial", "legal", "other") if rng.random() < 0.8}
    for cell in spec.cells_by_key.values():
        if cell.computed or cell.table != "t3" or cell.row in ("new", "carried_in", "carried_out"):
            continue
        report.values[cell.key] = _small(rng, cell.col in busy_columns)
    _fill_t3_flows(report, rng)
    _fill_t2(report, rng)
    for group in ("review", "direct", "after_review"):
        for outcome in ("upheld", "corrected", "other", "pending"):
            report.values[f"t4.{group}.{outcome}"] = rng.randint(0, 3) if rng.random() < 0.3 else 0
    report.fill_computed()
    report.texts = _text(report)
    report.preamble = (
        f"本报告依据《中华人民共和国政府信息公开条例》编制，统计期限为{year}年1月1日至{year}年12月31日。"
        "如对本报告有疑问，请与本机关办公室联系。"
    )
    return report


def _fill_t3_flows(report: Report, rng: random.Random) -> None:
    """The R3.3 balance per column (new + carried in = results + carried out), all counts ≥ 0."""
    spec = report.spec
    items = [s for s in spec.sums if s.rule == "R3.2"]
    for column_sum in items:
        column = column_sum.total.rsplit(".", 1)[1]
        if column == "total":
            continue
        done = sum(report.values.get(k, 0) for k in column_sum.parts)
        carried_out = rng.randint(0, 2) if done and rng.random() < 0.3 else 0
        carried_in = rng.randint(0, done + carried_out) if rng.random() < 0.3 else 0
        report.values[f"t3.carried_in.{column}"] = carried_in
        report.values[f"t3.carried_out.{column}"] = carried_out
        report.values[f"t3.new.{column}"] = done + carried_out - carried_in


def _fill_t2(report: Report, rng: random.Random) -> None:
    for cell in report.spec.table("t2").cells:
        if cell.kind is CellKind.FEE:
            value: int | Decimal = Decimal(rng.randint(0, 5_000_000)) / Decimal(10_000)
        elif cell.kind is CellKind.AMOUNT:
            value = Decimal(rng.randint(0, 9_000_000))
        elif cell.kind is CellKind.SIGNED:
            value = rng.randint(-20, 40)
        else:
            value = rng.randint(0, 40)
        report.values[cell.key] = value
    for in_force, issued, repealed in report.spec.stock:
        report.values[in_force] = report.values[issued] + rng.randint(0, 60)
        report.values[repealed] = min(report.values[repealed], report.values[in_force])
