"""The controller of one open report: the domain model, its live check, the undo
stack and autosave.  Views read from it and send every change through it.
"""

from __future__ import annotations

import time
import weakref

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from gui.autosave import Autosave
from nianbao.checker import META, Finding, LiveCheck
from nianbao.model import Report, Value
from nianbao.numbers import InputRejected, is_incomplete, parse_value
from nianbao.spec import Rule, Severity
from nianbao.text import clean_text

META_FIELDS = ("agency", "title", "preamble")
TEXT_MERGE_SECONDS = 2.0  # typing pauses shorter than this make one undo step


class ReportDocument(QObject):
    cellsChanged = Signal(list)  # keys whose value changed
    marksChanged = Signal(list)  # keys whose marks (colour, tooltip) changed
    findingsChanged = Signal()
    textChanged = Signal(str)  # a text section id, or a META field name, changed by undo/redo
    inputRejected = Signal(str, str)  # key, reason (empty reason: the input is fine again)
    cellsReplayed = Signal(list)  # keys an undo or a redo of cells changed (the form selects them)

    def __init__(
        self,
        report: Report,
        report_id: int | None = None,
        store: object | None = None,
        previous: Report | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.report = report
        self.report_id = report_id
        self.live = LiveCheck(report, previous)
        self.undo_stack = QUndoStack(self)
        self.autosave = Autosave(store, report_id, self) if store is not None and report_id is not None else None
        self.deviations: tuple[Finding, ...] = ()  # a reader's, shown after an import (never stored)
        self._marks: dict[str, list[Finding]] = {}
        # key being edited -> the value, before the editor opened, of every cell its keystrokes changed
        self._editing: dict[str, dict[str, Value]] = {}
        self._rebuild_marks()
        if self.autosave:  # the stored counts may be stale (last year's report changed since)
            self._save_counts()
            self.autosave.flush()

    # ------------------------------------------------------------ reading

    @property
    def spec(self):
        return self.report.spec

    def marks(self, key: str) -> list[Finding]:
        """The findings a cell is marked with (a whole blank table is not marked cell by cell)."""
        return self._marks.get(key, [])

    def mark(self, key: str) -> Severity | None:
        found = self._marks.get(key)
        if not found:
            return None
        return Severity.ERROR if any(f.is_error for f in found) else Severity.WARNING

    def unfilled(self, key: str) -> bool:
        """Marked only because it is blank (F2): shown softer than a wrong number."""
        found = self._marks.get(key, [])
        return bool(found) and self.report.get(key) is None and all(f.rule is Rule.F2 for f in found)

    @property
    def findings(self) -> list[Finding]:
        return self.live.findings

    @property
    def counts(self) -> tuple[int, int]:
        return self.live.counts

    def reason(self, key: str, text: str) -> str | None:
        """Why ``text`` cannot go into the cell, or None."""
        try:
            parse_value(text, self.spec.cells_by_key[key].kind)
        except InputRejected as e:
            return e.reason
        return None

    def show_deviations(self, deviations: tuple[Finding, ...]) -> None:
        """What the file just read did differently from the format: listed apart, for this session only."""
        self.deviations = tuple(deviations)
        self.findingsChanged.emit()

    # ------------------------------------------------------------ cell editing

    def begin_edit(self, key: str) -> None:
        self._editing.setdefault(key, {key: self.report.get(key)})

    def tentative(self, key: str, text: str) -> str | None:
        """A keystroke in a cell editor: check as if ``text`` were entered; returns a rejection reason.

        A number still being typed (``-``, ``1,``, ``3.``) is not complained about yet; Enter would be.
        """
        self.begin_edit(key)
        value: Value
        try:
            value = parse_value(text, self.spec.cells_by_key[key].kind)
        except InputRejected as e:
            value, reason = self._editing[key][key], None if is_incomplete(text) else e.reason
        else:
            reason = None
        before = self._apply({key: value}, persist=False)
        for changed, old in before.items():
            self._editing[key].setdefault(changed, old)
        self.inputRejected.emit(key, reason or "")
        return reason

    def cancel_edit(self, key: str) -> None:
        """Put back exactly what the editor found (an imported total without parts stays as it was)."""
        if key in self._editing:
            self._apply(self._editing.pop(key), persist=False, derive=False)
            self.inputRejected.emit(key, "")

    def commit_edit(self, key: str, text: str) -> str | None:
        """Enter the editor's text; a rejected text changes nothing and returns the reason."""
        reason = self.reason(key, text)
        if reason is not None:
            self.cancel_edit(key)
            self.inputRejected.emit(key, reason)
            return reason
        value = parse_value(text, self.spec.cells_by_key[key].kind)
        before = self._editing.pop(key, {})
        original = before.get(key, self.report.get(key))
        self._apply(before, persist=False, derive=False)  # as it was before the editor opened …
        if value != original:
            self.set_values({key: value})  # … then the entry, one undo step
        return None

    def set_values(self, values: dict[str, Value], label: str = "") -> None:
        """Enter several cells as one undo step (typing, paste, clear)."""
        if all(self.report.get(k) == v for k, v in values.items()):
            return
        text = label or f"填写 {self.spec.cells_by_key[next(iter(values))].place}"
        self.undo_stack.push(_SetCells(self, dict(values), text))

    # ------------------------------------------------------------ texts

    def set_text(self, section_id: str, text: str) -> None:
        """A text section ("一", "五", "六") or a META field ("agency", "title", "preamble")."""
        text = clean_text(text) if section_id != "agency" else clean_text(text).replace("\n", "")
        old = self._get_text(section_id)
        if old != text:
            self.undo_stack.push(_SetText(self, section_id, old, text))

    def get_text(self, section_id: str) -> str:
        return self._get_text(section_id)

    def _get_text(self, section_id: str) -> str:
        if section_id in META_FIELDS:
            return getattr(self.report, section_id)
        return self.report.text(section_id)

    def _apply_text(self, section_id: str, text: str) -> None:
        if section_id in META_FIELDS:
            setattr(self.report, section_id, text)
            changed = self.live.text_changed(META)
            if self.autosave:
                self.autosave.meta(section_id, text)
        else:
            self.report.texts[section_id] = text
            changed = self.live.text_changed(section_id)
            if self.autosave:
                self.autosave.text(section_id, text)
        if changed:
            self._save_counts()
        self.textChanged.emit(section_id)
        self._notify([], bool(changed))

    # ------------------------------------------------------------ applying

    def _apply(
        self, values: dict[str, Value], persist: bool = True, notify: bool = True, derive: bool = True
    ) -> dict[str, Value]:
        """Set cells; returns the previous value of every cell that changed (totals included).

        ``derive``: bring the computed totals up to date (an entry); without it the values are
        put back verbatim (undo, Esc), so a total that disagreed with its parts is restored as it was.
        """
        if not values:
            return {}
        previous = dict(self.report.values)
        changed: list[str] = []
        for key, value in values.items():
            if derive:
                changed += self.report.set_and_derive(key, value)
            else:
                self.report.set(key, value)
                changed.append(key)
        changed = list(dict.fromkeys(changed))
        uids = self.live.cells_changed(changed)
        if persist and self.autosave:
            if uids:
                self._save_counts()
            self.autosave.cells({k: self.report.get(k) for k in changed})
        if notify:
            self._notify(changed, bool(uids))
        return {k: previous.get(k) for k in changed}

    def _notify(self, changed: list[str], findings_changed: bool) -> None:
        if changed:
            self.cellsChanged.emit(changed)
        if not findings_changed:
            return
        remarked = self._rebuild_marks()
        if remarked:
            self.marksChanged.emit(remarked)
        self.findingsChanged.emit()

    def _rebuild_marks(self) -> list[str]:
        """Recompute which cells are marked; returns the keys whose marks changed."""
        marks: dict[str, list[Finding]] = {}
        for f in self.live.findings:
            if f.rule == "F1":
                continue
            for key in f.cells:
                marks.setdefault(key, []).append(f)
        changed = [k for k in marks.keys() | self._marks.keys() if marks.get(k) != self._marks.get(k)]
        self._marks = marks
        return changed

    def _save_counts(self) -> None:
        """Queued with the next write of an entry, never on a keystroke in an editor (nothing is entered yet)."""
        if self.autosave:
            self.autosave.counts(*self.counts)

    def flush(self) -> bool:
        return self.autosave.flush() if self.autosave else True


class _DocumentCommand(QUndoCommand):
    """An undo step of one document.

    It refers to its document weakly: the document's QUndoStack owns the commands
    in C++, so a strong reference back would form a cycle through C++ that Python's
    garbage collector tears down in any order, deleting commands twice (a crash).
    """

    def __init__(self, doc: ReportDocument, text: str):
        super().__init__(text)
        self._doc = weakref.ref(doc)

    @property
    def doc(self) -> ReportDocument:
        doc = self._doc()
        if doc is None:  # pragma: no cover - the stack dies with its document
            raise RuntimeError("undo step outlived its document")
        return doc


class _SetCells(_DocumentCommand):
    """Entered values; undo puts back every cell they changed (totals too) exactly as it was."""

    def __init__(self, doc: ReportDocument, new: dict[str, Value], text: str):
        super().__init__(doc, text)
        self.new = new
        self.before: dict[str, Value] | None = None  # filled by the first redo (the push)
        self.after: dict[str, Value] = {}

    def redo(self) -> None:
        if self.before is None:  # the push: the entry itself, where the clerk already is
            self.before = self.doc._apply(self.new)
            self.after = {k: self.doc.report.get(k) for k in self.before}
        else:
            self.doc._apply(self.after, derive=False)
            self.doc.cellsReplayed.emit(list(self.after))

    def undo(self) -> None:
        self.doc._apply(self.before or {}, derive=False)
        self.doc.cellsReplayed.emit(list(self.before or {}))


class _SetText(_DocumentCommand):
    ID = 1

    def __init__(self, doc: ReportDocument, section_id: str, old: str, new: str):
        super().__init__(doc, f"编辑{_section_name(doc, section_id)}")
        self.section_id, self.old, self.new = section_id, old, new
        self.when = time.monotonic()

    def id(self) -> int:
        return self.ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _SetText) or other.section_id != self.section_id:
            return False
        if other.when - self.when > TEXT_MERGE_SECONDS:
            return False
        self.new, self.when = other.new, other.when
        return True

    def redo(self) -> None:
        self.doc._apply_text(self.section_id, self.new)

    def undo(self) -> None:
        self.doc._apply_text(self.section_id, self.old)


def _section_name(doc: ReportDocument, section_id: str) -> str:
    names = {"agency": "机关名称", "title": "标题", "preamble": "前言"}
    if section_id in names:
        return names[section_id]
    return doc.spec.section(section_id).heading
