"""Reading report files, whatever their type, through one entry point (:func:`read_report`).

Each reader returns a :class:`ReadResult`: the report, and separately the deviations of the file from the
official format.  A file that cannot be read raises :class:`UnreadableFile` with a Chinese message.
"""

from __future__ import annotations

import os
from pathlib import Path

from readers.result import ReadResult, UnreadableFile

__all__ = ["SUFFIXES", "ReadResult", "UnreadableFile", "read_report"]

SUFFIXES = (".json", ".docx")


def read_report(path: str | os.PathLike[str]) -> ReadResult:
    path = Path(path)
    if path.is_dir():
        raise UnreadableFile(f"“{path}”是一个文件夹；请给出其中的报告文件，如 {path / '*.json'}")
    suffix = path.suffix.lower()
    if suffix == ".json":
        return _read_json(path)
    if suffix == ".docx":
        from readers.docx_reader import read_docx  # python-docx only when needed

        return read_docx(path)
    raise UnreadableFile(f"{path.name}：不支持的文件类型“{suffix or '无扩展名'}”（可用 {'、'.join(SUFFIXES)}）")


def _read_json(path: Path) -> ReadResult:
    from nianbao import exchange

    try:
        return ReadResult(exchange.load(path), source_format="JSON")
    except exchange.ExchangeError as e:
        raise UnreadableFile(str(e)) from None
