"""Reading report files, whatever their type, through one entry point (:func:`read_report`).

Every front end turns its format into the same neutral document (readers/document.py), and one mapper
(readers/mapper.py) lays that on the edition spec.  Each reading returns a :class:`ReadResult`: the report, and
separately the deviations of the file from the official format.  A file that cannot be read raises
:class:`UnreadableFile` with a Chinese message.  Safe to call in a process pool: no shared state, no network.
"""

from __future__ import annotations

import os
from pathlib import Path

from readers.result import ReadResult, UnreadableFile

__all__ = ["SUFFIXES", "ReadResult", "UnreadableFile", "read_report", "read_pasted_text"]

SUFFIXES = (".json", ".docx", ".doc", ".pdf", ".html", ".htm", ".mht", ".mhtml", ".txt")


def read_report(path: str | os.PathLike[str]) -> ReadResult:
    path = Path(path)
    if path.is_dir():
        raise UnreadableFile(f"“{path}”是一个文件夹；请给出其中的报告文件，如 {path / '*.json'}")
    suffix = path.suffix.lower()
    if suffix == ".json":
        return _read_json(path)
    if suffix == ".docx":
        from readers.docx_reader import read_docx

        return read_docx(path)
    if suffix == ".pdf":
        from readers.pdf_reader import read_pdf  # pdfplumber only when needed

        return read_pdf(path)
    if suffix in (".html", ".htm", ".mht", ".mhtml"):
        from readers.html_reader import read_html

        return read_html(path)
    if suffix == ".txt":
        from readers.text_reader import read_text_file

        return read_text_file(path)
    if suffix == ".doc":
        from readers.doc_reader import read_doc

        return read_doc(path)
    raise UnreadableFile(f"{path.name}：不支持的文件类型“{suffix or '无扩展名'}”（可用 {'、'.join(SUFFIXES)}）")


def read_pasted_text(text: str, name: str = "粘贴的文字") -> ReadResult:
    """A report pasted as text (the GUI's paste dialog)."""
    from readers.text_reader import read_text

    return read_text(text, name)


def _read_json(path: Path) -> ReadResult:
    from nianbao import exchange

    try:
        return ReadResult(exchange.load(path), source_format="JSON")
    except exchange.ExchangeError as e:
        raise UnreadableFile(str(e)) from None
