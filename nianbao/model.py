"""The report being written: identity, texts and every number of the tables."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeGuard

from nianbao.editions import edition_for_year, get_edition
from nianbao.naming import default_title as default_title
from nianbao.numbers import format_value
from nianbao.spec import Edition


@dataclass(frozen=True)
class Unparsed:
    """Text found where a number belongs (an imported ``/`` or ``—``), kept verbatim."""

    text: str
    reason: str


Number = int | Decimal
Value = Number | Unparsed | None  # None: blank, which is not 0


def is_number(value: Value | object) -> TypeGuard[Number]:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


def all_numbers(values: Iterable[Value]) -> list[Number] | None:
    """The values if every one is a number, else None (a blank or a text among them)."""
    found = list(values)
    numbers = [v for v in found if is_number(v)]
    return numbers if len(numbers) == len(found) else None


def numbers_of(values: list[Value]) -> list[Number]:
    return [v for v in values if is_number(v)]


@dataclass(frozen=True)
class TotalCorrection:
    """A computed cell that did not hold the sum of its parts, and the sum it holds now."""

    key: str
    before: Value  # None: it was blank
    after: Number


def totals_touched(spec: Edition, keys: Iterable[str]) -> set[str]:
    """The computed keys among ``keys`` and every total that depends on one of them, through totals of totals."""
    touched = {k for k in keys if k in spec.computed_by_key}
    pending = list(keys)
    while pending:
        for total in spec.parts_index.get(pending.pop(), ()):
            if total not in touched:
                touched.add(total)
                pending.append(total)
    return touched


def derive_values(
    spec: Edition, values: dict[str, Value], only: Collection[str] | None = None
) -> list[TotalCorrection]:
    """Make every computed cell of ``values`` the sum of its parts; returns what changed, in order.

    The rule for everything stored: a computed cell is the sum of the parts that are numbers
    whenever at least one part is a number; a computed cell whose parts are all blank (or text
    kept verbatim) keeps what it holds — a published report that fills in only the 总计
    column must not lose its only numbers.  Totals of totals are derived after their parts.
    ``only``: derive just these computed keys (:func:`totals_touched` by a write), the rest as they are.
    """
    corrections = []
    for key in spec.computed_order:
        if only is not None and key not in only:
            continue
        numbers = numbers_of([values.get(p) for p in spec.computed_by_key[key].parts])
        if not numbers:
            continue
        total = sum(numbers[1:], numbers[0])
        before = values.get(key)
        if not is_number(before) or before != total:
            values[key] = total
            corrections.append(TotalCorrection(key, before, total))
    return corrections


def _was(value: Value) -> str:
    return "为空白" if value is None else f"为 {format_value(value)}"


def describe_corrections(spec: Edition, corrections: list[TotalCorrection], source: str = "文件中") -> str:
    """The corrections for the clerk: ``三（一）本年新收…·总计：文件中为 36，按各部分之和应为 37``."""
    if not corrections:
        return ""
    lines = [
        f"{spec.cells_by_key[c.key].place}：{source}{_was(c.before)}，已按各部分之和改为 {format_value(c.after)}"
        for c in corrections
    ]
    return f"有 {len(corrections)} 个合计与其各部分之和不符，已更正：\n" + "\n".join(lines)


@dataclass
class Report:
    agency: str
    year: int
    edition: str = ""  # empty: the edition the year requires
    title: str = ""  # empty: the conventional title
    preamble: str = ""  # legal basis, statistics period, contact lines
    texts: dict[str, str] = field(default_factory=dict)  # text section id ("一", "五", "六") -> text
    values: dict[str, Value] = field(default_factory=dict)  # storage key -> value; missing = blank

    def __post_init__(self) -> None:
        if not self.edition:
            self.edition = edition_for_year(self.year)
        get_edition(self.edition)  # an unknown edition fails here, not later

    @property
    def spec(self) -> Edition:
        return get_edition(self.edition)

    @property
    def display_title(self) -> str:
        return self.title or default_title(self.agency, self.year)

    def get(self, key: str) -> Value:
        return self.values.get(key)

    def text(self, section_id: str) -> str:
        return self.texts.get(section_id, "")

    def set(self, key: str, value: Value) -> None:
        if key not in self.spec.cells_by_key:
            raise KeyError(f"格式版本 {self.edition} 中没有单元格 {key}")
        if value is None:
            self.values.pop(key, None)
        else:
            self.values[key] = value

    def derived(self, key: str) -> Number | None:
        """What a computed cell should hold: the sum of its parts, blank if all are blank."""
        rule = self.spec.computed_by_key[key]
        numbers = numbers_of([self.values.get(p) for p in rule.parts])
        return sum(numbers[1:], numbers[0]) if numbers else None

    def derive_totals(self) -> list[TotalCorrection]:
        """Every computed cell made the sum of its parts (see :func:`derive_values`); returns what changed."""
        return derive_values(self.spec, self.values)

    def set_and_derive(self, key: str, value: Value) -> list[str]:
        """Set an entered cell and bring the computed totals that depend on it up to date.

        Returns every key whose value changed, the edited one first.
        """
        self.set(key, value)
        changed = [key]
        pending = [key]
        parts_index = self.spec.parts_index
        while pending:
            for total in parts_index.get(pending.pop(), ()):
                new = self.derived(total)
                if self.values.get(total) != new:
                    self.set(total, new)
                    changed.append(total)
                    pending.append(total)
        return changed

    def fill_computed(self) -> None:
        """Compute every total from its parts (a new report, a test fixture)."""
        # Totals of totals depend on row totals: two passes settle the order.
        for _ in range(2):
            for key in self.spec.computed_by_key:
                self.set(key, self.derived(key))


def carry_forward(previous: Report, report: Report) -> list[str]:
    """Fill this year's ``二、上年结转`` from last year's ``四、结转下年度继续办理``, per column.

    Returns the keys that were set (computed totals included).  Cells that
    already hold a value are left alone.
    """
    changed: list[str] = []
    for this_key, last_key in report.spec.carry_in:
        if report.spec.cells_by_key[this_key].computed or this_key in report.values:
            continue
        value = previous.values.get(last_key)
        if is_number(value):
            changed += report.set_and_derive(this_key, value)
    return list(dict.fromkeys(changed))
