"""The data paragraphs of the narrative, written from the tables (issue 12).

A clerk inserts a paragraph *kind* into a text section; the section stores only a marker line
(``{{数据:依申请公开}}``), never the numbers, and every reader that needs the text as it is
printed gets it from :func:`rendered_text`, written again from the current cells.  The words come
from the edition spec (row and column labels); only the connecting prose is written here.

Zero categories are left out of a list, and a quantity that is zero is said plainly (“本年未收到
政府信息公开申请”), as published reports do.  With last year's report the totals carry a 同比.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from nianbao.model import Number, Report, all_numbers
from nianbao.numbers import format_value
from nianbao.spec import DataCell, Edition, LabelBlock

MARKER = re.compile(r"^\{\{数据:([^{}]+)\}\}$")
ROUNDING_NOTE = "同比增减幅度四舍五入保留一位小数。"
UNFILLED = "（表中未填写）"


def marker(kind_id: str) -> str:
    return f"{{{{数据:{kind_id}}}}}"


# ---------------------------------------------------------------- reading the cells


class _Draft:
    """What a paragraph writer reads: sums of cells, their 同比, and the labels of the spec.

    It records every key read, so the cells a paragraph depends on are known without restating them.
    """

    def __init__(self, report: Report, previous: Report | None) -> None:
        self.report = report
        self.spec: Edition = report.spec
        self.previous = previous if previous is not None and previous.edition == report.edition else None
        self.read: list[str] = []
        self.percent_used = False

    def value(self, keys: Iterable[str]) -> Number | None:
        keys = tuple(keys)
        self.read += keys
        numbers = all_numbers(self.report.get(k) for k in keys)
        return sum(numbers[1:], numbers[0]) if numbers else None

    def yoy(self, keys: Iterable[str]) -> str:
        """``，同比增长12.4%`` / ``，同比增加3件`` / ``，与上年持平``; "" without last year."""
        keys = tuple(keys)
        now = self.value(keys)
        if self.previous is None or now is None:
            return ""
        last_numbers = all_numbers(self.previous.get(k) for k in keys)
        if last_numbers is None:
            return ""
        change = comparison(sum(last_numbers[1:], last_numbers[0]), now)
        self.percent_used |= "%" in change.phrase
        return "，" + change.phrase

    def cell(self, key: str) -> DataCell:
        return self.spec.cells_by_key[key]


def _amount(value: Number | None, unit: str = "件") -> str:
    return UNFILLED if value is None else f"{format_value(value)}{unit}"


def _stem(label: str) -> str:
    """``一、本年新收政府信息公开申请数量`` → ``本年新收政府信息公开申请``; ``本年制发件数`` → ``本年制发``;
    ``（二）部分公开（区分处理的，…）`` → ``部分公开``; ``（三）不予公开·1.属于国家秘密`` → ``不予公开``."""
    label = label.split("·")[0]
    label = re.sub(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)", "", label)
    label = re.sub(r"（[^）]*）$", "", label)
    return re.sub(r"(?:件数|数量)$", "", label)


def _unit_of(label: str) -> str:
    """The unit a column label names in its ``（单位：…）``."""
    m = re.search(r"单位：([^）]+)", label)
    return m.group(1) if m else ""


@dataclass(frozen=True)
class Change:
    difference: Number
    percent: Decimal | None  # None: last year was 0
    phrase: str


def comparison(last: Number, now: Number, unit: str = "件") -> Change:
    """This year against last: the difference, the percentage (one decimal, half up) and the phrase."""
    difference = now - last
    if difference == 0:
        return Change(difference, Decimal(0), "与上年持平")
    if last == 0:
        return Change(difference, None, f"同比增加{format_value(difference)}{unit}")
    percent = (Decimal(difference) * 100 / Decimal(last)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    word = "增长" if difference > 0 else "下降"
    return Change(difference, percent, f"同比{word}{format_value(abs(percent))}%")


def _listed(items: list[tuple[str, Number | None]], unit: str = "件") -> str:
    """``自然人3件、…2件``: the items that are not zero, each with its label."""
    return "、".join(f"{label}{_amount(n, unit)}" for label, n in items if n != 0)


# ---------------------------------------------------------------- the paragraphs


def _negated(verb: str) -> str:
    """``本年制发`` → ``本年未制发``; ``现行有效`` → ``无现行有效的``."""
    return f"本年未{verb[2:]}" if verb.startswith("本年") else f"无{verb}的"


def _stock_sentence(d: _Draft, rows: list[str], col: str) -> str:
    """``本年制发规章2件、…3件`` for one column of the rows of Art. 20 (1) (规章 and the normative documents)."""
    verb = _stem(d.cell(f"t2.{rows[0]}.{col}").col_label)
    suffix = "总数" if verb.endswith("总") else ""  # 2019: 对外公开总数量 → 对外公开规章总数5件
    verb = verb.removesuffix("总")
    items = [(d.cell(f"t2.{r}.{col}").row_label + suffix, d.value([f"t2.{r}.{col}"])) for r in rows]
    listed = _listed(items)
    if not listed:
        return _negated(verb) + "、".join(label for label, _ in items)
    return verb + listed


def _decisions_sentence(d: _Draft, rows: list[str]) -> str:
    """``本年作出行政许可决定120件、行政处罚决定30件，未作出行政强制决定``."""
    items = [(d.cell(f"t2.{r}.decisions").row_label + "决定", d.value([f"t2.{r}.decisions"])) for r in rows]
    made = _listed(items)
    none = "、".join(label.removesuffix("决定") for label, n in items if n == 0)
    parts = ([f"本年作出{made}"] if made else []) + ([f"未作出{none}决定"] if none else [])
    return "，".join(parts)


def _fees_sentence(d: _Draft, key: str) -> str:
    cell = d.cell(key)
    amount = d.value([key])
    if amount == 0:
        return f"未收取{cell.row_label}"
    return f"收取{cell.row_label}{_amount(amount, _unit_of(cell.col_label))}{d.yoy([key])}"


def _t2_rows(spec: Edition, col: str) -> list[str]:
    return [c.row for c in spec.table("t2").cells if c.col == col]


def _active(d: _Draft) -> str:
    spec = d.spec
    stock_rows = [k.split(".")[1] for k, _, _ in spec.stock] or _t2_rows(spec, "made")
    stock_cols = [c.col for c in spec.table("t2").cells if c.row == stock_rows[0]]
    sentences = ["；".join(_stock_sentence(d, stock_rows, col) for col in stock_cols)]
    sentences.append(_decisions_sentence(d, _t2_rows(spec, "decisions")))
    fee_key = "t2.fees.amount"
    if fee_key in spec.cells_by_key:
        sentences.append(_fees_sentence(d, fee_key))
    return "。".join(s for s in sentences if s) + "。"


def _t3(row: str, col: str = "total") -> str:
    return f"t3.{row}.{col}"


def _org_label(spec: Edition) -> str:
    """The header over the applicant columns other than 自然人 (legal persons and other organisations)."""
    n_org = len([c for c in spec.table("t3").cells if c.row == "new"]) - 2
    return next(b.text for b in spec.table("t3").blocks if isinstance(b, LabelBlock) and b.colspan == n_org)


def _result_groups(spec: Edition) -> list[tuple[str, list[str]]]:
    """The results of 三 by category (the eight reasons for withholding as one), in the order of the table."""
    groups: dict[str, list[str]] = {}
    for c in spec.table("t3").cells:
        if c.col == "total" and c.row not in ("new", "carried_in", "result_total", "carried_out"):
            groups.setdefault(_stem(c.row_label), []).append(c.key)
    return list(groups.items())


def _applications(d: _Draft) -> str:
    spec = d.spec
    new_label = _stem(d.cell(_t3("new")).row_label)
    applicants = [c.key for c in spec.table("t3").cells if c.row == "new" and c.col != "total"]
    new = d.value([_t3("new")])
    if new == 0:
        first = _negated(new_label.replace("新收", "收到"))
    else:
        split = _listed(
            [(d.cell(applicants[0]).col_label, d.value(applicants[:1])), (_org_label(spec), d.value(applicants[1:]))]
        )
        first = f"{new_label}{_amount(new)}{d.yoy([_t3('new')])}" + (f"，其中{split}" if split else "")
    carried_label = _stem(d.cell(_t3("carried_in")).row_label)
    carried = d.value([_t3("carried_in")])
    first += f"；{carried_label}{_amount(carried)}" if carried != 0 else f"；无{carried_label}"
    done = d.value([_t3("result_total")])
    results = _listed([(label, d.value(keys)) for label, keys in _result_groups(spec)])
    if done == 0:
        second = "本年度无办结的申请"
    else:
        second = f"本年度办结{_amount(done)}{d.yoy([_t3('result_total')])}" + (f"，其中{results}" if results else "")
    out_label = _stem(d.cell(_t3("carried_out")).row_label)
    out = d.value([_t3("carried_out")])
    second += f"；{out_label}{_amount(out)}" if out != 0 else f"；无{out_label}的申请"
    return f"{first}。{second}。"


def _t4_group(d: _Draft, group: str, verb: str) -> str:
    outcomes = [c for c in d.spec.table("t4").cells if c.row == group and c.col != "total"]
    total_key = f"t4.{group}.total"
    total = d.value([total_key])
    listed = _listed([(c.col_label, d.value([c.key])) for c in outcomes])
    return f"{verb}{_amount(total)}{d.yoy([total_key])}" + (f"，其中{listed}" if listed else "")


def _appeals(d: _Draft) -> str:
    cells = d.spec.cells_by_key
    review_label = cells["t4.review.total"].row_label
    lawsuit_label, direct_label = cells["t4.direct.total"].row_label.split("·")
    after_label = cells["t4.after_review.total"].row_label.split("·")[1]
    review = d.value(["t4.review.total"])
    lawsuits = d.value(["t4.direct.total", "t4.after_review.total"])
    if review == 0 and lawsuits == 0:
        return f"本年度未发生因政府信息公开引起的{review_label}、{lawsuit_label}案件。"
    parts = []
    if review == 0:
        parts.append(f"本年度未发生因政府信息公开引起的{review_label}案件")
    else:
        parts.append(_t4_group(d, "review", f"本年度因政府信息公开被申请{review_label}"))
    if lawsuits == 0:
        parts.append(f"未发生因政府信息公开引起的{lawsuit_label}案件")
    else:
        groups = _listed(
            [(direct_label, d.value(["t4.direct.total"])), (after_label, d.value(["t4.after_review.total"]))]
        )
        yoy = d.yoy(["t4.direct.total", "t4.after_review.total"])
        parts.append(f"被提起{lawsuit_label}{_amount(lawsuits)}{yoy}，其中{groups}")
    return "；".join(parts) + "。"


def _fee_none(d: _Draft) -> str:
    return f"本年度未收取{d.spec.fee_keyword}。"


@dataclass(frozen=True)
class ParagraphKind:
    id: str  # the marker's name, shown in the menu: 插入数据段落 → 依申请公开
    section: str  # the text section it is written for
    table_section: str  # the section whose table it tells ("" for none)
    write: Callable[[_Draft], str]
    needs_fee_section: bool = False  # only editions whose 六 must report the 信息处理费


KINDS = (
    ParagraphKind("主动公开", "一", "二", _active),
    ParagraphKind("依申请公开", "一", "三", _applications),
    ParagraphKind("复议诉讼", "一", "四", _appeals),
    ParagraphKind("信息处理费", "六", "", _fee_none, needs_fee_section=True),
)
KINDS_BY_ID = {k.id: k for k in KINDS}


def kinds_for(spec: Edition, section_id: str | None = None) -> tuple[ParagraphKind, ...]:
    """The kinds an edition offers (in ``section_id``, or everywhere)."""
    return tuple(
        k
        for k in KINDS
        if (section_id is None or k.section == section_id) and (not k.needs_fee_section or spec.fee_section)
    )


def bound_kind(line: str, spec: Edition) -> ParagraphKind | None:
    """The kind a line of a stored text binds, or None for free text."""
    m = MARKER.match(line.strip())
    kind = KINDS_BY_ID.get(m.group(1)) if m else None
    return kind if kind is not None and kind in kinds_for(spec) else None


def _written(report: Report, kind: ParagraphKind, previous: Report | None) -> tuple[str, bool]:
    """The paragraph, and whether it states a percentage (then the rounding is said once, after it)."""
    d = _Draft(report, previous)
    return kind.write(d), d.percent_used


def paragraph(report: Report, kind: ParagraphKind, previous: Report | None = None) -> str:
    """One paragraph on its own, with the rounding note when it states a percentage."""
    text, percent = _written(report, kind, previous)
    return text + ROUNDING_NOTE if percent else text


def cells_read(spec: Edition, kind: ParagraphKind) -> tuple[str, ...]:
    """The storage keys a paragraph kind reads (found by writing it once for an empty report)."""
    d = _Draft(Report("", spec.first_year, spec.id), None)
    kind.write(d)
    return tuple(dict.fromkeys(d.read))


def rendered_text(report: Report, section_id: str, previous: Report | None = None) -> str:
    """The section as it is printed: every marker line replaced by its paragraph from the current cells."""
    return "\n".join(rendered_lines(report, report.text(section_id).split("\n"), previous))


def rendered_lines(report: Report, lines: list[str], previous: Report | None = None) -> list[str]:
    """``lines`` of a stored text with each marker line written out; the rounding of the 同比 percentages is
    said once, after the last paragraph that states one."""
    spec = report.spec
    lines = list(lines)
    last_percent = -1
    for i, line in enumerate(lines):
        kind = bound_kind(line, spec)
        if kind is not None:
            lines[i], percent = _written(report, kind, previous)
            last_percent = i if percent else last_percent
    if last_percent >= 0:
        lines[last_percent] += ROUNDING_NOTE
    return lines


def free_text(report: Report, section_id: str) -> str:
    """The section without its bound paragraphs: what the clerk wrote, and what T1 and T3 read."""
    spec = report.spec
    return "\n".join(line for line in report.text(section_id).split("\n") if bound_kind(line, spec) is None)


def has_bound(text: str, spec: Edition) -> bool:
    return any(bound_kind(line, spec) is not None for line in text.split("\n"))


def drafts(report: Report, previous: Report | None = None) -> list[tuple[str, list[str]]]:
    """(heading, paragraphs) of the sections the data paragraphs are for: 一, 四 (one sentence), 六."""
    spec = report.spec
    out: dict[str, list[str]] = {}
    for kind in kinds_for(spec):
        text = paragraph(report, kind, previous)
        out.setdefault(spec.section(kind.section).heading, []).append(text)
        if kind.table_section == "四":  # 四 is told in one sentence, the one 一 quotes
            out.setdefault(spec.section("四").heading, []).append(text)
    order = [s.heading for s in spec.sections]
    return sorted(out.items(), key=lambda item: order.index(item[0]))


# ---------------------------------------------------------------- this year against last


@dataclass(frozen=True)
class CellChange:
    key: str
    place: str  # ``三（一）予以公开·总计``
    last: Number
    now: Number
    change: Change


def year_over_year(report: Report, previous: Report) -> list[CellChange]:
    """Every number cell of 二/三/四 that both years hold, with the change — largest first, then in table order
    (the facts the clerk must explain in 五)."""
    if previous.edition != report.edition:
        return []
    changes = []
    for key, cell in report.spec.cells_by_key.items():
        now, last = all_numbers([report.get(key)]), all_numbers([previous.get(key)])
        if now is not None and last is not None:
            unit = _unit_of(cell.col_label) if not cell.kind.is_integer else "件"
            changes.append(CellChange(key, cell.place, last[0], now[0], comparison(last[0], now[0], unit)))
    order = {k: i for i, k in enumerate(report.spec.keys)}
    return sorted(changes, key=lambda c: (-abs(Decimal(c.change.difference)), order[c.key]))
