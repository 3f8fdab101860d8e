"""The Qt user interface (PySide6).  Views and controllers over the domain core in ``nianbao``."""

from gui import qtcompat  # noqa: F401  (first: guards the interpreter against a binding bug)
