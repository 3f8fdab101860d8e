"""Nianbao's domain core: the format editions, the report model and the rules.

Pure Python: it imports neither Qt nor python-docx nor sqlite, and nothing in
gui/, storage/, readers/, writers/ or cli/ is imported from here.
"""

__version__ = "0.1.0"
APP_NAME = "Nianbao"
APP_TITLE = "政府信息公开年报助手"
DOCX_MARK = "nianbao"  # in the core properties of our own .docx exports, so a reader can restore what they hold
