"""The report being written: identity, texts and every number of the tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeGuard

from nianbao.editions import edition_for_year, get_edition
from nianbao.spec import Edition


@dataclass(frozen=True)
class Unparsed:
    """Text found where a number belongs (an imported ``/`` or ``—``), kept verbatim."""

    text: str
    reason: str


Number = int | Decimal
Value = Number | Unparsed | None  # None: blank, which is not 0


def is_number(value: Value) -> TypeGuard[Number]:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


def default_title(agency: str, year: int) -> str:
    return f"{agency}{year}年政府信息公开工作年度报告"


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
        numbers = [v for v in (self.values.get(p) for p in rule.parts) if is_number(v)]
        return sum(numbers) if numbers else None

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
