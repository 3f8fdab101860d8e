"""Issue 10, round two: what the clerk sees at a glance (tab marks, toolbar icons, the window icon)."""

from __future__ import annotations

from fixtures.gui_support import make_window, open_doc, open_editor
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolBar, QToolButton

import resources
from nianbao.samples import consistent_report


def test_each_tab_shows_its_errors_or_a_tick(qtbot, store):
    report_id, _ = store.create_report(consistent_report("2021", 2023, agency="某县民政局"))
    window = make_window(qtbot, store)
    window.open_report(report_id)
    editor = open_editor(window)
    assert all(editor.tabText(i).endswith(" ✓") for i in range(editor.count()))
    assert editor.tabText(0) == "基本信息 ✓"
    editor.show_section("三")
    view = editor.views["t3"]
    view.select_key("t3.new.natural")
    view.setFocus()
    QTest.keyClicks(view, "9")  # ASCII digits: the first opens the cell editor, the rest go to it
    cell_editor = view.editor()
    assert cell_editor is not None
    QTest.keyClicks(cell_editor, "999")
    qtbot.keyClick(cell_editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.editor() is None, timeout=1000)
    errors = [f for f in open_doc(window).findings if f.is_error]
    assert errors, "a part of 三 out of balance is an error"
    in_three = sum(1 for f in errors if f.cells and f.cells[0].startswith("t3."))
    three = editor._tab_of["三"]
    assert editor.tabText(three).endswith(f" ✗{in_three}")
    assert editor.tabBar().tabTextColor(three) == QColor("#c0392b")
    assert "处错误" in editor.tabToolTip(three)
    others = [i for i in range(editor.count()) if i != three]
    assert all(editor.tabText(i).endswith(" ✓") for i in others)
    window.undo_action.trigger()  # the marks follow undo
    assert editor.tabText(three).endswith(" ✓")


def test_a_missing_agency_marks_the_basic_tab(qtbot, store):
    window = make_window(qtbot, store)
    window.commands.create_report("某县民政局", 2023)
    editor = open_editor(window)
    open_doc(window).set_text("agency", "")
    assert editor.tabText(0).startswith("基本信息 ✗")


def test_toolbar_buttons_have_icons_and_their_names(qtbot, store):
    window = make_window(qtbot, store)
    toolbar = window.findChild(QToolBar, "toolbar")
    assert toolbar is not None
    actions = [a for a in toolbar.actions() if not a.isSeparator()]
    assert {a.text() for a in actions} <= set(resources.ICONS.values())
    for action in actions:
        assert not action.icon().isNull(), action.text()
        assert not action.icon().pixmap(24, 24).isNull(), action.text()
        button = toolbar.widgetForAction(action)
        assert isinstance(button, QToolButton)
        assert button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon
        assert button.text() == action.text()


def test_the_window_has_the_application_icon(qtbot, store):
    window = make_window(qtbot, store)
    icon = window.windowIcon()
    assert not icon.isNull()
    assert {s.width() for s in icon.availableSizes()} == set(resources.APP_ICON_SIZES)
