"""The web page front end: .html / .htm and .mht / .mhtml (what 360, IE and Edge save) as a neutral document.

The bytes are decoded as the page says (BOM, ``<meta charset>``, the MIME part's charset) or, failing that, as
UTF-8 or GB18030 (which contains GBK and GB2312), and parsed with lxml's HTML parser: no network, counted as it
parses.  Tables become cells with their ``rowspan``/``colspan`` (bounded); ``&nbsp;``, full-width spaces and
``<p>``/``<span>``/``<br>`` inside cells are text as a browser shows it; the title and sections around the tables
are paragraphs.  A table that holds the page's layout (tables inside it, or a single cell) is read as the
content it holds.
"""

from __future__ import annotations

import email
import email.policy
import os
import re
from collections.abc import Iterator
from email.message import Message
from io import BytesIO
from pathlib import Path

from lxml import etree

from nianbao import DOCX_MARK
from readers.document import Cell, Document, DocumentBuilder, Properties, Table
from readers.guard import guarded
from readers.limits import LIMITS, LimitExceeded, read_file
from readers.mapper import map_document
from readers.result import ReadResult, UnreadableFile

SOURCE_FORMAT = "网页"
MHT_FORMAT = "网页（MHT 单个文件）"

_SKIP = frozenset(
    {"head", "script", "style", "noscript", "template", "iframe", "object", "embed", "select", "button", "svg", "map"}
)
_BLOCKS = frozenset(
    {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre",
        "section", "article", "header", "footer", "main", "aside", "center", "form", "fieldset", "address", "hr",
        "figure", "figcaption", "caption", "tr", "td", "th", "tbody", "thead", "tfoot", "body",
    }
)  # fmt: skip
_HEADINGS = frozenset({"h1", "h2"})
_BR = "\u2028"  # a <br> while text is gathered (a line break of the source is only whitespace)
_WHITESPACE = re.compile(r"[ \t\n\r\f]+")  # what HTML collapses (not the full-width space, not &nbsp;)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_GB = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "gb18030", "cp936", "euc-cn", "hz-gb-2312", "csgb2312"}


def read_html(path: str | os.PathLike[str]) -> ReadResult:
    path = Path(path)
    return guarded(path.name, lambda: map_document(html_document(path)))


def html_document(path: Path) -> Document:
    data = read_file(path, LIMITS.html_file_bytes)
    if not data.strip():
        raise UnreadableFile(f"{path.name} 是空文件")
    source_format = SOURCE_FORMAT
    charset = None
    if path.suffix.lower() in (".mht", ".mhtml") or _looks_like_mime(data):
        data, charset = _mht_html(data, path.name)
        source_format = MHT_FORMAT
    text = decode(data, charset)
    return page_document(text, path.name, source_format)


def page_document(text: str, name: str, source_format: str = SOURCE_FORMAT) -> Document:
    root = _parse(text)
    body = root.find("body")
    builder = DocumentBuilder()
    _Walker(builder).walk(body if body is not None else root, 0, False)
    return builder.build(source_format, name, _properties(root))


# ---------------------------------------------------------------- bytes to text


def _looks_like_mime(data: bytes) -> bool:
    head = data[:2048].lower()
    return b"mime-version:" in head and b"content-type: multipart/" in head


def _mht_html(data: bytes, name: str) -> tuple[bytes, str | None]:
    """The page inside a MIME single-file web page: its first ``text/html`` part."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for n, part in enumerate(_parts(message)):
        if n > 2000:
            raise LimitExceeded("文件中的部件超过上限（2000 个）")
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload, part.get_content_charset()
    raise UnreadableFile(f"{name} 中没有网页内容（不是 MHT 单个文件网页）")


def _parts(message: Message) -> Iterator[Message]:
    stack = [message]
    while stack:
        part = stack.pop(0)
        if part.is_multipart():
            payload = part.get_payload()
            if isinstance(payload, list):
                stack = [p for p in payload if isinstance(p, Message)] + stack
        else:
            yield part


def decode(data: bytes, declared: str | None = None) -> str:
    """Web page bytes as text: BOM, then the declared charset, then UTF-8, then GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    candidates = []
    for name in (declared, _meta_charset(data)):
        if name:
            candidates.append(_codec(name))
    candidates += ["utf-8", "gb18030"]
    for codec in dict.fromkeys(candidates):
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("gb18030", errors="replace")


