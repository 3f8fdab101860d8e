"""The cross-total checker (勾稽关系).

Every rule of the format is expanded, per edition, into small checks that each
read a few cells or texts.  A full check runs them all; :class:`LiveCheck`
re-runs only the checks that read what changed, so it can run on every keystroke.

Rule ids are those of the format's fact sheet (R3.1 R3.2 R3.3 R4.1 F1 F2 X1 X2
T1 T2), plus T3 for placeholders left in the text (``XX``, ``待补充``…).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from nianbao import drafting, narrative
from nianbao.editions import edition_for_year, get_edition
from nianbao.model import Report, Unparsed, Value, all_numbers, is_number
from nianbao.numbers import format_value
from nianbao.spec import Balance, DataCell, Edition, Rule, Severity, Sum, place
from nianbao.text import find_placeholders

E, W = Severity.ERROR, Severity.WARNING
META = "meta"  # pseudo-section: agency, year, title, preamble


@dataclass(frozen=True)
class Finding:
    rule: Rule
    severity: Severity
    message: str  # Chinese, says what was expected and what was found
    cells: tuple[str, ...] = ()  # storage keys of the cells involved, the main one first
    section: str | None = None  # the section it is about ("一" … "六", or META)
    uid: str = ""  # which check produced it; stable across runs

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


Run = Callable[[Report, "Report | None"], "Finding | None"]


@dataclass(frozen=True)
class _Check:
    uid: str
    rule: Rule
    cells: tuple[str, ...]  # what it reads, for live re-checks
    sections: tuple[str, ...]
    run: Run
    needs_previous: bool = False


# ---------------------------------------------------------------- helpers


def _numbers(report: Report, keys: Iterable[str]) -> list[Value]:
    return [report.values.get(k) for k in keys]


def _table_is_blank(report: Report, table_cells: tuple[str, ...]) -> bool:
    values = report.values
    return not any(k in values for k in table_cells)


# ---------------------------------------------------------------- F1


def _edition_check(spec: Edition) -> _Check:
    def run(report: Report, _prev: Report | None) -> Finding | None:
        expected = edition_for_year(report.year)
        if expected == spec.id:
            return None
        right = get_edition(expected)
        return Finding(
            Rule.F1,
            E,
            f"{report.year}年度报告应使用{right.basis}格式（{right.years}），当前为{spec.basis}格式",
            section=META,
            uid="F1:edition",
        )

    return _Check("F1:edition", Rule.F1, (), (META,), run)


def _agency_check() -> _Check:
    def run(report: Report, _prev: Report | None) -> Finding | None:
        if report.agency.strip():
            return None
        return Finding(Rule.F1, E, "基本信息：机关名称未填写", section=META, uid="F1:agency")

    return _Check("F1:agency", Rule.F1, (), (META,), run)


def _text_section_check(section_id: str, heading: str) -> _Check:
    uid = f"F1:section:{section_id}"

    def run(report: Report, _prev: Report | None) -> Finding | None:
        if report.text(section_id).strip():
            return None
        return Finding(Rule.F1, E, f"缺少“{heading}”部分的内容", section=section_id, uid=uid)

    return _Check(uid, Rule.F1, (), (section_id,), run)


def _table_present_check(section_id: str, heading: str, keys: tuple[str, ...]) -> _Check:
    uid = f"F1:table:{section_id}"

    def run(report: Report, _prev: Report | None) -> Finding | None:
        if not _table_is_blank(report, keys):
            return None
        return Finding(Rule.F1, E, f"缺少“{heading}”的表格数据（整张表为空）", keys, section_id, uid)

    return _Check(uid, Rule.F1, keys, (), run)


# ---------------------------------------------------------------- F2


def _cell_problem(cell: DataCell, value: Value) -> str | None:
    if value is None:
        return "空白"
    if isinstance(value, Unparsed):
        return f"填写为“{value.text}”（{value.reason}）"
    if not is_number(value):
        return f"填写为“{value}”，不是数字"
    if cell.kind.is_integer and not isinstance(value, int) and value != int(value):
        return f"填写为 {format_value(value)}，应为整数"
    if value < 0 and not cell.kind.allows_negative:
        return f"填写为 {format_value(value)}，不能为负数"
    return None


def _row_filled_check(section_id: str, heading: str, cells: list[DataCell], table_keys: tuple[str, ...]) -> _Check:
    uid = f"F2:{cells[0].table}.{cells[0].row}"
    keys = tuple(c.key for c in cells)

    def run(report: Report, _prev: Report | None) -> Finding | None:
        if _table_is_blank(report, table_keys):
            return None  # F1 reports the missing table once
        problems = [(c, _cell_problem(c, report.values.get(c.key))) for c in cells]
        problems = [(c, p) for c, p in problems if p]
        if not problems:
            return None
        blanks = [c for c, p in problems if p == "空白"]
        others = [f"{c.col_label}{p}" for c, p in problems if p != "空白"]
        parts = []
        if blanks:
            parts.append("、".join(c.col_label for c in blanks) + "为空白（没有发生的应填 0）")
        parts += others
        message = f"{cells[0].row_place}：" + "；".join(parts)
        return Finding(Rule.F2, E, message, tuple(c.key for c, _ in problems), section_id, uid)

    return _Check(uid, Rule.F2, keys + table_keys, (), run)


# ---------------------------------------------------------------- sums


def _sum_check(spec: Edition, rule: Sum, section_id: str) -> _Check:
    total_cell = spec.cells_by_key[rule.total]
    uid = f"{rule.rule}:{rule.total}"

    def run(report: Report, _prev: Report | None) -> Finding | None:
        total = report.values.get(rule.total)
        parts = _numbers(report, rule.parts)
        if total is None or not is_number(total) or any(isinstance(p, Unparsed) for p in parts):
            return None  # blanks and non-numbers are F2's to report
        filled = [p for p in parts if is_number(p)]
        if not filled:
            message = f"{total_cell.place}：各项均未填写，填报为 {format_value(total)}"
        else:
            expected = sum(filled)
            if expected == total:
                return None
            message = f"{total_cell.place}：各项之和为 {format_value(expected)}，填报为 {format_value(total)}"
        return Finding(rule.rule, E, message, (rule.total, *rule.parts), section_id, uid)

    return _Check(uid, rule.rule, (rule.total, *rule.parts), (), run)


def _balance_check(spec: Edition, rule: Balance, section_id: str) -> _Check:
    keys = rule.left + rule.right
    uid = f"{rule.rule}:{rule.right[-1]}"
    section = spec.cells_by_key[rule.left[0]].section

    def run(report: Report, _prev: Report | None) -> Finding | None:
        values = _numbers(report, keys)
        if all(v is None for v in values) or any(isinstance(v, Unparsed) for v in values):
            return None
        left = sum(v for v in _numbers(report, rule.left) if is_number(v))
        right = sum(v for v in _numbers(report, rule.right) if is_number(v))
        if left == right:
            return None
        message = (
            f"{place(section, rule.column_label)}：{rule.left_label} = {format_value(left)}，"
            f"{rule.right_label} = {format_value(right)}，两者应相等"
        )
        return Finding(rule.rule, E, message, (rule.right[-1], *rule.left, rule.right[0]), section_id, uid)

    return _Check(uid, rule.rule, keys, (), run)


# ---------------------------------------------------------------- X1, X2


def _carry_check(spec: Edition, this_key: str, last_key: str) -> _Check:
    cell = spec.cells_by_key[this_key]
    uid = f"X1:{this_key}"

    def run(report: Report, prev: Report | None) -> Finding | None:
        if prev is None or last_key not in prev.spec.cells_by_key:
            return None
        now, before = report.values.get(this_key), prev.values.get(last_key)
        if not (is_number(now) and is_number(before)) or now == before:
            return None
        last_label = prev.spec.cells_by_key[last_key].row_label
        message = (
            f"{cell.place}：{prev.year}年度报告“{last_label}”为 {format_value(before)}，"
            f"本年填报为 {format_value(now)}，两者应相等"
        )
        return Finding(Rule.X1, E, message, (this_key,), cell.section, uid)

    return _Check(uid, Rule.X1, (this_key,), (), run, needs_previous=True)


def _stock_check(spec: Edition, in_force: str, issued: str, repealed: str) -> _Check:
    cell = spec.cells_by_key[in_force]
    plus_label, minus_label = spec.cells_by_key[issued].col_label, spec.cells_by_key[repealed].col_label
    uid = f"X2:{in_force}"

    def run(report: Report, prev: Report | None) -> Finding | None:
        if prev is None or in_force not in prev.spec.cells_by_key:
            return None
        found = all_numbers([prev.values.get(in_force), *_numbers(report, (in_force, issued, repealed))])
        if found is None:
            return None
        last, now, plus, minus = found
        expected = last + plus - minus
        if expected == now:
            return None
        message = (
            f"{cell.place}：上年 {format_value(last)} + {plus_label} {format_value(plus)} − {minus_label} {format_value(minus)} = "
            f"{format_value(expected)}，"
            f"填报为 {format_value(now)}（如有清理，请在正文中说明）"
        )
        return Finding(Rule.X2, W, message, (in_force, issued, repealed), cell.section, uid)

    return _Check(uid, Rule.X2, (in_force, issued, repealed), (), run, needs_previous=True)


# ---------------------------------------------------------------- T1, T2, T3


def _narrative_check(spec: Edition, section_id: str, quantity: narrative.Quantity) -> _Check:
    uid = f"T1:{section_id}:{quantity.id}"
    keys = spec.quoted_totals[quantity.id]
    heading = spec.section(section_id).heading
    where = "与".join(spec.cells_by_key[k].place for k in keys) + ("之和" if len(keys) > 1 else "")

    def run(report: Report, _prev: Report | None) -> Finding | None:
        claimed = narrative.claims(drafting.free_text(report, section_id)).get(quantity.id)
        values = all_numbers(_numbers(report, keys))
        if claimed is None or values is None:
            return None
        actual = sum(values)
        if actual == claimed:
            return None
        message = (
            f"“{heading}”正文称{quantity.label} {format_value(claimed)} {quantity.unit}，"
            f"表格中{where}为 {format_value(actual)}"
        )
        return Finding(Rule.T1, W, message, keys, section_id, uid)

    return _Check(uid, Rule.T1, keys, (section_id,), run)


def _fee_mentioned_check(spec: Edition, section_id: str) -> _Check:
    heading = spec.section(section_id).heading

    def run(report: Report, _prev: Report | None) -> Finding | None:
        if spec.fee_keyword in drafting.rendered_text(report, section_id):
            return None
        return Finding(Rule.T2, W, f"“{heading}”{spec.fee_hint}", section=section_id, uid="T2")

    return _Check("T2", Rule.T2, (), (section_id,), run)


def _placeholder_check(section_id: str, where: str) -> _Check:
    uid = f"T3:{section_id}"

    def run(report: Report, _prev: Report | None) -> Finding | None:
        if section_id == META:
            text = "\n".join((report.agency, report.title, report.preamble))
        else:
            text = drafting.free_text(report, section_id)
        found = sorted(set(find_placeholders(text)))
        if not found:
            return None
        return Finding(Rule.T3, W, f"{where}中还有未替换的占位内容：{'、'.join(found)}", section=section_id, uid=uid)

    return _Check(uid, Rule.T3, (), (section_id,), run)


# ---------------------------------------------------------------- assembly


@cache
def checks_for(edition_id: str) -> tuple[_Check, ...]:
    """Every check of an edition, in the order of the document."""
    spec = get_edition(edition_id)
    checks: list[_Check] = [_agency_check(), _edition_check(spec), _placeholder_check(META, "标题、机关名称或前言")]
    for section in spec.sections:
        if section.table is None:
            checks.append(_text_section_check(section.id, section.heading))
            checks += [
                _narrative_check(spec, section.id, q) for q in narrative.QUANTITIES if q.id in spec.quoted_totals
            ]
            checks.append(_placeholder_check(section.id, f"“{section.heading}”"))
            if section.id == spec.fee_section:
                checks.append(_fee_mentioned_check(spec, section.id))
            continue
        table = spec.table(section.table)
        table_keys = tuple(c.key for c in table.cells)
        checks.append(_table_present_check(section.id, section.heading, table_keys))
        for row in table.rows_of_cells():
            checks.append(_row_filled_check(section.id, section.heading, row, table_keys))
        sums = [s for s in spec.sums if s.total.startswith(table.id + ".")]
        checks += [_sum_check(spec, s, section.id) for s in sums]
        checks += [_balance_check(spec, b, section.id) for b in spec.balances if b.left[0].startswith(table.id + ".")]
        checks += [_carry_check(spec, a, b) for a, b in spec.carry_in if a.startswith(table.id + ".")]
        checks += [_stock_check(spec, *keys) for keys in spec.stock if keys[0].startswith(table.id + ".")]
    return tuple(checks)


def check(report: Report, previous: Report | None = None) -> list[Finding]:
    """Every finding for ``report``; X1 and X2 need last year's report as ``previous``."""
    found = []
    for c in checks_for(report.edition):
        if c.needs_previous and previous is None:
            continue
        f = c.run(report, previous)
        if f is not None:
            found.append(f)
    return found


