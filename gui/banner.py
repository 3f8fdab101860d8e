"""The message strip above the form: what needs reading (carry-forward done, an import failed), never blocking."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

# A button on the strip for what the clerk may do next (打开文件): its text and what it does.
BannerAction = tuple[str, Callable[[], object]]


class Banner(QFrame):
    STYLES = {
        False: "Banner { background: #e8f4e8; border-bottom: 1px solid #9cc79c; }",
        True: "Banner { background: #fdecea; border-bottom: 1px solid #e0a39c; }",
    }

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.buttons: list[QToolButton] = []  # the current message's own buttons, before 知道了
        self.close_button = QToolButton()
        self.close_button.setText("知道了")
        self.close_button.clicked.connect(self.hide)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(10, 6, 10, 6)
        self._layout.addWidget(self.label, 1)
        self._layout.addWidget(self.close_button)
        self.hide()

    def say(self, text: str, warning: bool = False, actions: Sequence[BannerAction] = ()) -> None:
        """Show ``text``; each action is a button beside it (it leaves the message up), replacing the last ones."""
        self.label.setText(text)
        self.setStyleSheet(self.STYLES[warning])
        for button in self.buttons:
            self._layout.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        for label, slot in actions:
            button = QToolButton()
            button.setText(label)
            button.clicked.connect(lambda _checked=False, run=slot: run())
            self._layout.insertWidget(self._layout.count() - 1, button)
            self.buttons.append(button)
        self.show()

    def button(self, text: str) -> QToolButton | None:
        """The current message's button labelled ``text``."""
        return next((b for b in self.buttons if b.text() == text), None)
