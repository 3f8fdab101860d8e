"""The view of one statutory table: merged cells, Excel-like keys, the clipboard,
and the number editor that checks on every keystroke."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtCore import Signal as _Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QInputMethodEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QFrame,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from gui.cells import (
    Direction,
    EditMode,
    Navigator,
    PasteRejected,
    Role,
    blank_entries,
    copy_text,
    filled_text,
    label_text,
    plan_paste,
    split_clipboard,
)
from gui.table_model import StatutoryTableModel

_Index = QModelIndex | QPersistentModelIndex
MIN_COLUMN_PX = 34
BUBBLE_MS = 8000
CELL_PADDING_PX = 10
LABEL_PADDING_PX = 5
_Hint = QAbstractItemDelegate.EndEditHint
_COMMIT_KEYS = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Return, Qt.Key.Key_Enter)
_ARROWS = {
    Qt.Key.Key_Up: Direction.UP,
    Qt.Key.Key_Down: Direction.DOWN,
    Qt.Key.Key_Left: Direction.LEFT,
    Qt.Key.Key_Right: Direction.RIGHT,
}
REJECTED_STYLE = "QLineEdit { border: 2px solid #c0392b; background: #fdecea; }"
SELECTION_TINT = QColor(30, 110, 200, 40)
SELECTION_FRAME = QColor("#1e6ec8")
COMPUTED_TYPED = "总计由程序自动计算，不能直接填写"
FILL_ZERO = "空白格填 0"
FILL_ZERO_KEY = "Ctrl+0"
BUBBLE_STYLE = "QLabel { background: #fff8dc; color: #8b1a10; border: 1px solid #c0392b; padding: 3px 6px; }"


class CellEditor(QLineEdit):
    """The editor of one entry cell; remembers which cell, how it was opened and whether its text was entered."""

    def __init__(self, parent: QWidget, key: str, mode: EditMode):
        super().__init__(parent)
        self.key = key
        self.mode = mode
        self.seeded = False
        self.committed = False
        self.rejected = ""  # why the current text cannot be entered
        self.setFrame(False)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def show_rejection(self, reason: str | None) -> None:
        self.rejected = reason or ""
        self.setStyleSheet(REJECTED_STYLE if reason else "")
        self.setToolTip(self.rejected)


class ReasonBubble(QLabel):
    """A small note right under the cell being edited: why the text cannot be entered."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setStyleSheet(BUBBLE_STYLE)
        self.setWordWrap(True)
        self.hide()

    def show_at(self, cell: QRect, text: str) -> None:
        area = self.parentWidget()
        assert area is not None  # made with the viewport as its parent
        self.setText(text)
        self.setFixedWidth(min(max(cell.width(), 280), area.width()))
        self.adjustSize()
        x = min(cell.left(), area.width() - self.width())
        y = cell.bottom() + 2
        if y + self.height() > area.height():
            y = cell.top() - self.height() - 2
        self.move(max(x, 0), max(y, 0))
        self.show()
        self.raise_()


class CellPainter(QStyledItemDelegate):
    """How the cells of a statutory table look (the frozen panes paint with one of their own: a delegate
    shared between views gets every view's editor signals)."""

    def __init__(self, model: StatutoryTableModel, parent: QObject | None = None):
        super().__init__(parent)
        self.model = model

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        """Labels get some air; a selected number keeps its mark colour under a frame, as in Excel."""
        if self.model.role_of(index) in (Role.LABEL, Role.HEADER):
            painter.fillRect(option.rect, index.data(Qt.ItemDataRole.BackgroundRole))
            option = QStyleOptionViewItem(option)
            option.rect = option.rect.adjusted(LABEL_PADDING_PX, 0, -LABEL_PADDING_PX, 0)
            return super().paint(painter, option, index)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if not selected:
            return super().paint(painter, option, index)
        option = QStyleOptionViewItem(option)
        option.state &= ~QStyle.StateFlag.State_Selected
        super().paint(painter, option, index)
        painter.fillRect(option.rect, SELECTION_TINT)
        painter.save()
        painter.setPen(QPen(SELECTION_FRAME, 2))
        painter.drawRect(option.rect.adjusted(1, 1, -1, -1))
        painter.restore()


