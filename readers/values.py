"""A table cell's text as the value of a data cell, and runs of digits that cannot be told apart.

Every number goes through nianbao.numbers (the one normaliser); what it changes on the way is a deviation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from functools import cache

from nianbao.model import Unparsed, Value
from nianbao.numbers import COUNT_UNITS, MONEY_UNITS, InputRejected, format_value, normalize_text, read_published
from nianbao.spec import CellKind, DataCell, Edition, Rule
from readers.limits import LIMITS
from readers.notes import Notes

_INNER_SPACES = re.compile(r"\s+")


def read_value(spec: Edition, key: str, text: str, notes: Notes) -> Value:
    """The value a cell's text gives, ``None`` for a blank; text that is no number is kept as ``Unparsed``."""
    cell = spec.cells_by_key[key]
    raw = _INNER_SPACES.sub(" ", text).strip()
    if not raw:
        return None
    if len(raw) > LIMITS.number_chars:
        return Unparsed(raw[: LIMITS.number_chars] + "…", "不是数字")
    try:
        reading = read_published(raw, cell.kind)
    except InputRejected as rejected:
        return Unparsed(raw, rejected.reason)
    value = reading.value
    if value is None:
        return None
    section = spec.table(cell.table).section
    shown = format_value(value)
    if reading.converted:
        notes.warning(Rule.F2, f"{cell.place}：“{raw}”按 {shown} {cell.kind.unit}读入", (key,), section)
    elif _as_written(raw, reading.unit, cell) != shown:
        notes.warning(Rule.F2, f"{cell.place}：“{raw}”按 {shown} 读入", (key,), section)
    return value


def _as_written(raw: str, unit: str, cell: DataCell) -> str:
    """The number as the cell shows it, leaving aside what is right as written: ``元`` after an amount whose
    header names no unit, ``+`` before a change (本年增/减)."""
    number = raw[: len(raw) - len(unit)].rstrip() if unit else raw
    if unit and not (cell.kind is CellKind.AMOUNT and unit == cell.kind.unit):
        return raw  # a unit the header already gives, or a measure word: said once
    if cell.kind.allows_negative and number.startswith("+"):
        number = number[1:]
    return number


# ---------------------------------------------------------------- run-together digits

_MAX_RUN = 200  # characters of one row's run-together numbers considered at all
_COUNT = r"(?:0|[1-9]\d{0,14})"
_PIECES = {
    CellKind.COUNT: re.compile(_COUNT),
    CellKind.SIGNED: re.compile(rf"[+-]?{_COUNT}"),
    CellKind.FEE: re.compile(rf"{_COUNT}(?:\.\d{{1,6}})?"),
    CellKind.AMOUNT: re.compile(rf"{_COUNT}(?:\.\d{{1,6}})?"),
}
_UNIT_AT_END = re.compile("(" + "|".join(sorted((*MONEY_UNITS, *COUNT_UNITS), key=len, reverse=True)) + ")$")


def split_run(tokens: Sequence[str], kinds: Sequence[CellKind]) -> list[str] | None:
    """The only way to read ``tokens`` as ``len(kinds)`` numbers written without separators (each token one or
    more whole numbers, none with a leading zero), or ``None`` when there is none or more than one.

    ``000`` for three counts can only be 0, 0, 0; ``81153`` could be 8, 11, 53 or 81, 1, 53 or …: no reading.
    Never uses the arithmetic of the table: a split that only a row sum could decide is no split.
    """
    cleaned = [normalize_text(t).replace(" ", "") for t in tokens]
    unit = ""
    if cleaned:
        m = _UNIT_AT_END.search(cleaned[-1])
        if m:
            unit = m.group(1)
            cleaned[-1] = cleaned[-1][: m.start()]
    if not all(cleaned) or sum(map(len, cleaned)) > _MAX_RUN:
        return None
    pieces = _unique_split(tuple(cleaned), tuple(kinds))
    if pieces is None:
        return None
    if unit:
        pieces[-1] += unit
    return pieces


def _unique_split(tokens: tuple[str, ...], kinds: tuple[CellKind, ...]) -> list[str] | None:
    text = "".join(tokens)
    cuts = set()  # positions where a given separator stood: a number never spans one
    at = 0
    for t in tokens[:-1]:
        at += len(t)
        cuts.add(at)

    @cache
    def ways(pos: int, k: int) -> int:
        """How many ways (0, 1 or 2 meaning "more") the rest of the text is cells k… ."""
        if k == len(kinds):
            return 1 if pos == len(text) else 0
        total = 0
        for end in _ends(text, pos, kinds[k], cuts):
            total += ways(end, k + 1)
            if total > 1:
                return 2
        return total

    if ways(0, 0) != 1:
        return None
    pieces, pos = [], 0
    for k in range(len(kinds)):
        end = next(e for e in _ends(text, pos, kinds[k], cuts) if ways(e, k + 1) == 1)
        pieces.append(text[pos:end])
        pos = end
    return pieces


def _ends(text: str, pos: int, kind: CellKind, cuts: set[int]) -> list[int]:
    """Where a number of ``kind`` starting at ``pos`` may end (it may not cross a separator)."""
    pattern = _PIECES[kind]
    stop = min((c for c in cuts if c > pos), default=len(text))
    ends = []
    for end in range(pos + 1, stop + 1):
        if pattern.fullmatch(text, pos, end):
            ends.append(end)
    return ends


def joined(values: Sequence[str]) -> str:
    return "、".join(values)


def is_zero(value: Value) -> bool:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool) and value == 0
