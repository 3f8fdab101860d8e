"""Render the 同比对照 dialog and a text section with bound data paragraphs to docs/screenshots/.

    QT_QPA_PLATFORM=offscreen python tools/screenshot_comparison.py

Chinese needs a CJK font (Debian: fonts-noto-cjk).
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from gui.document import ReportDocument  # noqa: E402
from gui.editor import ReportEditor  # noqa: E402
from gui.text_edit import SectionTextEdit  # noqa: E402
from nianbao import drafting  # noqa: E402
from nianbao.samples import consistent_report  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    report = consistent_report("2021", 2023, rng=random.Random(21))
    previous = consistent_report("2021", 2022, rng=random.Random(22))
    report.texts["一"] = "\n".join(
        [
            "2023年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，扎实推进政府信息公开工作。",
            drafting.marker("主动公开"),
            drafting.marker("依申请公开"),
            drafting.marker("复议诉讼"),
        ]
    )
    doc = ReportDocument(report, previous=previous)
    OUT.mkdir(parents=True, exist_ok=True)
    editor = ReportEditor(doc)
    editor.resize(1200, 700)
    editor.show_section("一")
    editor.show()
    app.processEvents()
    editor.grab().save(str(OUT / "bound-paragraphs.png"))
    text_edit = editor.texts["一"]
    assert isinstance(text_edit, SectionTextEdit)
    dialog = text_edit.comparison_dialog()
    dialog.show()
    app.processEvents()
    path = OUT / "comparison.png"
    dialog.grab().save(str(path))
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