def _meta_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:8192])
    return m.group(1).decode("ascii", errors="ignore") if m else None


def _codec(name: str) -> str:
    name = name.strip().lower()
    if name in _GB:
        return "gb18030"  # a superset: pages labelled gb2312 use GBK characters all the time
    if name in ("utf8", "unicode-1-1-utf-8"):
        return "utf-8"
    return name


def _parse(text: str) -> etree._Element:
    data = _XML_DECLARATION.sub("", text, count=1).encode("utf-8")
    events = etree.iterparse(
        BytesIO(data),
        events=("start",),
        html=True,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        encoding="utf-8",
    )
    root = None
    for count, (_, element) in enumerate(events, 1):
        if root is None:
            root = element
        if count > LIMITS.xml_elements:
            raise LimitExceeded(f"网页中的元素超过上限（{LIMITS.xml_elements} 个）")
    if root is None:
        raise UnreadableFile("网页没有内容")
    while root.getparent() is not None:
        root = root.getparent()
    return root


def _properties(root: etree._Element) -> Properties:
    title = " ".join((root.findtext(".//head/title") or "").split())
    meta = {
        (m.get("name") or "").lower(): m.get("content") or "" for m in root.iterfind(".//head/meta") if m.get("name")
    }
    category = meta.get("ooxmlcorepropertycategory") or meta.get("category") or ""
    if not category.startswith(DOCX_MARK + ";"):
        return Properties(title=title)
    fields = dict(part.split("=", 1) for part in category.split(";")[1:] if "=" in part)
    year = fields.get("year", "")
    return Properties(
        title=title,
        agency=meta.get("author", "").strip(),
        year=int(year) if year.isdigit() and len(year) == 4 else None,
        edition=fields.get("edition", ""),
    )


# ---------------------------------------------------------------- the page


def _tag(el: etree._Element) -> str:
    tag = el.tag
    return tag if isinstance(tag, str) else ""  # lxml's HTML parser gives tag names in lower case


_FURNITURE = frozenset({"header", "footer", "nav"})


def _is_hidden(el: etree._Element) -> bool:
    """Not shown, or page furniture: the page header and footer LibreOffice and Word write (page numbers), a
    site's navigation."""
    if el.tag in _FURNITURE:
        return True
    attrib = el.attrib
    if not attrib:
        return False
    if "hidden" in attrib or (attrib.get("title") or "").lower() in ("header", "footer"):
        return True
    style = attrib.get("style")
    if not style:
        return False
    style = style.replace(" ", "").lower()
    return any(s in style for s in ("display:none", "visibility:hidden", "mso-element:footer", "mso-element:header"))


def _centred(el: etree._Element) -> bool:
    if (el.get("align") or "").lower() == "center" or _tag(el) == "center":
        return True
    return "text-align:center" in (el.get("style") or "").replace(" ", "").lower()


