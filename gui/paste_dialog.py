"""粘贴文字导入: a report copied from a web page or a document, pasted as text and read like a .txt file."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from nianbao.text import clean_text

HINT = (
    "把网页或文档中的整份报告（标题、各部分和表格）复制后粘贴到下面。表格中每个格单独一行或以 Tab 分开时可以读入；"
    "数字连在一起、分不清是哪几个格的行会列出，不会猜测。"
)


class PasteDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("粘贴文字导入")
        self.hint = QLabel(HINT)
        self.hint.setWordWrap(True)
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText("在此粘贴（Ctrl+V）")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("读入")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.editor, 1)
        layout.addWidget(buttons)
        self.resize(760, 520)

    def text(self) -> str:
        return clean_text(self.editor.toPlainText())
