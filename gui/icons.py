"""Nianbao's own icons (resources/, drawn for this app) as QIcons."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

import resources


def icon(name: str) -> QIcon:
    """A toolbar or menu icon by name (``resources.ICONS``), drawn from its SVG at any size."""
    return QIcon(str(resources.icon_path(name)))


def app_icon() -> QIcon:
    """The application and window icon, each size as drawn (no SVG plug-in needed)."""
    result = QIcon()
    for size in resources.APP_ICON_SIZES:
        result.addFile(str(resources.app_icon_png(size)), QSize(size, size))
    return result
