# Nianbao's run-time hook for PySide6, in place of PyInstaller's own (packaging/hooks/rthooks.dat names it
# for the PySide6 package, and a hook directory of the spec takes precedence over PyInstaller's).
#
# PyInstaller's hook imports PySide6.QtCore at start-up, before main.py runs, to register a qt.conf
# pointing into the bundle.  That costs every command ~0.1 s of loading Qt and shiboken, which `Nianbao
# check` never uses, and the qt.conf is not needed: PySide6 registers its own when QtCore is imported
# (libpyside's registerInternalQtConf), and in a build without PyInstaller's hook ":/qt/etc/qt.conf"
# exists and QLibraryInfo's plug-in and translation paths point into _internal/PySide6/Qt.  What else
# that hook does for a widgets application is this one line (the rest is for QML, QtNetwork's OpenSSL
# and macOS bundles).
import os
import sys

os.environ["QT_PLUGIN_PATH"] = os.path.join(
    sys._MEIPASS, "PySide6", *([] if sys.platform == "win32" else ["Qt"]), "plugins"
)
