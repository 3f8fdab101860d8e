"""Shared test set-up.  Qt runs offscreen (set before any Qt import)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


import gc  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _collect_garbage_after_qt_tests(request):
    """Collect each Qt test's garbage right after the test, while its widgets are gone.

    Otherwise Python collects it at a random later moment, mixed with another test's
    objects, and a crash there would be reported against the wrong test.
    """
    yield
    if "qtbot" in request.fixturenames or "qapp" in request.fixturenames:
        from PySide6.QtCore import QCoreApplication, QEvent

        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()
