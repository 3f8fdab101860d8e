"""Start the application: Qt's Chinese translations, the store, the main window."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from gui.icons import app_icon
from nianbao import APP_NAME, APP_TITLE

if TYPE_CHECKING:
    from gui.single_instance import SingleInstance

SETTINGS_FILE = "gui.ini"


# Strings that Qt 6.11 shows but its qtbase_zh_CN.qm does not have (the file dialog's labels gained
# mnemonics; the file type column's words moved to QAbstractFileIconProvider).  Found under Xvfb.
QT_MISSING_ZH = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QFileDialog", "Details View"): "详情视图",
    ("QAbstractFileIconProvider", "Folder"): "文件夹",
    ("QAbstractFileIconProvider", "File"): "文件",
    ("QAbstractFileIconProvider", "%1 File"): "%1 文件",
    ("QAbstractFileIconProvider", "Drive"): "驱动器",
    ("QAbstractFileIconProvider", "Shortcut"): "快捷方式",
    ("QPlatformTheme", "&Save"): "保存(&S)",
    ("QPlatformTheme", "Don't Save"): "不保存",
}


class MissingQtChinese(QTranslator):
    """Qt's Chinese where qtbase_zh_CN.qm has a gap; everything else falls through to it (None)."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        return QT_MISSING_ZH.get((context, source))

    def isEmpty(self) -> bool:
        return False


def install_translations(app: QApplication) -> bool:
    """Qt's own Chinese (standard buttons, file dialogs, context menus), with its gaps filled."""
    translator = QTranslator(app)
    ok = translator.load(
        QLocale(QLocale.Language.Chinese, QLocale.Country.China),
        "qtbase",
        "_",
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
    )
    if ok:
        app.installTranslator(translator)
        app.installTranslator(MissingQtChinese(app))  # asked first: the last installed is
    return ok


def make_app() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    app.setWindowIcon(app_icon())
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    install_translations(app)
    return app


def open_store(data_dir):
    """The store, or None after telling the clerk why it cannot be opened."""
    from PySide6.QtWidgets import QMessageBox

    from storage.store import CorruptDatabaseError, NewerDatabaseError, StorageError, Store

    try:
        return Store.open(data_dir)
    except NewerDatabaseError as e:
        QMessageBox.critical(None, APP_TITLE, str(e))
        return None
    except CorruptDatabaseError as e:
        return _recover(e, data_dir)
    except StorageError as e:
        QMessageBox.critical(None, APP_TITLE, f"无法打开数据文件：{e}")
        return None


def corrupt_text(error) -> str:
    """What the clerk reads about a damaged database: the store's message (where the file went, which
    backup there is) said once, and the question when there is a backup."""
    text = str(error)
    if str(error.moved_to) not in text:
        text += f"\n损坏的文件已移到：{error.moved_to}"
    if error.last_good is not None:
        text += "\n\n是否用这份备份恢复？"
    return text


def _recover(error, data_dir):
    from PySide6.QtWidgets import QMessageBox

    from storage.store import StorageError, Store

    text = corrupt_text(error)
    if error.last_good is not None:
        answer = QMessageBox.question(None, APP_TITLE, text)
        if answer == QMessageBox.StandardButton.Yes:
            try:
                return Store.recover(error.last_good, data_dir)
            except StorageError as e:
                QMessageBox.critical(None, APP_TITLE, str(e))
    else:
        QMessageBox.warning(None, APP_TITLE, text)
    return Store.open(data_dir)


def settings_for(store) -> QSettings:
    """Window geometry and the last open report, kept beside the data (one place to back up)."""
    return QSettings(str(store.data_dir / SETTINGS_FILE), QSettings.Format.IniFormat)


def claim_folder(app: QApplication, data_dir_arg: object) -> tuple[bool, SingleInstance | None]:
    """One window per data folder: False when another window has it (and was asked to come to the front);
    else the claim, held until the application quits (None when the folder cannot be used: the store says why)."""
    from gui.single_instance import SingleInstance
    from storage.errors import StorageError
    from storage.paths import resolve_data_dir

    try:
        data_dir = resolve_data_dir(data_dir_arg if isinstance(data_dir_arg, str) else None)
    except StorageError:
        return True, None
    instance = SingleInstance(data_dir, app)
    if not instance.claim():
        return False, None
    app.aboutToQuit.connect(instance.release)
    return True, instance


def start(args: argparse.Namespace) -> tuple[QApplication, object]:
    """Show the window at once, then open the data (the database and the last report) into it.

    If a window already has this data folder it is brought to the front instead: the window is None.
    """
    from gui.main_window import MainWindow

    app = make_app()
    claimed, instance = claim_folder(app, getattr(args, "data_dir", None))
    if not claimed:
        return app, None
    window = MainWindow()
    if instance is not None:
        instance.raiseRequested.connect(window.bring_to_front)
    window.show()
    app.processEvents()  # the empty window is on screen before the database is touched

    def attach() -> None:
        store = open_store(getattr(args, "data_dir", None))
        if store is None:
            window.close()
            app.exit(1)
            return
        app.aboutToQuit.connect(store.close)
        window.attach(store, settings_for(store))

    QTimer.singleShot(0, attach)
    return app, window


def run_app(args: argparse.Namespace) -> int:
    app, window = start(args)
    if window is None:
        return 0  # the running window has come to the front
    return app.exec()
