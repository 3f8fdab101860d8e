"""Autosave: every change goes to the store at once; what the store refuses stays
in memory (the dirty flag) and is retried on a timer until it succeeds.

Writes are coalesced by what they overwrite (a cell, a text section, a meta
field), so a retry sends only the latest value of each.  The error and warning
counts for the report list wait for the next write of an entry; they are never
written on their own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from nianbao.model import Value

RETRY_MS = 3000
TEXT_DELAY_MS = 400  # typing in a text section: one write per pause, not per key


class Autosave(QObject):
    """Writes one report's changes through ``store``; ``saved`` is False while anything is pending."""

    stateChanged = Signal()

    def __init__(self, store: Any, report_id: int, parent: QObject | None = None, retry_ms: int = RETRY_MS):
        super().__init__(parent)
        self.store = store
        self.report_id = report_id
        self.error = ""  # the last refusal, in the store's words
        self._cells: dict[str, Value] = {}
        self._writes: dict[tuple, Callable[[], None]] = {}
        self._counts: tuple[int, int] | None = None  # to write with the next write
        self._counts_written: tuple[int, int] | None = None
        self._retry = QTimer(self, singleShot=True, interval=retry_ms)
        self._retry.timeout.connect(self.flush)
        self._text_timer = QTimer(self, singleShot=True, interval=TEXT_DELAY_MS)
        self._text_timer.timeout.connect(self.flush)

    # ------------------------------------------------------------ what changed

    def cells(self, values: dict[str, Value]) -> None:
        self._cells.update(values)
        self.flush()

    def text(self, section_id: str, text: str) -> None:
        self._writes[("text", section_id)] = lambda: self.store.save_text(self.report_id, section_id, text)
        self._later()

    def meta(self, name: str, value: Any) -> None:
        self._writes[("meta", name)] = lambda: self.store.save_meta(self.report_id, **{name: value})
        self._later()

    def counts(self, errors: int, warnings: int) -> None:
        """Queued: written by the flush of the entry that changed them (a cell at once, a text after the pause)."""
        if (errors, warnings) == self._counts_written:
            self._counts = None
        else:
            self._counts = (errors, warnings)
            self._later()

    # ------------------------------------------------------------ writing

    @property
    def saved(self) -> bool:
        return not (self._cells or self._writes or self._counts)

    @property
    def retrying(self) -> bool:
        return not self.saved and bool(self.error)

    def flush(self) -> bool:
        """Write everything pending; False (and a retry scheduled) if the store refused."""
        from storage.store import StorageError

        self._text_timer.stop()
        if self.saved:
            return True
        try:
            if self._cells:
                self.store.save_cells(self.report_id, dict(self._cells))
                self._cells.clear()
            for name in list(self._writes):
                self._writes[name]()
                del self._writes[name]
            if self._counts is not None:
                self.store.save_counts(self.report_id, *self._counts)
                self._counts_written, self._counts = self._counts, None
        except StorageError as e:
            self.error = str(e) or type(e).__name__
            self._retry.start()
            self.stateChanged.emit()
            return False
        self.error = ""
        self._retry.stop()
        self.stateChanged.emit()
        return True

    def _later(self) -> None:
        if not self._retry.isActive():
            self._text_timer.start()
        self.stateChanged.emit()
