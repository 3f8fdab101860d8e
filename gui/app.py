"""Start the application (placeholder until the form lands)."""

from __future__ import annotations

import argparse
import sys


def run_app(args: argparse.Namespace) -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    from nianbao import APP_TITLE

    app = QApplication.instance() or QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle(APP_TITLE)
    window.setCentralWidget(QLabel("政府信息公开年报助手"))
    window.resize(1200, 760)
    window.show()
    return app.exec()
