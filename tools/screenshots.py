"""Render the main window at 1366×768 (a common office laptop) to docs/screenshots/*.png.

    QT_QPA_PLATFORM=offscreen python tools/screenshots.py

Chinese needs a CJK font (Debian: fonts-noto-cjk).  The reports are realistic:
one clean, one with the errors a reviewer finds most often.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import Qt, qInstallMessageHandler  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from gui.app import make_app, settings_for  # noqa: E402
from gui.editor import ReportEditor  # noqa: E402
from gui.main_window import FRAMED_AFTER_MS, MainWindow  # noqa: E402
from gui.table_view import CellEditor, StatutoryTableView  # noqa: E402
from nianbao.model import Report  # noqa: E402
from nianbao.samples import consistent_report  # noqa: E402
from storage.store import Store  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SIZE = (1366, 768)


def count_in(report: Report, key: str) -> int:
    """The count in cell ``key`` of a sample report (every entered cell of one is a whole number)."""
    value = report.values[key]
    if not isinstance(value, int):
        raise TypeError(f"{key} holds {value!r}, not a count")
    return value


def editor_of(window: MainWindow) -> ReportEditor:
    """The editor of the report just opened (every step here opens one first)."""
    if window.editor is None:
        raise RuntimeError("no report is open")
    return window.editor


def cell_editor_of(view: StatutoryTableView) -> CellEditor:
    """The cell editor the keystroke just opened."""
    editor = view.editor()
    if editor is None:
        raise RuntimeError("no cell is being edited")
    return editor


def fill_store(store: Store) -> tuple[int, int, int]:
    rng = random.Random(2024)
    old_id, _ = store.create_report(consistent_report("2019", 2020, rng, agency="某县民政局"), carry_forward=False)
    store.create_report(consistent_report("2021", 2023, rng, agency="某县教育局"))
    clean = consistent_report("2021", 2024, rng, agency="某县民政局")
    clean.preamble = "本报告依据《中华人民共和国政府信息公开条例》编制，统计期限为2024年1月1日至2024年12月31日。"
    clean_id, _ = store.create_report(clean, carry_forward=False)
    broken = consistent_report("2021", 2024, rng, agency="某县教育局")
    broken.values["t3.new.natural"] = (
        count_in(broken, "t3.new.natural") + 2
    )  # 新收 no longer balances 办结 + 结转 (R3.3)
    broken.values["t3.new.total"] = count_in(broken, "t3.new.total") + 2
    del broken.values["t3.partial.legal"]  # a blank cell (F2)
    broken.fill_computed()
    broken.texts["五"] += "\n下一步，本机关将在XX方面加强培训（待补充）。"
    broken_id, _ = store.create_report(broken, carry_forward=False)
    return clean_id, broken_id, old_id


def shoot(window: MainWindow, app: QApplication, name: str) -> Path:
    if window.doc is not None:
        window.doc.flush()
        window._update_state()
    for _ in range(3):
        app.processEvents()
    path = OUT / name
    window.grab().save(str(path))
    print(path.relative_to(ROOT))
    return path


def type_invalid(window: MainWindow, app: QApplication) -> None:
    """A clerk types “1/2” into a cell: refused at the cell, with the reason."""
    editor_of(window).show_section("三")
    view = editor_of(window).views["t3"]
    view.select_key("t3.withheld_4.commercial")
    view.setFocus()
    QTest.keyClicks(view, "1")
    QTest.keyClicks(cell_editor_of(view), "/2")
    shoot(window, app, "typing-rejected.png")
    QTest.keyClick(cell_editor_of(view), Qt.Key.Key_Escape)


def main() -> int:
    # The offscreen platform cannot resize a native window frame; that notice is all it says.
    qInstallMessageHandler(lambda _mode, _context, text: None if "propagateSizeHints" in text else print(text))
    app = make_app()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as data_dir:
        store = Store.open(data_dir)
        clean_id, broken_id, old_id = fill_store(store)
        window = MainWindow(store, settings_for(store))
        window.show()
        # The window fits itself to the screen once framed (gui/main_window.py); the offscreen screen is
        # 800×600, so the size of the pictures is set after that.
        QTest.qWait(2 * max(FRAMED_AFTER_MS))
        window.resize(*SIZE)
        window.open_report(clean_id)
        editor_of(window).show_section("三")
        shoot(window, app, "table3-clean.png")
        editor_of(window).show_section("二")
        shoot(window, app, "table2-clean.png")
        editor_of(window).show_section("四")
        shoot(window, app, "table4-clean.png")
        window.open_report(old_id)  # the 2019 edition: 表二 has 18 rows and scrolls on a laptop screen
        editor_of(window).show_section("二")
        shoot(window, app, "table2-2019.png")
        window.open_report(broken_id)
        editor_of(window).show_section("三")
        view = editor_of(window).views["t3"]
        view.select_key("t3.partial.legal")
        shoot(window, app, "table3-errors.png")
        editor_of(window).show_section("五")
        shoot(window, app, "text-placeholders.png")
        editor_of(window).show_section("meta")
        shoot(window, app, "basic-info.png")
        type_invalid(window, app)
        window.commands.create_report("某县民政局", 2025)  # last year's 结转 is carried forward
        editor_of(window).show_section("三")
        shoot(window, app, "new-report-carry-forward.png")
        window.banner.hide()
        window.show_list()
        shoot(window, app, "report-list.png")
        window.close()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
