"""Say which system packages to install when Qt's X11 plug-in cannot load, instead of letting Qt abort.

On X11 Qt loads ``plugins/platforms/libqxcb.so``; when a system library it links is missing, or the display
cannot be reached, Qt prints an English message naming ``xcb-cursor0`` whatever the cause, and aborts the
process.  ``xcb_problem`` loads the plug-in first, as Qt would (Qt then uses that copy); only when that fails
does it ask ``ldd`` for every missing library and name the Debian/Ubuntu package of each.  Then it connects to
the display once.  Qt-free: it runs before Qt is imported, from the source tree and the frozen build alike.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

# Every library Qt 6.11's xcb plug-in (and its libQt6XcbQpa) links, by its Debian package: `ldd` on the
# plug-in, then `dpkg -S` on each file, on Debian 12.  The same names hold on Ubuntu 22.04 and later.
SONAME_PACKAGES = {
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libXau.so.6": "libxau6",
    "libXdmcp.so.6": "libxdmcp6",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libGLdispatch.so.0": "libglvnd0",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libpng16.so.16": "libpng16-16",
    "libz.so.1": "zlib1g",
    "libzstd.so.1": "libzstd1",
    "libstdc++.so.6": "libstdc++6",
    "libgcc_s.so.1": "libgcc-s1",
}
# Libraries that come with Nianbao itself (PySide6's Qt): missing means a broken installation, not a package.
BUNDLED = re.compile(r"^lib(Qt6|icu|pyside6|shiboken6)")
NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$", re.MULTILINE)
DLOPEN_ERROR = re.compile(r"(\S+\.so[.\d]*): cannot open shared object file")


def xcb_problem(environ: Mapping[str, str] = os.environ) -> str | None:
    """What the clerk must install before a window can open on X11, or None when the plug-in loads."""
    if not will_use_xcb(environ):
        return None
    plugin = xcb_plugin()
    if plugin is None:
        return None  # no PySide6: main.py names the missing package
    try:
        ctypes.CDLL(str(plugin))  # stays loaded; Qt's own load of this file then finds it in memory
    except OSError as e:
        return explain(missing_libraries(plugin) or _sonames_in(str(e)), str(e))
    display = environ.get("DISPLAY", "")
    if not display_reachable(display):
        return f"无法连接到图形显示“{display}”（环境变量 DISPLAY）。请在桌面环境中启动本程序；命令行功能见 --help。"
    return None


def display_reachable(display: str) -> bool:
    """Whether an X server answers at DISPLAY (through libxcb, which the loaded plug-in links)."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return True  # cannot tell; Qt will say
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode() or None, None)  # never NULL: an error connection at worst
    try:
        return bool(xcb.xcb_connection_has_error(connection) == 0)
    finally:
        xcb.xcb_disconnect(connection)


def will_use_xcb(environ: Mapping[str, str]) -> bool:
    """Whether Qt will start its X11 plug-in first (not offscreen, not a Wayland session, a DISPLAY set)."""
    if sys.platform != "linux":
        return False
    requested = environ.get("QT_QPA_PLATFORM", "").split(";")[0].strip()
    if requested:
        return requested.startswith("xcb")
    if environ.get("WAYLAND_DISPLAY") and environ.get("XDG_SESSION_TYPE") == "wayland":
        return False
    return bool(environ.get("DISPLAY"))


def xcb_plugin() -> Path | None:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    plugin = Path(next(iter(spec.submodule_search_locations))) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.is_file() else None


def missing_libraries(plugin: Path) -> list[str]:
    """Every library the plug-in (and libQt6XcbQpa, which it links) needs and the system lacks."""
    try:
        result = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return []
    return missing_in_ldd_output(result.stdout)


def missing_in_ldd_output(output: str) -> list[str]:
    return list(dict.fromkeys(NOT_FOUND.findall(output)))


def debian_package(soname: str) -> str | None:
    """The package holding a library: known, or by Debian's naming rule (libfoo.so.1 → libfoo1)."""
    if soname in SONAME_PACKAGES:
        return SONAME_PACKAGES[soname]
    match = re.fullmatch(r"(lib[\w+.-]+?)\.so\.(\d+)(?:\.[\d.]+)?", soname)
    if match is None:
        return None
    name, version = match.group(1).lower(), match.group(2)
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


def explain(sonames: list[str], error: str) -> str:
    bundled = [s for s in sonames if BUNDLED.match(s)]
    system = [s for s in sonames if not BUNDLED.match(s)]
    lines = ["无法打开窗口：Qt 的 X11 显示组件（xcb 平台插件）无法加载。"]
    if bundled:
        lines += [f"本程序自带的库缺失：{'、'.join(bundled)}。程序文件不完整，请重新安装本程序。"]
    if system:
        known = [SONAME_PACKAGES[s] for s in system if s in SONAME_PACKAGES]
        guessed = [p for s in system if s not in SONAME_PACKAGES and (p := debian_package(s))]
        packages = list(dict.fromkeys(known + guessed))
        lines += [f"本机缺少以下系统库：{'、'.join(system)}。"]
        if packages:
            lines += ["在 Debian / Ubuntu 上安装：", f"    sudo apt install {' '.join(packages)}"]
        if guessed:
            lines += [
                f"（{'、'.join(guessed)} 是按 Debian 的命名规则推断的；如没有这个包，可用 apt-file search 库名 查找。）"
            ]
    if not sonames:
        lines += [f"系统的说明：{error}"]
    lines += ["安装后重新启动本程序即可。命令行功能不需要图形界面，不受影响（--help 列出子命令）。"]
    return "\n".join(lines)


def _sonames_in(error: str) -> list[str]:
    return DLOPEN_ERROR.findall(error)
