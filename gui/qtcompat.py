"""Work-arounds for the Qt binding, in one place.

PySide6 6.12 on Python 3.11 returns the result of ``SignalInstance.emit()`` (a
bool) without taking a reference: every emit from Python lowers the reference
count of ``True`` by one, and after a few hundred emits the interpreter aborts
(``Fatal Python error: bool_dealloc``).  ``emit()`` below gives the reference
back, but only when a probe at import shows the binding has the bug (on Python
3.12+ bools are immortal and nothing needs compensating).
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal

_PROBES = 8


class _Probe(QObject):
    ping = Signal()


def _incref(obj: object, times: int = 1) -> None:
    for _ in range(times):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(obj))


def _emit_drops_a_reference() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.ping.emit()
    lost = before - sys.getrefcount(True)
    if lost > 0:
        _incref(True, lost)
    return lost >= _PROBES


EMIT_DROPS_REFERENCE = _emit_drops_a_reference()


def emit(signal: Any, *args: Any) -> None:
    """``signal.emit(*args)`` that is safe on every binding version."""
    result = signal.emit(*args)
    if EMIT_DROPS_REFERENCE and isinstance(result, bool):
        _incref(result)
