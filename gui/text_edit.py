"""Plain-text editors for the text sections and the preamble, wired to the document."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QInputMethodEvent,
    QKeyEvent,
    QKeySequence,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QLineEdit, QMenu, QPlainTextEdit, QWidget

from gui.document import ReportDocument
from nianbao import drafting
from nianbao.model import Report
from nianbao.text import clean_text

if TYPE_CHECKING:
    from gui.comparison_view import ComparisonDialog

INSERT_MENU = "插入数据段落"
COMPARISON_ACTION = "同比对照…"
BOUND_REFUSED = "这是由表格生成的数据段落，随表格数字自动更新，不能直接修改；按 Delete 可整段删除"
BOUND_KIND = QTextFormat.Property.UserProperty + 1  # block property: the kind id of a bound paragraph
BOUND_BACKGROUND = QColor("#e8f0fb")

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
    """Paragraphs as lines; a paste from Word, WPS or the web keeps them and drops control characters.

    A bound data paragraph (a marker line of the stored text, nianbao/drafting.py) is one block shown
    with a tinted background and the text written from the current cells; it follows every change of
    a cell, cannot be typed into (the keystroke is refused with a message) and Delete removes it whole.
    """

    notice = Signal(str)  # a message for the status bar

    def __init__(self, doc: ReportDocument, section_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        self.section_id = section_id
        self.setUndoRedoEnabled(False)
        self.setTabChangesFocus(True)  # Tab moves on, as in a form; paragraphs are indented in Word
        self._load(doc.get_text(section_id))
        self.textChanged.connect(self._typed)
        doc.textChanged.connect(self._doc_changed)
        doc.cellsChanged.connect(self._cells_changed)

    # ------------------------------------------------------------ bound paragraphs

    def kinds(self) -> tuple[drafting.ParagraphKind, ...]:
        """The data paragraphs this section offers (none for the preamble)."""
        return drafting.kinds_for(self.doc.spec, self.section_id)

    def _rendered(self, lines: list[str]) -> list[str]:
        """The lines as Word gets them (the rounding of the 同比 said once, as in the export)."""
        return drafting.rendered_lines(self.doc.report, lines, self.doc.live.previous)

    def _kind_of(self, block: QTextBlock) -> drafting.ParagraphKind | None:
        kind_id = block.blockFormat().property(BOUND_KIND)
        return drafting.KINDS_BY_ID.get(kind_id) if isinstance(kind_id, str) else None

    def _load(self, stored: str) -> None:
        """Show the stored text: free lines as they are, marker lines as their paragraphs."""
        self.blockSignals(True)
        self.clear()
        cursor = QTextCursor(self.document())
        lines = stored.split("\n")
        shown = self._rendered(lines) if self.section_id in self._sections() else lines
        for i, line in enumerate(lines):
            kind = drafting.bound_kind(line, self.doc.spec) if self.section_id in self._sections() else None
            block_format = QTextBlockFormat()
            if kind is not None:
                block_format.setProperty(BOUND_KIND, kind.id)
                block_format.setBackground(BOUND_BACKGROUND)
            if i:
                cursor.insertBlock(block_format)
            else:
                cursor.setBlockFormat(block_format)
            cursor.insertText(shown[i])
        self.blockSignals(False)

    def _sections(self) -> set[str]:
        return {s.id for s in self.doc.spec.text_sections}

    def stored_text(self) -> str:
        """The text as it is stored: a marker line for each bound paragraph."""
        lines = []
        block = self.document().firstBlock()
        while block.isValid():
            kind = self._kind_of(block)
            lines.append(drafting.marker(kind.id) if kind is not None else block.text())
            block = block.next()
        return "\n".join(lines)

    def _lines(self) -> list[str]:
        return self.stored_text().split("\n")

    def _replace_lines(self, lines: list[str], cursor_line: int, label: str) -> None:
        """A change of whole paragraphs goes through the document (one undo step), then the cursor is placed."""
        self.doc.set_text(self.section_id, "\n".join(lines))
        block = self.document().findBlockByNumber(max(0, min(cursor_line, self.document().blockCount() - 1)))
        cursor = QTextCursor(block)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
        self.setTextCursor(cursor)
        self.notice.emit(label)

    def insert_paragraph(self, kind_id: str) -> None:
        """插入数据段落: in place of an empty line, else after the cursor's paragraph."""
        line = self.textCursor().blockNumber()
        lines = self._lines()
        if lines[line].strip():
            line += 1
            lines.insert(line, drafting.marker(kind_id))
        else:
            lines[line] = drafting.marker(kind_id)
        self._replace_lines(lines, line, f"已插入数据段落“{kind_id}”，它随表格数字自动更新")

    def _remove_bound(self, block: QTextBlock) -> None:
        lines = self._lines()
        number = block.blockNumber()
        kind = self._kind_of(block)
        del lines[number]
        self._replace_lines(lines or [""], number - 1, f"已删除数据段落“{kind.id if kind else ''}”")

    def _refuse(self) -> None:
        self.notice.emit(BOUND_REFUSED)

    def _cells_changed(self, _keys: list[str]) -> None:
        """Every bound paragraph written again from the cells, in place (the stored text is unchanged)."""
        shown = self._rendered(self._lines())
        block = self.document().firstBlock()
        self.blockSignals(True)
        while block.isValid():
            kind = self._kind_of(block)
            if kind is not None and block.text() != (text := shown[block.blockNumber()]):
                cursor = QTextCursor(block)
                cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
                cursor.insertText(text)
            block = block.next()
        self.blockSignals(False)

    def _bound_key(self, event: QKeyEvent) -> bool:
        """Keys at or in a bound paragraph: Delete/Backspace remove it whole, Enter at its edge opens a line,
        anything else that would change it is refused.  True when handled here."""
        cursor = self.textCursor()
        block = cursor.block()
        inside = self._kind_of(block) is not None
        at_start, at_end = cursor.position() == block.position(), cursor.atBlockEnd()
        key = event.key()
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not cursor.hasSelection():
            if inside:
                self._remove_bound(block)
                return True
            neighbour = block.next() if key == Qt.Key.Key_Delete and at_end else None
            if key == Qt.Key.Key_Backspace and at_start:
                neighbour = block.previous()
            if neighbour is not None and neighbour.isValid() and self._kind_of(neighbour) is not None:
                self._remove_bound(neighbour)
                return True
            return False
        if not inside:
            return False
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (at_start or at_end):
            lines = self._lines()
            number = block.blockNumber() + (1 if at_end else 0)
            lines.insert(number, "")
            self._replace_lines(lines, number, "")
            return True
        if event.text() and (event.text().isprintable() or key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self._refuse()
            return True
        return False

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        self.add_insert_menu(menu)
        if self.kinds() and self.doc.live.previous is not None:
            menu.addAction(COMPARISON_ACTION, self.open_comparison)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def add_insert_menu(self, menu: QMenu) -> QMenu | None:
        """The 插入数据段落 submenu with this section's kinds (none: no submenu)."""
        kinds = self.kinds()
        if not kinds:
            return None
        menu.addSeparator()
        sub = menu.addMenu(INSERT_MENU)
        for kind in kinds:
            sub.addAction(kind.id, partial(self.insert_paragraph, kind.id))
        return sub

    def comparison_dialog(self) -> ComparisonDialog:
        """同比对照 (only offered when last year's report is known)."""
        from gui.comparison_view import ComparisonDialog  # noqa: F811 (the dialog only when asked for)

        dialog = ComparisonDialog(self.doc, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return dialog

    def open_comparison(self) -> None:
        self.comparison_dialog().show()

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        if event.commitString() and self._kind_of(self.textCursor().block()) is not None:
            self._refuse()
            event.accept()
            return
        super().inputMethodEvent(event)

    # ------------------------------------------------------------ editing

    def insertFromMimeData(self, source: QMimeData) -> None:
        if self._kind_of(self.textCursor().block()) is not None:
            self._refuse()
            return
        self.insertPlainText(clean_text(source.text()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _undo_keys(self.doc, event) or self._bound_key(event):
            return
        super().keyPressEvent(event)

    def _typed(self) -> None:
        # A change that reached a bound paragraph some other way (a selection across it, a drop) is undone.
        shown = self._rendered(self._lines())
        block = self.document().firstBlock()
        while block.isValid():
            kind = self._kind_of(block)
            if kind is not None and block.text() != shown[block.blockNumber()]:
                self._load(self.doc.get_text(self.section_id))
                self._refuse()
                return
            block = block.next()
        self.doc.set_text(self.section_id, self.stored_text())

    def _doc_changed(self, section_id: str) -> None:
        text = self.doc.get_text(section_id)
        if section_id != self.section_id or text == self.stored_text():
            return
        position = self.textCursor().position()
        self._load(text)
        cursor = self.textCursor()
        cursor.setPosition(min(position, len(self.toPlainText())))
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