def count(findings: Iterable[Finding]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = warnings = 0
    for f in findings:
        if f.is_error:
            errors += 1
        else:
            warnings += 1
    return errors, warnings


class LiveCheck:
    """The findings of one report, kept current as single cells and texts change."""

    def __init__(self, report: Report, previous: Report | None = None):
        self.report = report
        self.previous = previous
        self._checks = checks_for(report.edition)
        self._order = {c.uid: i for i, c in enumerate(self._checks)}
        self._by_cell: dict[str, list[_Check]] = {}
        self._by_section: dict[str, list[_Check]] = {}
        for c in self._checks:
            for k in c.cells:
                self._by_cell.setdefault(k, []).append(c)
            for s in c.sections:
                self._by_section.setdefault(s, []).append(c)
        self._current: dict[str, Finding] = {}
        self.recheck_all()

    def recheck_all(self) -> None:
        self._current = {}
        self._run(self._checks)

    def cells_changed(self, keys: Iterable[str]) -> set[str]:
        """Re-run the checks that read any of ``keys``; returns the uids whose finding changed."""
        seen: dict[str, _Check] = {}
        for k in keys:
            for c in self._by_cell.get(k, ()):
                seen[c.uid] = c
        return self._run(seen.values())

    def text_changed(self, section_id: str) -> set[str]:
        """``section_id``: a text section ("一", "五", "六") or META."""
        return self._run(self._by_section.get(section_id, ()))

    def _run(self, checks: Iterable[_Check]) -> set[str]:
        changed = set()
        for c in checks:
            if c.needs_previous and self.previous is None:
                continue
            new = c.run(self.report, self.previous)
            old = self._current.get(c.uid)
            if new == old:
                continue
            changed.add(c.uid)
            if new is None:
                del self._current[c.uid]
            else:
                self._current[c.uid] = new
        return changed

    @property
    def findings(self) -> list[Finding]:
        return sorted(self._current.values(), key=lambda f: self._order[f.uid])

    @property
    def counts(self) -> tuple[int, int]:
        return count(self.findings)


def location(report: Report, finding: Finding) -> tuple[str, str, str]:
    """(table, row, column) with the official labels, for the command line and the findings panel."""
    spec = report.spec
    if finding.cells and finding.rule is not Rule.F1:
        cell = spec.cells_by_key[finding.cells[0]]
        section = spec.section(spec.table(cell.table).section)
        if finding.rule is Rule.F2:
            columns = "、".join(spec.cells_by_key[k].col_label for k in finding.cells)
            return section.heading, cell.row_label, columns
        return section.heading, cell.row_label, cell.col_label
    if finding.section and finding.section != META:
        return spec.section(finding.section).heading, "", ""
    return "基本信息", "", ""