class _Walker:
    """Body content in reading order: text gathers into a paragraph until a block element ends it."""

    def __init__(self, builder: DocumentBuilder) -> None:
        self.builder = builder
        self.buffer: list[str] = []
        self.centred = False

    def walk(self, el: etree._Element, depth: int, centred: bool) -> None:
        if depth > 200:
            raise LimitExceeded("网页的元素嵌套超过上限（200 层）")
        tag = _tag(el)
        if tag in _SKIP or (tag and _is_hidden(el)):
            self._text(el.tail, centred)
            return
        if tag == "table":
            self.flush()
            self._table(el, depth)
            self._text(el.tail, centred)
            return
        block = tag in _BLOCKS
        here = centred or _centred(el) or tag in _HEADINGS
        if block:
            self.flush()
        if tag == "br":
            self.buffer.append(_BR)
        else:
            self._text(el.text, here)
            for child in el:
                self.walk(child, depth + 1, here)
        if block:
            self.flush()
        self._text(el.tail, centred)

    def _text(self, text: str | None, centred: bool) -> None:
        if text:
            if not "".join(self.buffer).strip():
                self.centred = centred
            self.buffer.append(text)

    def flush(self) -> None:
        text = _visible("".join(self.buffer))
        if text:
            self.builder.paragraph(text, self.centred)
        self.buffer = []
        self.centred = False

    def _table(self, table: etree._Element, depth: int) -> None:
        if depth > 200:
            raise LimitExceeded("网页的表格嵌套超过上限")
        rows = list(_rows(table))
        cells = [list(_cells(tr)) for tr in rows]
        if any(t is not table for t in table.iter("table")) or sum(map(len, cells)) <= 1:
            for row in cells:  # a table that lays out the page: its content, cell by cell
                for td in row:
                    self.walk(td, depth + 1, False)
                    self.flush()
            return
        self.builder.table(_grid(cells))


def _visible(text: str) -> str:
    """Text as a browser shows it: whitespace (line breaks of the source too) collapsed, ``<br>`` a line break,
    ``&nbsp;`` a space."""
    lines = [_WHITESPACE.sub(" ", line).replace("\xa0", " ").strip() for line in text.split(_BR)]
    return "\n".join(line for line in lines if line)


def _rows(table: etree._Element) -> Iterator[etree._Element]:
    """The table's own rows (in thead, tbody, tfoot or directly), not those of a table inside a cell."""
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            yield child
        elif tag in ("thead", "tbody", "tfoot"):
            yield from (r for r in child if _tag(r) == "tr")


def _cells(tr: etree._Element) -> Iterator[etree._Element]:
    return (c for c in tr if _tag(c) in ("td", "th") and not _is_hidden(c))


def _span(value: str | None, limit: int, what: str) -> int:
    raw = (value or "1").strip()
    digits = re.match(r"\d+", raw)
    if digits is None:
        return 1
    written = digits.group(0)
    n = int(written[:9]) if len(written) <= 9 else limit + 1
    if n > limit:
        raise LimitExceeded(f"网页中表格的{what}为 {written[:12]}，超过上限 {limit}")
    return max(n, 1)


def _grid(rows: list[list[etree._Element]]) -> Table:
    """Cells placed as browsers place them: each in the next column no cell from above still covers."""
    if len(rows) > LIMITS.table_rows:
        raise LimitExceeded(f"网页中的表格有 {len(rows)} 行，超过上限 {LIMITS.table_rows} 行")
    taken: dict[int, set[int]] = {}
    cells = []
    for r, row in enumerate(rows):
        col = 0
        busy = taken.get(r, set())
        for td in row:
            while col in busy:
                col += 1
            colspan = _span(td.get("colspan"), LIMITS.grid_cols, "合并列数")
            rowspan = min(_span(td.get("rowspan"), LIMITS.table_rows, "合并行数") or 1, len(rows) - r)
            if col + colspan > LIMITS.grid_cols:
                raise LimitExceeded(f"网页中的表格超过 {LIMITS.grid_cols} 列的上限")
            for dr in range(rowspan):
                taken.setdefault(r + dr, set()).update(range(col, col + colspan))
            cells.append(Cell(r, col, rowspan, colspan, _cell_text(td)))
            col += colspan
    return Table.from_cells(cells)


def _cell_text(td: etree._Element) -> str:
    parts: list[str] = []
    walker = etree.iterwalk(td, events=("start", "end"))
    for event, el in walker:
        tag = _tag(el)
        if event == "start":
            if tag in _SKIP or (tag and _is_hidden(el)):
                walker.skip_subtree()  # its end still comes, with its tail
                continue
            if el is not td and (tag == "br" or tag in _BLOCKS):
                parts.append(_BR)
            if tag != "br" and el.text:
                parts.append(el.text)
        elif el is not td:
            if tag in _BLOCKS:
                parts.append(_BR)
            if el.tail:
                parts.append(el.tail)
    return _visible("".join(parts))
