"""A work-around for the Qt binding, in one place.

PySide6 6.12 on Python 3.11 loses one reference to ``None`` on every call that
returns nothing (``widget.setText(…)``) or a null pointer / invalid QVariant,
and one to ``True``/``False`` on every ``Signal.emit()``.  After a few thousand
calls the interpreter aborts (``Fatal Python error: none_dealloc``).  These
singletons are never freed anyway, so when a probe shows the binding has the
bug we give them a very large reference headroom once, at import.  On Python
3.12+ they are immortal and the probe finds nothing to fix.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject

HEADROOM = 1 << 40  # leaks of one per call: this outlasts any session
_PROBES = 16


def _loses_references() -> bool:
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(_PROBES):
        probe.setObjectName("probe")
    lost = before - sys.getrefcount(None)
    return lost >= _PROBES


def _add_headroom(obj: object) -> None:
    # CPython before 3.12: ob_refcnt is the first field of every object.
    ctypes.c_ssize_t.from_address(id(obj)).value += HEADROOM


BINDING_LOSES_REFERENCES = sys.version_info < (3, 12) and _loses_references()
if BINDING_LOSES_REFERENCES:
    for _singleton in (None, True, False):
        _add_headroom(_singleton)
