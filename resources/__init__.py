"""The files Nianbao loads at run time: its icons, drawn for it as SVG.

``path("icons/new.svg")`` finds a file both in the source tree and in the frozen build, where
packaging/nianbao.spec copies this folder to ``resources/`` inside the bundle (``sys._MEIPASS``).
Qt-free, so the command line and the build checks can use it; ``gui/icons.py`` makes the QIcons.
The PNG sizes and the .ico are made from ``nianbao.svg`` by ``tools/make_icons.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Toolbar and menu icons, resources/icons/<name>.svg, by the action they stand for.
ICONS = {
    "list": "报告列表",
    "new": "新建",
    "open": "打开",
    "next-year": "复制为下一年度",
    "import": "导入",
    "export-word": "导出 Word",
    "delete": "删除",
    "snapshot": "快照",
    "undo": "撤销",
    "redo": "重做",
    "findings": "检查结果",
    "batch-check": "批量检查",
}
APP_ICON_SVG = "nianbao.svg"
APP_ICON_ICO = "nianbao.ico"  # Windows: the executables and the installer
APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


class MissingResource(FileNotFoundError):
    """A file of the program itself is missing: the installation is incomplete."""


def folder() -> Path:
    """resources/ in the source tree, or its copy inside the frozen build."""
    bundle = getattr(sys, "_MEIPASS", None)  # set by PyInstaller's bootloader
    if bundle is not None:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent


def path(relative: str) -> Path:
    found = folder() / relative
    if not found.is_file():
        raise MissingResource(f"程序文件不完整，缺少“{relative}”（应在 {found.parent}）。请重新安装本程序。")
    return found


def icon_path(name: str) -> Path:
    if name not in ICONS:
        raise KeyError(f"no icon named {name!r}; known: {', '.join(ICONS)}")
    return path(f"icons/{name}.svg")


def app_icon_png(size: int) -> Path:
    return path(f"png/nianbao-{size}.png")
