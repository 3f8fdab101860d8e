"""A Qt table model for one statutory table (二, 三 or 四), generated from its spec.

The header rows are ordinary model cells (header sections cannot span); the view
merges blocks with ``setSpan``.  Only the top-left cell of a merged block holds
its text.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from gui.cells import Role, block_role, cell_text, label_text
from gui.document import ReportDocument
from nianbao.spec import Block, Severity

KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # the storage key of a data cell
MARK_ROLE = Qt.ItemDataRole.UserRole + 2  # "error", "warning" or None
CELL_ROLE = Qt.ItemDataRole.UserRole + 3  # gui.cells.Role

COLOURS = {
    Role.HEADER: QColor("#eef2f7"),
    Role.LABEL: QColor("#f7f7f4"),
    Role.ENTRY: QColor("#ffffff"),
    Role.COMPUTED: QColor("#e3e3e3"),
}
MARK_COLOURS = {Severity.ERROR: QColor("#f6c3c0"), Severity.WARNING: QColor("#fbe8a6")}
UNFILLED_COLOUR = QColor("#fcebea")  # a blank cell that must get a number (0 if none)
COMPUTED_TEXT = QColor("#404040")
COMPUTED_TIP = "由程序按各项之和自动计算，不能直接填写"

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class StatutoryTableModel(QAbstractTableModel):
    def __init__(self, doc: ReportDocument, table_id: str, parent=None):
        super().__init__(parent)
        self.doc = doc
        self.table = doc.spec.table(table_id)
        self._roles = {b: block_role(b, doc.spec) for b in self.table.blocks}
        self._blocks = self.table.blocks_by_key
        self._brushes = {role: QBrush(colour) for role, colour in COLOURS.items()}
        self._mark_brushes = {sev: QBrush(colour) for sev, colour in MARK_COLOURS.items()}
        self._unfilled = QBrush(UNFILLED_COLOUR)
        self._bold = QFont()
        self._bold.setBold(True)
        doc.cellsChanged.connect(self._keys_changed)
        doc.marksChanged.connect(self._keys_changed)

    # ------------------------------------------------------------ shape

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else self.table.n_rows

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else self.table.n_cols

    def spans(self) -> list[Block]:
        return [b for b in self.table.blocks if b.rowspan > 1 or b.colspan > 1]

    def block(self, index: _Index) -> Block:
        return self.table.block_at(index.row(), index.column())

    def role_of(self, index: _Index) -> Role:
        return self._roles[self.block(index)]

    def key_at(self, index: _Index) -> str | None:
        return self.block(index).key if index.isValid() else None

    def cell_text(self, index: _Index) -> str:
        key = self.key_at(index)
        return cell_text(self.doc.report, key) if key else ""

    def index_of(self, key: str) -> QModelIndex:
        b = self.table.data_block(key)
        return self.index(b.row, b.col)

    # ------------------------------------------------------------ content

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        block = self.block(index)
        if (block.row, block.col) != (index.row(), index.column()):
            return None
        kind = self._roles[block]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return cell_text(self.doc.report, block.key) if block.key else label_text(block)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(block, kind)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(block, kind)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if block.reads_vertically:  # at the top of its span: seen without scrolling down
                return Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
            if block in self.table.row_labels:  # read left to right
                return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ForegroundRole and kind is Role.COMPUTED:
            return COMPUTED_TEXT
        if role == Qt.ItemDataRole.FontRole and (kind is Role.COMPUTED or block in self.table.group_titles):
            return self._bold
        if role == KEY_ROLE:
            return block.key
        if role == MARK_ROLE:
            mark = self.doc.mark(block.key) if block.key else None
            return mark.value if mark else None
        if role == CELL_ROLE:
            return kind
        return None

    def _background(self, block: Block, kind: Role) -> QBrush:
        mark = self.doc.mark(block.key) if block.key else None
        if mark is None or block.key is None:
            return self._brushes[kind]
        if self.doc.unfilled(block.key):  # blank: to be filled, not wrong
            return self._brushes[kind] if kind is Role.COMPUTED else self._unfilled
        return self._mark_brushes[mark]

    def _tooltip(self, block: Block, kind: Role) -> str | None:
        if block.key is None:
            return None
        lines = [f"[{f.severity.label}] {f.message}" for f in self.doc.marks(block.key)]
        if kind is Role.COMPUTED:
            lines.append(COMPUTED_TIP)
        return "\n".join(lines) or self.doc.spec.cells_by_key[block.key].place

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        kind = self.role_of(index)
        if kind is Role.ENTRY:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
        if kind is Role.COMPUTED:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return Qt.ItemFlag.ItemIsEnabled

    def setData(self, index: _Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Enter a text typed into an entry cell; a rejected text changes nothing."""
        key = self.key_at(index)
        if role != Qt.ItemDataRole.EditRole or self.role_of(index) is not Role.ENTRY or key is None:
            return False
        return self.doc.commit_edit(key, str(value)) is None

    # ------------------------------------------------------------ updates

    def _keys_changed(self, keys: list[str]) -> None:
        for key in keys:
            b = self._blocks.get(key)
            if b is not None:
                i = self.index(b.row, b.col)
                self.dataChanged.emit(i, i)
