"""The window's actions, menus and toolbar, declared in one place.

Built with the frame at start-up (disabled); :meth:`WindowActions.bind` connects the actions that act on
reports to the window's :class:`~gui.report_commands.ReportCommands` once the store is open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QMainWindow

from gui.icons import icon
from nianbao import APP_TITLE

if TYPE_CHECKING:
    from gui.report_commands import ReportCommands

REDO_KEYS = (QKeySequence.StandardKey.Redo, "Ctrl+Y", "Ctrl+Shift+Z")  # Ctrl+Y as on Windows, everywhere
Shortcut = QKeySequence.StandardKey | str | tuple[QKeySequence.StandardKey | str, ...]


def shortcut_list(keys: tuple[QKeySequence.StandardKey | str, ...]) -> list[QKeySequence]:
    """Each key sequence once (a standard key may already be one of the others)."""
    found: list[QKeySequence] = []
    for key in keys:
        for sequence in (
            QKeySequence.keyBindings(key) if isinstance(key, QKeySequence.StandardKey) else [QKeySequence(key)]
        ):
            if sequence not in found:
                found.append(sequence)
    return found


def set_tip(action: QAction, text: str) -> None:
    action.setToolTip(text)
    action.setStatusTip(text)


class WindowActions:
    """Every action of the main window, its menus and its toolbar."""

    def __init__(self, window: QMainWindow, undo_group: QUndoGroup):
        self.window = window
        self._shortcuts: list[tuple[QAction, Shortcut]] = []  # set in bind(): building them costs start-up
        a = self._action
        self.new = a("新建", QKeySequence.StandardKey.New, "新建一份年度报告")
        self.open = a("打开", QKeySequence.StandardKey.Open, "打开列表中选中的报告")
        self.next_year = a("复制为下一年度", tip="以选中的报告为基础新建下一年度报告（保留正文，带入上年结转）")
        self.delete = a("删除", tip="把选中的报告移到回收站（可以在“回收站”中恢复）")
        self.trash = a("回收站…", tip="查看已删除的报告，恢复误删的报告，或清空回收站")
        self.import_ = a("导入", tip="导入报告文件（Word 文档或 JSON 文件）")
        self.export = a("导出 Word", "Ctrl+E", "导出为 Word 文档（.docx）")
        self.paste = a("粘贴文字导入…", tip="把从网页或文档复制的整份报告粘贴进来读入")
        self.batch = a("批量检查…", tip="检查一个文件夹中的全部报告（Word、PDF、网页、JSON），导出汇总表")
        self.snapshot = a("快照", tip="保存当前内容的快照，以后可以恢复")
        self.restore = a("恢复快照…", tip="用以前保存的快照替换当前内容")
        # fixed short names (the toolbar does not reflow); what would be undone is in the tooltip
        self.undo = a("撤销", QKeySequence.StandardKey.Undo)
        self.redo = a("重做", REDO_KEYS)
        self.undo.triggered.connect(undo_group.undo)
        self.redo.triggered.connect(undo_group.redo)
        for action, can, text, verb in (
            (self.undo, undo_group.canUndoChanged, undo_group.undoTextChanged, "撤销"),
            (self.redo, undo_group.canRedoChanged, undo_group.redoTextChanged, "重做"),
        ):
            action.setEnabled(False)
            can.connect(action.setEnabled)
            text.connect(lambda t, a=action, v=verb: set_tip(a, f"{v} {t}" if t else v))
        self.findings = a("检查结果", tip="显示或隐藏检查结果（错误和提示）")
        self.findings.setCheckable(True)
        self.findings.setChecked(True)
        self.list = a("报告列表", "Ctrl+L", "回到报告列表（双击一份报告打开）")
        self.quit = a("退出", QKeySequence.StandardKey.Quit)
        self.quit.triggered.connect(window.close)
        self.usage = a("使用说明", QKeySequence.StandardKey.HelpContents)
        self.about = a("关于", tip=f"关于{APP_TITLE}：版本、数据文件位置")
        for action, name in self.icon_names().items():
            action.setIcon(icon(name))
        self._build_menus()
        self._build_toolbar()

    def icon_names(self) -> dict[QAction, str]:
        """The icon of each action that has one (resources/icons/, drawn for this app)."""
        return {
            self.list: "list",
            self.new: "new",
            self.open: "open",
            self.next_year: "next-year",
            self.import_: "import",
            self.export: "export-word",
            self.delete: "delete",
            self.snapshot: "snapshot",
            self.undo: "undo",
            self.redo: "redo",
            self.findings: "findings",
        }

    def _action(self, text: str, shortcut: Shortcut | None = None, tip: str = "") -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            self._shortcuts.append((action, shortcut))
        set_tip(action, tip or text)
        return action

    def _build_menus(self) -> None:
        bar = self.window.menuBar()
        menus: dict[str, tuple[QAction | None, ...]] = {
            "文件(&F)": (
                self.new,
                self.open,
                self.next_year,
                None,
                self.import_,
                self.paste,
                None,
                self.delete,
                self.trash,
                None,
                self.export,
                None,
                self.batch,
                None,
                self.snapshot,
                self.restore,
                None,
                self.quit,
            ),  # fmt: skip
            "编辑(&E)": (self.undo, self.redo),
            "查看(&V)": (self.findings, self.list),
            "帮助(&H)": (self.usage, self.about),
        }
        for title, actions in menus.items():
            menu = bar.addMenu(title)
            for action in actions:
                if action is None:
                    menu.addSeparator()
                else:
                    menu.addAction(action)

    def _build_toolbar(self) -> None:
        toolbar = self.window.addToolBar("常用")
        toolbar.setObjectName("toolbar")
        toolbar.setMovable(False)
        # the icon helps find a button again; its Chinese name beside it says what it does
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in (self.list, self.new, self.open, self.next_year, self.import_, self.export, self.delete):
            toolbar.addAction(action)
        toolbar.addSeparator()
        for action in (self.snapshot, self.undo, self.redo, self.findings):
            toolbar.addAction(action)

    def bind(self, commands: ReportCommands, show_list: Callable[[], None], open_selected: Callable[[], None]) -> None:
        """Connect the report actions to the commands (the store is open) and set the shortcuts."""
        for action, shortcut in self._shortcuts:
            if isinstance(shortcut, tuple):
                action.setShortcuts(shortcut_list(shortcut))
            else:
                action.setShortcut(QKeySequence(shortcut))
        for action, slot in (
            (self.new, commands.new_report),
            (self.next_year, commands.duplicate_next_year),
            (self.delete, commands.delete_selected),
            (self.trash, commands.show_trash),
            (self.import_, commands.import_file),
            (self.export, commands.export_word),
            (self.batch, commands.show_batch),
            (self.paste, commands.paste_report),
            (self.snapshot, commands.take_snapshot),
            (self.restore, commands.restore_snapshot),
            (self.usage, commands.show_usage),
            (self.about, commands.show_about),
            (self.list, show_list),
            (self.open, open_selected),
        ):
            action.triggered.connect(slot)

    def update(self, attached: bool, has_target: bool) -> None:
        """Enabled as the window's state allows: nothing before the store is open, report actions with a target."""
        for action in (self.new, self.open, self.import_, self.list, self.findings, self.trash, self.batch, self.paste):
            action.setEnabled(attached)
        for action in (self.next_year, self.export, self.snapshot, self.restore, self.delete):
            action.setEnabled(attached and has_target)
