"""Start the application: Qt's Chinese translations, the store, the main window."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from nianbao import APP_NAME, APP_TITLE

SETTINGS_FILE = "gui.ini"


def install_translations(app: QApplication) -> bool:
    """Qt's own Chinese (standard buttons, file dialogs, context menus)."""
    translator = QTranslator(app)
    ok = translator.load(
        QLocale(QLocale.Language.Chinese, QLocale.Country.China),
        "qtbase",
        "_",
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
    )
    if ok:
        app.installTranslator(translator)
    return ok


def make_app() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
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


def start(args: argparse.Namespace) -> tuple[QApplication, object]:
    """Show the window at once, then open the data (the database and the last report) into it."""
    from gui.main_window import MainWindow

    app = make_app()
    window = MainWindow()
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
    app, _window = start(args)
    return app.exec()
