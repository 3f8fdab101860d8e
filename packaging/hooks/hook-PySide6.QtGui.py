# Nianbao's hook for PySide6.QtGui, in place of PyInstaller's (a hook in the spec's hookspath wins): the same
# collection without the Qt plug-ins a desktop widgets application never loads.  Left out here, before
# PyInstaller follows each plug-in's libraries, so those libraries stay out as well (the gtk3 theme would
# bring cairo, pango and gdk-pixbuf from the build machine and mix them with the desktop's own GTK).
from pathlib import PurePath

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

# Plug-in folders kept, with the plug-ins kept in each (None: all of them); any other folder is left out
# (egldeviceintegrations and generic are for the eglfs/linuxfb kiosk platforms, accessiblebridge is macOS).
KEPT_PLUGINS = {
    # xcb for X11, wayland for Wayland desktops, offscreen for the checks without a display, windows on Windows.
    # Not eglfs, linuxfb, vnc, vkkhrdisplay: kiosks and embedded devices.
    "platforms": {"libqxcb", "libqwayland", "libqoffscreen", "libqminimal", "qwindows", "qoffscreen", "qminimal"},
    "platforms/darwin": None,
    "platforminputcontexts": None,  # ibus and compose: Chinese input methods on Linux
    "platformthemes": {"libqxdgdesktopportal"},  # not gtk3 (see above)
    "iconengines": None,  # the SVG icon engine draws resources/icons/*.svg
    "imageformats": {"libqsvg", "libqico", "qsvg", "qico"},  # PNG is built into QtGui
    "xcbglintegrations": None,
    "wayland-decoration-client": None,
    "wayland-graphics-integration-client": None,
    "wayland-shell-integration": None,
}


def kept(source, destination):
    parts = PurePath(destination).parts
    if "plugins" not in parts:
        return True
    folder = "/".join(parts[parts.index("plugins") + 1 :])
    if folder not in KEPT_PLUGINS:
        return False
    names = KEPT_PLUGINS[folder]
    return names is None or PurePath(source).name.split(".")[0] in names


hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [(source, destination) for source, destination in binaries if kept(source, destination)]
