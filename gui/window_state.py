"""The window on the screen: kept inside the available area, its geometry and state remembered."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSettings
from PySide6.QtWidgets import QMainWindow


def clamp_rect(rect: QRect, available: QRect) -> QRect:
    """``rect`` made to fit inside ``available``: no larger, then moved in."""
    width, height = min(rect.width(), available.width()), min(rect.height(), available.height())
    left = min(max(rect.left(), available.left()), available.right() + 1 - width)
    top = min(max(rect.top(), available.top()), available.bottom() + 1 - height)
    return QRect(left, top, width, height)


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
