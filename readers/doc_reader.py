"""The .doc front end (Word 97–2003, WPS): converted to .docx by LibreOffice when it is on the machine.

Each conversion runs in a temporary folder with its own LibreOffice profile (two soffice processes sharing one
fail silently) and a time limit; without LibreOffice the message says how to save the file as .docx.  A ".doc"
that is really a .docx, a web page or RTF (common in downloads) is read as what it is.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from readers.document import Document
from readers.guard import guarded
from readers.limits import LIMITS, check_file
from readers.mapper import map_document
from readers.result import ReadResult, UnreadableFile

SOURCE_FORMAT = "Word 97–2003 文档（经 LibreOffice 转换）"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_doc(path: str | os.PathLike[str]) -> ReadResult:
    path = Path(path)
    return guarded(path.name, lambda: _read(path))


def _read(path: Path) -> ReadResult:
    check_file(path, LIMITS.file_bytes)
    with path.open("rb") as f:
        head = f.read(1024)
    if head.startswith(b"PK\x03\x04"):
        from readers.docx_reader import docx_document

        return map_document(docx_document(path))
    if b"<html" in head.lower() or b"mime-version:" in head.lower():
        from readers.html_reader import html_document

        return map_document(html_document(path))
    if not head.startswith(_OLE) and not head.startswith(b"{\\rtf"):
        raise UnreadableFile(f"{path.name} 不是 Word 文档（.doc）")
    return map_document(converted(path))


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def converted(path: Path) -> Document:
    program = soffice()
    if program is None:
        raise UnreadableFile(
            f"{path.name} 是 Word 97–2003 格式（.doc）。本机没有安装 LibreOffice，无法转换；"
            "请在 Word 或 WPS 中打开它，另存为 .docx 后再读取"
        )
    from readers.docx_reader import docx_document

    with tempfile.TemporaryDirectory(prefix="nianbao-doc-") as tmp:
        folder = Path(tmp)
        source = folder / ("input" + path.suffix.lower())
        shutil.copyfile(path, source)
        _convert(program, source, folder)
        target = folder / "out" / "input.docx"
        if not target.exists():
            raise UnreadableFile(
                f"{path.name} 无法由 LibreOffice 转换（文件可能已损坏）；请在 Word 或 WPS 中另存为 .docx"
            )
        document = docx_document(target)
    return replace(document, name=path.name, source_format=SOURCE_FORMAT)


def _convert(program: str, source: Path, folder: Path) -> None:
    command = [
        program,
        "--headless",
        "--norestore",
        "--nologo",
        f"-env:UserInstallation={(folder / 'profile').as_uri()}",
        "--convert-to",
        "docx",
        "--outdir",
        str(folder / "out"),
        str(source),
    ]
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: a timeout ends soffice.bin too
        env={**os.environ, "HOME": str(folder)},
    )
    try:
        process.wait(timeout=LIMITS.doc_convert_seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise UnreadableFile(f"LibreOffice 转换超过 {LIMITS.doc_convert_seconds} 秒，已停止") from None
