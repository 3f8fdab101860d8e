"""Every bound a reader enforces, in one place.

A published report is a few pages: a few hundred paragraphs, three tables of at most 28 rows and 15 columns.
The limits leave a wide margin above that and far below what would hurt: each refuses quickly, before the
work it guards, with a Chinese reason ("文件中…超过上限").  They exist because hostile files were measured:
a 44 KB .docx whose one cell spans 10⁹ columns, a ``styles.xml`` that inflates to 2.5 GB, a million paragraphs
in 158 KB (issue 13).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from readers.result import UnreadableFile

MB = 1024 * 1024


class LimitExceeded(UnreadableFile):
    """A file beyond a bound; ``str()`` says which bound, in Chinese."""


@dataclass(frozen=True)
class Limits:
    file_bytes: int = 30 * MB  # any report file on disk
    text_file_bytes: int = 2 * MB  # .txt (a crawled report: 10 KB)
    html_file_bytes: int = 20 * MB  # .html, .mht (MIME with pictures inlined)
    zip_members: int = 5000
    main_part_bytes: int = 48 * MB  # word/document.xml inflated
    part_bytes: int = 8 * MB  # every other part read (styles, core properties, relationships)
    xml_elements: int = 400_000  # elements of one XML part (a 5-page report has about 20 000)
    paragraphs: int = 20_000
    tables: int = 200
    table_rows: int = 2_000
    grid_cols: int = 64  # the widest table of the format has 15
    cells: int = 40_000  # all tables together
    nesting: int = 12  # tables within tables, content controls within content controls
    text_chars: int = 4_000_000
    pdf_pages: int = 60
    pdf_stream_bytes: int = 48 * MB  # one decoded PDF stream
    pdf_page_content_bytes: int = 2 * MB  # one page's content streams (published reports: under 50 KB)
    pdf_page_objects: int = 20_000  # characters, lines and rectangles on one page (published reports: under 800)
    table_text_chars: int = 100_000  # plain text read as one table (a table's text is under 10 000)
    number_chars: int = 40  # a cell's text read as a number (units and spaces included)
    doc_convert_seconds: int = 120


LIMITS = Limits()


def check_file(path: Path, limit: int) -> int:
    """The file's size, or a clear refusal (missing, unreadable, too large, empty)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise UnreadableFile(f"找不到文件：{path}") from None
    except OSError as e:
        raise UnreadableFile(f"无法读取 {path.name}：{e.strerror}") from None
    if size > limit:
        raise LimitExceeded(f"{path.name} 过大（{size / MB:.0f} MB），年度报告不会超过 {limit // MB} MB")
    return size


def read_file(path: Path, limit: int) -> bytes:
    check_file(path, limit)
    try:
        with path.open("rb") as f:
            return read_capped(f, limit, path.name)
    except OSError as e:
        raise UnreadableFile(f"无法读取 {path.name}：{e.strerror}") from None


def read_capped(stream: IO[bytes], limit: int, what: str) -> bytes:
    """At most ``limit`` bytes of ``stream``; more is a refusal.  Reads by chunks: a zip member's header may lie."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(min(1 * MB, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > limit:
            raise LimitExceeded(f"文件中的“{what}”解压后超过上限（{limit // MB} MB）")
        chunks.append(chunk)


def read_zip_part(z: zipfile.ZipFile, name: str, limit: int) -> bytes:
    with z.open(name) as member:
        return read_capped(member, limit, name)


def open_zip(data: bytes | Path) -> zipfile.ZipFile:
    source: Path | io.BytesIO = data if isinstance(data, Path) else io.BytesIO(data)
    z = zipfile.ZipFile(source)
    if len(z.infolist()) > LIMITS.zip_members:
        z.close()
        raise LimitExceeded(f"文件中的部件超过上限（{LIMITS.zip_members} 个）")
    return z
