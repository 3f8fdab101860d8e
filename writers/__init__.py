"""Word (.docx) export in the official layout (python-docx)."""
