"""The window on the screen: kept inside the available area, its geometry and state remembered."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMargins, QRect, QSettings, QSize
from PySide6.QtWidgets import QMainWindow

FIRST_SIZE = QSize(1366, 768)  # asked for on a first start; a common office laptop has no more
# What a window manager puts around a window it has not framed yet (Windows 10/11 at 100 %: 8 px resize
# borders and a 31 px title bar; most Linux desktops less). Before the window is shown Qt knows no frame,
# and a 1366×768 window plus its frame came up taller than the screen, the status bar cut off.
FRAME_ALLOWANCE = QMargins(8, 31, 8, 8)


def clamp_rect(rect: QRect, available: QRect) -> QRect:
    """``rect`` made to fit inside ``available``: no larger, then moved in."""
    width, height = min(rect.width(), available.width()), min(rect.height(), available.height())
    left = min(max(rect.left(), available.left()), available.right() + 1 - width)
    top = min(max(rect.top(), available.top()), available.bottom() + 1 - height)
    return QRect(left, top, width, height)


def first_rect(wanted: QSize, available: QRect, frame: QMargins) -> QRect:
    """Where a first start puts the window's frame: ``wanted`` plus ``frame``, no larger than ``available``
    and centred in it."""
    width = min(wanted.width() + frame.left() + frame.right(), available.width())
    height = min(wanted.height() + frame.top() + frame.bottom(), available.height())
    left = available.left() + (available.width() - width) // 2
    top = available.top() + (available.height() - height) // 2
    return QRect(left, top, width, height)


def frame_margins(window: QMainWindow) -> QMargins:
    """The frame around the window as the window manager draws it, or the allowance while none is known."""
    frame, inner = window.frameGeometry(), window.geometry()
    margins = QMargins(
        inner.left() - frame.left(),
        inner.top() - frame.top(),
        frame.right() - inner.right(),
        frame.bottom() - inner.bottom(),
    )
    return FRAME_ALLOWANCE if margins.isNull() else margins


def place_first(window: QMainWindow) -> None:
    """A first start (nothing remembered): as large as FIRST_SIZE allows, frame included, centred."""
    margins = frame_margins(window)
    rect = first_rect(FIRST_SIZE, window.screen().availableGeometry(), margins)
    window.resize(rect.width() - margins.left() - margins.right(), rect.height() - margins.top() - margins.bottom())
    window.move(rect.topLeft())  # a top-level widget's position is its frame's


def fit_on_screen(window: QMainWindow) -> None:
    """Keep the window, frame included, inside the screen's available area (taskbar excluded)."""
    screen = window.screen()
    if screen is None or window.isMaximized() or window.isFullScreen():
        return
    frame = window.frameGeometry()
    extra_w, extra_h = frame.width() - window.width(), frame.height() - window.height()
    fitted = clamp_rect(frame, screen.availableGeometry())
    if fitted != frame:
        window.resize(fitted.width() - extra_w, fitted.height() - extra_h)
        window.move(fitted.topLeft())


def restore(window: QMainWindow, settings: QSettings) -> int | None:
    """Geometry and dock state as last closed; returns the report that was open then."""
    geometry = settings.value("geometry")
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    state = settings.value("state")
    if isinstance(state, QByteArray):
        window.restoreState(state)
    fit_on_screen(window)  # remembered on a larger screen, or saved while too tall
    last = settings.value("last_report")
    try:
        return int(str(last)) if last is not None else None
    except ValueError:
        return None


def save(window: QMainWindow, settings: QSettings, open_report: int | None) -> None:
    settings.setValue("geometry", window.saveGeometry())
    settings.setValue("state", window.saveState())
    if open_report is not None:
        settings.setValue("last_report", open_report)
    settings.sync()