class NumberDelegate(CellPainter):
    """A line editor whose every keystroke is checked; invalid text never reaches the report."""

    leave = _Signal(object)  # an arrow key asks to enter the editor's (valid) text and move (a Direction)

    def __init__(self, model: StatutoryTableModel, bubble: ReasonBubble, parent: QObject | None = None):
        super().__init__(model, parent)
        self.doc = model.doc
        self.bubble = bubble
        self.opening = EditMode.EDIT  # how the next editor is opened (the view says, in edit())

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        key = self.model.key_at(index)
        assert key is not None  # only entry cells are editable (the model's flags)
        editor = CellEditor(parent, key, self.opening)
        self.doc.begin_edit(key)
        editor.textEdited.connect(lambda text: self._typed(editor, text))
        return editor

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        # Qt calls this again whenever the cell's data changes; the clerk's text wins.
        if not isinstance(editor, CellEditor) or editor.seeded:
            return
        editor.seeded = True
        editor.setText(self.model.cell_text(index))
        if editor.mode is EditMode.ENTER:
            editor.selectAll()  # the key typed replaces the value
        else:
            editor.end(False)  # F2 / double click: the cursor after the value, as in Excel

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:
        if not isinstance(editor, CellEditor):
            return
        editor.committed = True
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def destroyEditor(self, editor: QWidget, index: _Index) -> None:
        if isinstance(editor, CellEditor) and not editor.committed:
            self.doc.cancel_edit(editor.key)
        self.bubble.hide()
        super().destroyEditor(editor, index)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if isinstance(editor, CellEditor):
            if event.type() == QEvent.Type.MouseButtonPress:
                editor.mode = EditMode.EDIT  # clicking into the text edits it, as in Excel
            elif event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and self._key(editor, event):
                return True
        return super().eventFilter(editor, event)

    def _key(self, editor: CellEditor, event: QKeyEvent) -> bool:
        """Handle a key pressed in the editor before it does; True: handled."""
        key, mods = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key == Qt.Key.Key_F2 and not mods:
            editor.mode = editor.mode.toggled()
            return True
        leaving = key in _ARROWS and not mods and editor.mode.arrow_leaves(_ARROWS[Qt.Key(key)])
        if key not in _COMMIT_KEYS and not leaving:
            return False
        reason = self.doc.reason(editor.key, editor.text())
        if reason:
            self._show(editor, reason)
            return True  # stay in the cell until the text is fixed or Esc
        if leaving:
            self.leave.emit(_ARROWS[Qt.Key(key)])
            return True
        return False

    def _typed(self, editor: CellEditor, text: str) -> None:
        self._show(editor, self.doc.tentative(editor.key, text))

    def _show(self, editor: CellEditor, reason: str | None) -> None:
        editor.show_rejection(reason)
        if reason:
            self.bubble.show_at(editor.geometry(), reason)
        else:
            self.bubble.hide()


