"""The message strip above the form: what needs reading (carry-forward done, an import failed), never blocking."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget


class Banner(QFrame):
    STYLES = {
        False: "Banner { background: #e8f4e8; border-bottom: 1px solid #9cc79c; }",
        True: "Banner { background: #fdecea; border-bottom: 1px solid #e0a39c; }",
    }

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = QLabel()
        self.label.setWordWrap(True)
        close = QToolButton()
        close.setText("知道了")
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self.hide()

    def say(self, text: str, warning: bool = False) -> None:
        self.label.setText(text)
        self.setStyleSheet(self.STYLES[warning])
        self.show()
