"""The Qt binding must not leak references to Python's singletons.

PySide6-Essentials 6.12.0 on Python 3.11 drops a reference to ``None`` on every
call that returns nothing, so the app aborts (``none_dealloc``) after a few
thousand edits.  pyproject.toml excludes it; this test fails for any binding
with that bug, so a version bump cannot bring it back unnoticed.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    changed = Signal(bool)


def test_calls_returning_nothing_keep_none_alive():
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(200):
        probe.setObjectName("probe")
        probe.property("missing")
    assert sys.getrefcount(None) - before > -50


def test_emitting_bools_keeps_true_alive(qapp):
    emitter = _Emitter()
    emitter.changed.connect(lambda value: None)
    before = sys.getrefcount(True)
    for _ in range(200):
        emitter.changed.emit(True)
    assert sys.getrefcount(True) - before > -50