class FrozenPane(QTableView):
    """Rows or columns that stay in view while the rest of the table scrolls (Excel's 冻结窗格): a second view
    of the same model and selection laid over the main view's viewport, as in Qt's Frozen Column example.

    ``rows``: it holds the header rows (as tall as they are); ``columns``: the row-label columns (as wide as
    they are); both: the corner where they meet.  It scrolls with the main view along the other axis only, and
    never on its own: it takes no focus, edits nothing, ignores clicks (it shows labels) and hands the wheel on.
    The main view places it and tells it where it scrolls to (the pane keeps no reference to its parent view:
    that cycle of wrappers crashes PySide's garbage collection).
    """

    def __init__(self, main: StatutoryTableView, rows: bool, columns: bool):
        super().__init__(main)
        self.rows, self.columns = rows, columns
        self.scrolled = main.viewport()  # where the wheel goes
        self.offset = (0, 0)  # the main view's scroll bars
        self.setModel(main.table_model)
        self.setSelectionModel(main.selectionModel())
        self.setItemDelegate(CellPainter(main.table_model, self))
        for b in main.table_model.spans():
            self.setSpan(b.row, b.col, b.rowspan, b.colspan)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setWordWrap(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAutoScroll(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

    def place(self, area: QRect, frozen: QSize) -> None:
        """Over the top left of the main view's viewport ``area``, as wide and as tall as what it freezes."""
        width = min(area.width(), frozen.width()) if self.columns else area.width()
        height = min(area.height(), frozen.height()) if self.rows else area.height()
        self.setGeometry(area.x(), area.y(), width, height)
        self.follow(*self.offset)

    def follow(self, x: int, y: int) -> None:
        """Scroll as the main view does, along the axis not frozen here (the header rows follow sideways)."""
        self.offset = (x, y)
        if not self.columns:
            self.horizontalScrollBar().setValue(x)
        if not self.rows:
            self.verticalScrollBar().setValue(y)

    def updateGeometries(self) -> None:
        super().updateGeometries()
        self.follow(*self.offset)  # its scroll ranges were just recomputed

    def scrollTo(
        self, index: _Index, hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible
    ) -> None:
        """Never to a cell of its own accord: it shows where the main view is."""

    def wheelEvent(self, event: QWheelEvent) -> None:
        QApplication.sendEvent(self.scrolled, event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()  # a label: the current cell and the selection stay as they are

    mouseReleaseEvent = mouseDoubleClickEvent = mouseMoveEvent = mousePressEvent


class StatutoryTableView(QTableView):
    notice = _Signal(str)  # a message for the status bar

    def __init__(self, model: StatutoryTableModel, parent: QWidget | None = None, fit_height: bool = False):
        super().__init__(parent)
        self.panes: list[FrozenPane] = []  # made once the model is set
        self.fit_height = fit_height  # short tables: no empty box below the last row
        self.setModel(model)
        self.table_model = model
        self.doc = model.doc
        self.nav = Navigator(model.table, model.doc.spec)
        self.bubble = ReasonBubble(self.viewport())
        self.delegate = NumberDelegate(model, self.bubble, self)
        self.delegate.leave.connect(self._commit_and_move)
        self.setItemDelegate(self.delegate)
        for b in model.spans():
            self.setSpan(b.row, b.col, b.rowspan, b.colspan)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setWordWrap(True)
        self.setTabKeyNavigation(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)  # the panes follow to the pixel
        self.panes = self._frozen_panes()
        self.horizontalHeader().sectionResized.connect(self._column_resized)
        self.verticalHeader().sectionResized.connect(self._row_resized)
        self.horizontalScrollBar().valueChanged.connect(self._scroll_panes)
        self.verticalScrollBar().valueChanged.connect(self._scroll_panes)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, True)
        self.fill_zero_action = QAction(FILL_ZERO, self)
        self.fill_zero_action.setShortcut(QKeySequence(FILL_ZERO_KEY))
        self.fill_zero_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # not while typing in a cell
        self.fill_zero_action.setStatusTip("把所选范围（未选多个格时为本表）中空白的填写格填为 0")
        self.fill_zero_action.triggered.connect(self.fill_blanks)
        self.addAction(self.fill_zero_action)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        first = self.nav.first()
        if first:
            self.setCurrentIndex(model.index_of(first))

    # ------------------------------------------------------------ where

    def current_key(self) -> str | None:
        return self.table_model.key_at(self.currentIndex())

    def select_key(self, key: str) -> None:
        """Move to one cell (its selection alone, whatever modifier keys Qt believes are held)."""
        index = self.table_model.index_of(key)
        self.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(index)

    def select_keys(self, keys: list[str], current: str | None = None) -> None:
        """Select these cells (a pasted block, what an undo changed) and show them; the current cell is
        ``current``, else the first of them in keyboard order."""
        if not keys:
            return
        order = {k: i for i, k in enumerate(self.nav.entries)}
        current = current or min(keys, key=lambda k: order.get(k, len(order)))
        selection = QItemSelection()
        for key in keys:
            index = self.table_model.index_of(key)
            selection.select(index, index)
        model = self.selectionModel()
        model.setCurrentIndex(self.table_model.index_of(current), QItemSelectionModel.SelectionFlag.NoUpdate)
        model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        for key in sorted(keys, key=lambda k: k != current):  # the current cell last: it ends up in view
            self.scrollTo(self.table_model.index_of(key))

    def currentChanged(self, current: _Index, previous: _Index) -> None:
        """A note is about the cell it stands under: it goes when another cell becomes current."""
        super().currentChanged(current, previous)
        if current != previous:
            self.bubble.hide()

    def editor(self) -> CellEditor | None:
        widget = self.indexWidget(self.currentIndex())
        return widget if isinstance(widget, CellEditor) else None

    # ------------------------------------------------------------ keys

    def edit(  # type: ignore[override]  # Qt's virtual edit(index, trigger, event), with its overload's defaults
        self,
        index: _Index,
        trigger: QAbstractItemView.EditTrigger = QAbstractItemView.EditTrigger.AllEditTriggers,
        event: QEvent | None = None,
    ) -> bool:
        """Open the editor in Excel's 输入 mode when a typed key opens it, else (F2, double click) in 编辑 mode."""
        typed = trigger == QAbstractItemView.EditTrigger.AnyKeyPressed
        self.delegate.opening = EditMode.ENTER if typed else EditMode.EDIT
        return super().edit(index, trigger, event)  # type: ignore[arg-type]  # Qt takes a null event

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() == QAbstractItemView.State.EditingState:
            return super().keyPressEvent(event)
        if event.matches(QKeySequence.StandardKey.Copy):
            return self.copy()
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
            return None
        key, mods = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        target = self._target(key, mods)
        if target is not _NO_MOVE:
            if isinstance(target, str):
                self.select_key(target)
            event.accept()
            return None
        self.bubble.hide()
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not mods:
            return self.clear_selection()
        if self._typed_on_a_total(event.text()):
            return None
        super().keyPressEvent(event)

    def _typed_on_a_total(self, text: str) -> bool:
        """Text typed on a computed 总计 is not ignored: the clerk is told why, at the cell."""
        if not text or not text.isprintable() or self.table_model.role_of(self.currentIndex()) is not Role.COMPUTED:
            return False
        self._tell_at_cell(COMPUTED_TYPED)
        return True

    def _target(self, key: int, mods: Qt.KeyboardModifier) -> str | None | object:
        current = self.current_key()
        if key == Qt.Key.Key_Tab and not mods:
            return self.nav.step(current, True)
        if key == Qt.Key.Key_Backtab or (key == Qt.Key.Key_Tab and mods == Qt.KeyboardModifier.ShiftModifier):
            return self.nav.step(current, False)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not mods:
            return self.nav.down_or_next(current)
        if key in _ARROWS and not mods:
            return self.nav.move(current, _ARROWS[Qt.Key(key)]) or current
        if key == Qt.Key.Key_Home and mods == Qt.KeyboardModifier.ControlModifier:
            return self.nav.first()
        if key == Qt.Key.Key_End and mods == Qt.KeyboardModifier.ControlModifier:
            return self.nav.last()
        return _NO_MOVE

    def _commit_and_move(self, direction: Direction) -> None:
        """An arrow while typing (↑ ↓, and ← → in 输入 mode): enter the text and move, as in Excel."""
        editor = self.editor()
        if editor is None or self.doc.reason(editor.key, editor.text()):
            return
        self.commitData(editor)
        self.closeEditor(editor, _Hint.NoHint)
        self._select(self.nav.move(self.current_key(), direction))

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, _Hint.NoHint)
        current = self.current_key()
        if hint == _Hint.EditNextItem:
            self._select(self.nav.step(current, True))
        elif hint == _Hint.EditPreviousItem:
            self._select(self.nav.step(current, False))
        elif hint == _Hint.SubmitModelCache:
            self._select(self.nav.down_or_next(current))

    def _select(self, key: str | None) -> None:
        """Move to ``key``; nowhere to go (``None``): stay."""
        if key is not None:
            self.select_key(key)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        """A Chinese IME commits text to the view: open the editor and hand the text over."""
        index = self.currentIndex()
        if self.state() != QAbstractItemView.State.EditingState and self._typed_on_a_total(event.commitString()):
            return
        if (
            self.state() != QAbstractItemView.State.EditingState
            and event.commitString()
            and self.table_model.role_of(index) is Role.ENTRY
            and self.edit(index, QAbstractItemView.EditTrigger.AnyKeyPressed, event)
        ):
            editor = self.editor()
            if editor is not None:
                QApplication.sendEvent(editor, event)
                return
        super().inputMethodEvent(event)

    # ------------------------------------------------------------ clipboard and clearing

    def selected_keys(self) -> list[str]:
        keys = {self.table_model.key_at(i) for i in self.selectedIndexes()}
        keys.add(self.current_key())
        return [k for k in self.nav.entries if k in keys]

    def clear_selection(self) -> None:
        keys = [k for k in self.selected_keys() if self.doc.report.get(k) is not None]
        if keys:
            self.doc.set_values(dict.fromkeys(keys), f"清除 {len(keys)} 个单元格")

    def fill_blanks(self) -> None:
        """空白格填 0 in the selection (more than one cell selected) or the whole table: one undo step."""
        selection = len(self.selectedIndexes()) > 1
        keys = blank_entries(self.selected_keys() if selection else self.nav.entries, self.doc.report, self.doc.spec)
        if keys:
            self.doc.set_values(dict.fromkeys(keys, 0), FILL_ZERO)
        self.notice.emit(filled_text(len(keys), selection))

    def copy(self) -> None:
        cells = {(i.row(), i.column()) for i in self.selectedIndexes()}
        if not cells and self.currentIndex().isValid():
            cells = {(self.currentIndex().row(), self.currentIndex().column())}
        QGuiApplication.clipboard().setText(copy_text(self.table_model.table, self.doc.report, cells))

    def paste(self, text: str | None = None) -> bool:
        """Fill from the current cell with a tab-separated block; all or nothing."""
        start = self.current_key()
        if start is None:
            self.notice.emit("请先选中要开始粘贴的单元格")
            return False
        if text is None:
            text = QGuiApplication.clipboard().text()
        try:
            plan = plan_paste(self.table_model.table, self.doc.spec, start, split_clipboard(text))
        except PasteRejected as e:
            self._tell_at_cell("粘贴未完成，没有更改任何数据：\n" + "\n".join(e.problems[:8]))
            return False
        if plan.values:
            self.doc.set_values(plan.values, f"粘贴 {len(plan.values)} 个单元格")
        self.select_keys([*plan.values, *plan.skipped], current=start)
        if plan.skipped:
            skipped = len(plan.skipped)
            self.notice.emit(f"已粘贴 {len(plan.values)} 个单元格；{skipped} 个总计单元格由程序计算，未使用粘贴的值")
        else:
            self.notice.emit(f"已粘贴 {len(plan.values)} 个单元格")
        return True

    def _tell_at_cell(self, message: str) -> None:
        self.notice.emit(message.replace("\n", " "))
        self.bubble.show_at(self.visualRect(self.currentIndex()), message)
        QTimer.singleShot(BUBBLE_MS, self.bubble.hide)

    # ------------------------------------------------------------ frozen panes

    def _frozen_panes(self) -> list[FrozenPane]:
        """The header rows at the top and the row labels at the left stay in view; the corner where both meet
        stays put (made last: on top)."""
        table = self.table_model.table
        rows, columns = table.header_rows > 0, table.label_columns > 0
        kinds = [(True, False), (False, True), (True, True)]  # the header rows, the row labels, the corner
        return [FrozenPane(self, r, c) for r, c in kinds if (rows or not r) and (columns or not c)]

    def frozen_height(self) -> int:
        return sum(self.rowHeight(r) for r in range(self.table_model.table.header_rows))

    def frozen_width(self) -> int:
        return sum(self.columnWidth(c) for c in range(self.table_model.table.label_columns))

    def _place_panes(self) -> None:
        frozen = QSize(self.frozen_width(), self.frozen_height())
        for pane in self.panes:
            pane.place(self.viewport().geometry(), frozen)

    def _scroll_panes(self, _value: int) -> None:
        for pane in self.panes:
            pane.follow(self.horizontalScrollBar().value(), self.verticalScrollBar().value())

    def _column_resized(self, column: int, _old: int, width: int) -> None:
        for pane in self.panes:
            pane.setColumnWidth(column, width)
        self._place_panes()

    def _row_resized(self, row: int, _old: int, height: int) -> None:
        for pane in self.panes:
            pane.setRowHeight(row, height)
        self._place_panes()

    def scrollTo(
        self, index: _Index, hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible
    ) -> None:
        """Scroll as Qt does, then further so that the cell is not hidden under the header rows or row labels."""
        super().scrollTo(index, hint)
        table, cell = self.table_model.table, self.visualRect(index)
        if index.row() >= table.header_rows and cell.top() < self.frozen_height():
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() - (self.frozen_height() - cell.top()))
        if index.column() >= table.label_columns and cell.left() < self.frozen_width():
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() - (self.frozen_width() - cell.left()))

    # ------------------------------------------------------------ layout

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_to_width()

    def viewportEvent(self, event: QEvent) -> bool:
        """The viewport also widens when the vertical scroll bar goes: the columns follow (no gap on the right)."""
        handled = super().viewportEvent(event)
        if isinstance(event, QResizeEvent):
            self._place_panes()
            if event.size().width() != event.oldSize().width():
                QTimer.singleShot(0, self, self.fit_to_width)  # after the layout pass; never after the view is gone
        return handled

    def fit_to_width(self) -> None:
        """Columns in the official proportions across the available width; rows tall enough to read."""
        table = self.table_model.table
        mm = table.col_widths_mm or (1.0,) * table.n_cols
        available = max(self.viewport().width(), MIN_COLUMN_PX * table.n_cols)
        widths = [max(MIN_COLUMN_PX, int(available * w / sum(mm))) for w in mm]
        widths[-1] = max(MIN_COLUMN_PX, widths[-1] + available - sum(widths))  # rounding: the last column fills
        for c, w in enumerate(widths):
            self.setColumnWidth(c, w)
        self.fit_rows(widths)

    def fit_rows(self, widths: list[int]) -> None:
        font = QFont(self.font())
        font.setBold(True)
        metrics = QFontMetrics(font)
        table = self.table_model.table
        heights = [metrics.height() + CELL_PADDING_PX] * table.n_rows

        def need(block) -> int:
            width = sum(widths[block.col : block.col + block.colspan]) - CELL_PADDING_PX - 2 * LABEL_PADDING_PX
            box = metrics.boundingRect(QRect(0, 0, max(width, 10), 100000), Qt.TextFlag.TextWordWrap, label_text(block))
            return box.height() + CELL_PADDING_PX

        for b in table.blocks:
            if b.text and b.rowspan == 1:
                heights[b.row] = max(heights[b.row], need(b))
        for b in table.blocks:
            if b.text and b.rowspan > 1:
                rows = range(b.row, b.row + b.rowspan)
                missing = need(b) - sum(heights[r] for r in rows)
                for r in rows:
                    heights[r] += max(0, -(-missing // b.rowspan))
        for r, h in enumerate(heights):
            self.setRowHeight(r, h)
        if self.fit_height:  # as tall as its rows, but it scrolls when the window is lower (never grows it)
            self.setMaximumHeight(self.total_height())
            self.updateGeometry()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.total_height()) if self.fit_height else hint

    def total_height(self) -> int:
        return sum(self.rowHeight(r) for r in range(self.table_model.rowCount())) + 2 * self.frameWidth()


_NO_MOVE = object()
