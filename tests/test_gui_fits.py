"""Issue 10, point 8: the first start on a 1366×768 screen keeps the whole window, status bar included, on it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QMargins, QRect, QSize

from gui.window_state import FRAME_ALLOWANCE, first_rect

ROOT = Path(__file__).resolve().parent.parent

# The real start-up (gui.app.start: frame shown, then the store attached), on an offscreen screen of 1366×768
# whose windows have a frame; prints what it measured once the window has settled.
PROBE = """
import argparse, json, sys
from PySide6.QtCore import QPoint, QTimer
from gui.app import start
app, window = start(argparse.Namespace(data_dir=sys.argv[1]))
def measure():
    bar = window.statusBar()
    corner = bar.mapToGlobal(QPoint(bar.width() - 1, bar.height() - 1))
    print(json.dumps({
        "frame": window.frameGeometry().getRect(),
        "inner": window.geometry().getRect(),
        "available": window.screen().availableGeometry().getRect(),
        "status_bar_corner": [corner.x(), corner.y()],
        "status_bar_visible": bar.isVisible(),
    }))
    app.quit()
QTimer.singleShot(1000, measure)
app.exec()
"""


def rect(values: list[int]) -> QRect:
    return QRect(*values)


def test_first_start_on_a_1366x768_screen_fits_frame_and_status_bar(tmp_path):
    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps(
            {
                "windowFrameMargins": True,
                "screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96}],
            }
        )
    )
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "data")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    available, frame = rect(measured["available"]), rect(measured["frame"])
    assert available.size() == QSize(1366, 768)
    assert frame != rect(measured["inner"]), "the offscreen windows of this test have a frame"
    assert available.contains(frame), (frame, available)
    assert measured["status_bar_visible"] and available.contains(*measured["status_bar_corner"])


def test_the_first_rect_leaves_room_for_a_frame_not_yet_known():
    laptop_less_taskbar = QRect(0, 0, 1366, 728)
    placed = first_rect(QSize(1366, 768), laptop_less_taskbar, FRAME_ALLOWANCE)
    assert placed == laptop_less_taskbar  # the frame fills the area; the window inside is smaller
    big = QRect(0, 0, 1920, 1040)
    placed = first_rect(QSize(1366, 768), big, QMargins(1, 30, 1, 1))
    assert placed.size() == QSize(1368, 799) and big.contains(placed)
    assert placed.center().x() in (big.center().x(), big.center().x() + 1)
