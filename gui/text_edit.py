"""Plain-text editors for the text sections and the preamble, wired to the document."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from gui.document import ReportDocument
from nianbao.model import Report
from nianbao.text import clean_text

REDO_EXTRA = (QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z"))  # both, whatever the platform's habit


def is_redo(event: QKeyEvent) -> bool:
    return event.matches(QKeySequence.StandardKey.Redo) or QKeySequence(event.keyCombination()) in REDO_EXTRA


def _undo_keys(doc: ReportDocument, event: QKeyEvent) -> bool:
    """Ctrl+Z / Ctrl+Y go to the report's undo stack, so one history covers cells and texts."""
    if event.matches(QKeySequence.StandardKey.Undo):
        doc.undo_stack.undo()
        return True
    if is_redo(event):
        doc.undo_stack.redo()
        return True
    return False


def _claim_undo_shortcut(event) -> bool:
    """Ctrl+Z/Ctrl+Y must reach the report's undo stack, not the widget's own (disabled) undo."""
    if event.type() == event.Type.ShortcutOverride and (event.matches(QKeySequence.StandardKey.Undo) or is_redo(event)):
        event.accept()
        return True
    return False


class SectionTextEdit(QPlainTextEdit):
    """Paragraphs as lines; a paste from Word, WPS or the web keeps them and drops control characters."""

    def __init__(self, doc: ReportDocument, section_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        self.section_id = section_id
        self.setUndoRedoEnabled(False)
        self.setTabChangesFocus(True)  # Tab moves on, as in a form; paragraphs are indented in Word
        self.setPlainText(doc.get_text(section_id))
        self.textChanged.connect(self._typed)
        doc.textChanged.connect(self._doc_changed)

    def insertFromMimeData(self, source: QMimeData) -> None:
        self.insertPlainText(clean_text(source.text()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not _undo_keys(self.doc, event):
            super().keyPressEvent(event)

    def _typed(self) -> None:
        self.doc.set_text(self.section_id, self.toPlainText())

    def _doc_changed(self, section_id: str) -> None:
        text = self.doc.get_text(section_id)
        if section_id != self.section_id or text == self.toPlainText():
            return
        position = self.textCursor().position()
        self.blockSignals(True)
        self.setPlainText(text)
        self.blockSignals(False)
        cursor = self.textCursor()
        cursor.setPosition(min(position, len(text)))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def event(self, event) -> bool:
        return _claim_undo_shortcut(event) or super().event(event)


class MetaLineEdit(QLineEdit):
    """One line of 基本信息 (机关名称, 标题)."""

    def __init__(
        self,
        doc: ReportDocument,
        field: str,
        placeholder: Callable[[Report], str] | None = None,
        parent: QWidget | None = None,
    ):
        """``placeholder``: the grey hint, worked out again whenever a text of the report changes."""
        super().__init__(parent)
        self.doc = doc
        self.field = field
        self._placeholder = placeholder
        self.setText(doc.get_text(field))
        self._update_placeholder()
        self.textEdited.connect(lambda text: doc.set_text(field, text))
        doc.textChanged.connect(self._doc_changed)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not _undo_keys(self.doc, event):
            super().keyPressEvent(event)

    def event(self, event) -> bool:
        return _claim_undo_shortcut(event) or super().event(event)

    def _doc_changed(self, field: str) -> None:
        if field == self.field and self.text() != self.doc.get_text(field):
            self.setText(self.doc.get_text(field))
        self._update_placeholder()

    def _update_placeholder(self) -> None:
        if self._placeholder is not None:
            self.setPlaceholderText(self._placeholder(self.doc.report))
