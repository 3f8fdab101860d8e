"""The Qt user interface (PySide6).  Views and controllers over the domain core in ``nianbao``."""
