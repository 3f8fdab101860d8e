"""Summing the reports of many agencies (what a 政务公开办 does with the reports it collects)."""

from __future__ import annotations

from collections.abc import Sequence

from nianbao.model import Report, all_numbers


class CannotSum(ValueError):
    """The reports cannot be added up; the message says why, in Chinese."""


def sum_reports(reports: Sequence[Report], agency: str = "") -> Report:
    """One report whose every number is the sum over ``reports`` (same year and edition).

    A cell that is not a number in some report stays blank in the sum, so the
    gap is visible (F2) instead of being counted as 0.
    """
    if not reports:
        raise CannotSum("没有可汇总的报告")
    years = sorted({r.year for r in reports})
    editions = sorted({r.edition for r in reports})
    if len(years) > 1:
        raise CannotSum(f"只能汇总同一年度的报告，收到的报告涉及 {'、'.join(map(str, years))} 年度")
    if len(editions) > 1:
        raise CannotSum(f"只能汇总同一格式版本的报告，收到的报告涉及 {'、'.join(editions)} 版")
    agencies = [r.agency.strip() for r in reports]
    twice = sorted({a for a in agencies if agencies.count(a) > 1})
    if twice:
        raise CannotSum(f"同一单位的报告出现了不止一次：{'、'.join(twice)}；每个单位只应汇总一份")
    total = Report(agency or f"{len(reports)}个单位汇总", years[0], editions[0])
    for key in total.spec.keys:
        values = all_numbers(r.values.get(key) for r in reports)
        if values is not None:
            total.values[key] = sum(values)
    return total
