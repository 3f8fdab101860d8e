"""Reading report files named on the command line, whatever their type."""

from __future__ import annotations

from pathlib import Path

from nianbao import exchange
from nianbao.model import Report


class UnreadableReport(Exception):
    """The file cannot be read as a report; the message is for the user."""


def load_report(path: str | Path) -> Report:
    path = Path(path)
    if path.is_dir():
        raise UnreadableReport(f"“{path}”是一个文件夹；请给出其中的报告文件，如 {path / '*.json'}")
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            return exchange.load(path)
        except exchange.ExchangeError as e:
            raise UnreadableReport(str(e)) from None
    if suffix == ".docx":
        return _load_docx(path)
    raise UnreadableReport(f"{path.name}：不支持的文件类型“{suffix or '无扩展名'}”（可用 .json、.docx）")


def _load_docx(path: Path) -> Report:
    from exporters.docx_import import DocxImportError, import_docx  # python-docx only when needed

    try:
        return import_docx(path)
    except DocxImportError as e:
        raise UnreadableReport(str(e)) from None
