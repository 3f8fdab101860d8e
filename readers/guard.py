"""What every front end does around its work: a clear Chinese message for whatever goes wrong, never a traceback."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from lxml import etree

from readers.limits import LIMITS, LimitExceeded
from readers.result import UnreadableFile

T = TypeVar("T")


def guarded(name: str, work: Callable[[], T]) -> T:
    """``work()``, with every failure turned into :class:`UnreadableFile` naming the file."""
    try:
        return work()
    except UnreadableFile as e:
        message = str(e)
        raise type(e)(message if name in message else f"{name}：{message}") from None
    except MemoryError:
        raise LimitExceeded(f"{name}：文件内容超过可读取的上限") from None
    except RecursionError:
        raise LimitExceeded(f"{name}：文件结构嵌套过深，超过上限") from None
    except Exception as e:  # a strange file never shows a traceback
        raise UnreadableFile(f"{name} 的内容无法识别为年度报告（内部错误：{type(e).__name__}）") from None


def _parser() -> etree.XMLParser:
    """A parser per call: lxml's parsers must not be shared between threads."""
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True
    )


def parse_xml(data: bytes, what: str) -> etree._Element:
    """XML parsed without entities, DTDs or the network, refused when it has too many elements.

    Every element starts with ``<``: when there are few of those the part is parsed at once; otherwise it is
    counted element by element as it parses and refused as soon as the count passes the limit."""
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:65536]:
        raise UnreadableFile(f"文件中的“{what}”含有文档类型定义（DTD），不是正常的 Office 文档")
    if data.count(b"<") <= LIMITS.xml_elements:
        return etree.fromstring(data, _parser())
    events = etree.iterparse(
        _Bytes(data),
        events=("start",),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    root = None
    for count, (_, element) in enumerate(events, 1):
        if root is None:
            root = element
        if count > LIMITS.xml_elements:
            raise LimitExceeded(f"文件中的“{what}”元素超过上限（{LIMITS.xml_elements} 个）")
    if root is None:
        raise UnreadableFile(f"文件中的“{what}”是空的")
    return root


class _Bytes:
    """A file-like view of bytes for iterparse (io.BytesIO would copy them)."""

    def __init__(self, data: bytes) -> None:
        self._view = memoryview(data)
        self._at = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._view) if size < 0 else self._at + size
        chunk = self._view[self._at : end].tobytes()
        self._at += len(chunk)
        return chunk
