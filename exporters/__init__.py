"""Nianbao exporters: Word (.docx) export and import (python-docx)."""
