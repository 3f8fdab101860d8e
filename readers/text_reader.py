"""The plain text front end: a .txt file, or text pasted into the GUI, as a neutral document.

Text has no tables, only lines: the mapper finds the headings (also inside a line, where a crawl ran them into
the text) and reads each table's labels and numbers from the text between them — one cell a line, a tab or a
run of spaces between cells, or numbers run together, which it splits only where one split exists.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from nianbao.text import clean_text
from readers.document import Document, DocumentBuilder
from readers.guard import guarded
from readers.limits import LIMITS, LimitExceeded, read_file
from readers.mapper import map_document
from readers.result import ReadResult, UnreadableFile

SOURCE_FORMAT = "文本"
_INDENT = re.compile("\u3000{2,}")


def read_text_file(path: str | os.PathLike[str]) -> ReadResult:
    path = Path(path)

    def work() -> ReadResult:
        data = read_file(path, LIMITS.text_file_bytes)
        if not data.strip():
            raise UnreadableFile(f"{path.name} 是空文件")
        return map_document(text_document(decode_text(data), path.name))

    return guarded(path.name, work)


def read_text(text: str, name: str = "粘贴的文字") -> ReadResult:
    """A report given as text (pasted): the same reading as a .txt file."""
    return guarded(name, lambda: map_document(text_document(text, name)))


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 (which contains GBK and GB2312)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    for codec in ("utf-8", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return data.decode("gb18030", errors="replace")


def text_document(text: str, name: str) -> Document:
    if len(text) > LIMITS.text_chars:
        raise LimitExceeded(f"文字超过上限（{LIMITS.text_chars} 字）")
    if not text.strip():
        raise UnreadableFile("没有文字")
    builder = DocumentBuilder()
    for line in clean_text(text).split("\n"):  # blank lines kept: they can show where a cell is empty
        # a crawl that joined a page's paragraphs (and cells) kept their indentation, two full-width spaces
        for part in _INDENT.split(line.rstrip()) if _INDENT.search(line.strip()) else [line.rstrip()]:
            builder.paragraph(part)
    return builder.build(SOURCE_FORMAT, name, plain_text=True)
