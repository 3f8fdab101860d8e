"""Realistic reports whose numbers satisfy every rule: for the demo, benchmarks,
screenshots and property tests (hypothesis passes its own ``Random``)."""

from __future__ import annotations

import random
from decimal import Decimal

from nianbao.editions import get_edition
from nianbao.model import Number, Report, all_numbers
from nianbao.spec import CellKind, Edition, Rule

SAMPLE_AGENCY = "某县民政局"


def _small(rng: random.Random, busy: bool) -> int:
    """Most cells of a real report are 0; a few are small counts."""
    if not busy or rng.random() < 0.55:
        return 0
    return rng.randint(1, 12)


def _quoted(report: Report, quantity: str) -> Number:
    """The table total a narrative quantity quotes (T1's own mapping, from the edition)."""
    numbers = all_numbers(report.get(k) for k in report.spec.quoted_totals[quantity])
    return sum(numbers) if numbers else 0


def _text(report: Report) -> dict[str, str]:
    new, done, out = (_quoted(report, q) for q in ("new", "result_total", "carried_out"))
    carried_in, review, lawsuits = (_quoted(report, q) for q in ("carried_in", "review", "litigation"))
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
    spec = report.spec
    texts["六"] = f"本年度未收取{spec.fee_keyword}。" if spec.fee_section else "无。"
    return texts


def consistent_report(
    edition: str = "2021", year: int | None = None, rng: random.Random | None = None, agency: str = SAMPLE_AGENCY
) -> Report:
    """A report that passes every check of its edition (X1/X2 aside)."""
    rng = rng or random.Random(2021)
    report = Report(agency, year or _sample_year(edition), edition)
    values: dict[str, Number] = {}
    _fill_t3(report.spec, values, rng)
    _fill_t2(report.spec, values, rng)
    _fill_t4(report.spec, values, rng)
    report.values.update(values)
    report.fill_computed()
    report.texts = _text(report)
    report.preamble = (
        f"本报告依据《中华人民共和国政府信息公开条例》编制，统计期限为{report.year}年1月1日至{report.year}年12月31日。"
        "如对本报告有疑问，请与本机关办公室联系。"
    )
    return report


def _sample_year(edition_id: str) -> int:
    spec = get_edition(edition_id)
    return spec.last_year if spec.last_year is not None else spec.first_year + 2


def _fill_t3(spec: Edition, values: dict[str, Number], rng: random.Random) -> None:
    """The results of table 三, then the R3.3 balance per column (new + carried in = results + carried out)."""
    results = {s.total: s.parts for s in spec.sums if s.rule is Rule.R3_2}
    columns = {spec.cells_by_key[k].col for parts in results.values() for k in parts}
    busy = {c for c in sorted(columns) if rng.random() < 0.8}
    for balance in spec.balances:
        (new, carried_in), (result_total, carried_out) = balance.left, balance.right
        if spec.cells_by_key[new].computed:
            continue
        for part in results[result_total]:
            values[part] = _small(rng, spec.cells_by_key[part].col in busy)
        done = int(sum(values[k] for k in results[result_total]))  # counts
        out = rng.randint(0, 2) if done and rng.random() < 0.3 else 0
        before = rng.randint(0, done + out) if rng.random() < 0.3 else 0
        values[carried_out], values[carried_in], values[new] = out, before, done + out - before


def _fill_t4(spec: Edition, values: dict[str, Number], rng: random.Random) -> None:
    for s in spec.sums:
        if s.rule is Rule.R4_1:
            for part in s.parts:
                values[part] = rng.randint(0, 3) if rng.random() < 0.3 else 0


def _fill_t2(spec: Edition, values: dict[str, Number], rng: random.Random) -> None:
    for cell in spec.table("t2").cells:
        values[cell.key] = _random_value(cell.kind, rng)
    for in_force, issued, repealed in spec.stock:
        values[in_force] = values[issued] + rng.randint(0, 60)
        values[repealed] = min(values[repealed], values[in_force])


def _random_value(kind: CellKind, rng: random.Random) -> Number:
    if kind is CellKind.FEE:
        return Decimal(rng.randint(0, 5_000_000)) / Decimal(10_000)
    if kind is CellKind.AMOUNT:
        return Decimal(rng.randint(0, 9_000_000))
    if kind is CellKind.SIGNED:
        return rng.randint(-20, 40)
    return rng.randint(0, 40)
