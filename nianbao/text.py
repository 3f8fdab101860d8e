"""Text as it comes from Word, WPS, web pages and Qt: made safe to store and to write into .docx."""

from __future__ import annotations

import re

# XML 1.0 forbids these; python-docx raises on them.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_LINE_BREAKS = re.compile("\r\n|\r|\u2028|\u2029|\x0b|\x0c")
# ``XX`` stands alone (``XX局``, ``20XX年``), never inside a Latin word (``xxgk``); addresses are removed first.
PLACEHOLDERS = re.compile(r"(?<![A-Za-z])XX(?![A-Za-z])|ＸＸ|××|待补充|TODO", re.IGNORECASE)
_ADDRESSES = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail
    r"|(?:https?://|www\.)[^\s，。；、（）《》“”]+"  # web address
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|cn|net|org|gov|edu)\b[^\s，。；、（）《》“”]*",  # bare domain
    re.IGNORECASE | re.ASCII,
)
_X_RUN = re.compile(r"(?<![A-Za-z])[Xx]{2,}(?![A-Za-z])")


def find_placeholders(text: str) -> list[str]:
    """Placeholders left in a text (``XX``, ``待补充``…), not counting letters of e-mail and web addresses."""
    text = _ADDRESSES.sub(" ", text)
    text = _X_RUN.sub(lambda m: m.group(0)[:2], text)  # XXXX-XXXXXXX is one placeholder per run
    return [m.group(0) for m in PLACEHOLDERS.finditer(text)]


def clean_text(text: str) -> str:
    """Paragraphs kept (one per line), control characters and lone surrogates dropped."""
    text = _LINE_BREAKS.sub("\n", text)
    return _FORBIDDEN.sub("", text)


def paragraphs(text: str) -> list[str]:
    """Non-empty paragraphs of a text section, trimmed."""
    return [p.strip() for p in clean_text(text).split("\n") if p.strip()]


_FORBIDDEN_IN_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_RESERVED_NAMES = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def safe_filename(name: str) -> str:
    """``name`` usable as a file name on Windows: forbidden characters and line breaks
    dropped, no trailing dots or spaces, no reserved device name."""
    name = _FORBIDDEN_IN_NAMES.sub("", clean_text(name).replace("\n", "")).strip(" .")
    if name.split(".")[0].upper() in _RESERVED_NAMES:
        name = "_" + name
    return name or "报告"


def next_year_text(text: str, old: int, new: int) -> str:
    """``old`` moved on to ``new`` where it stands as a year (``2021年``, ``2021 年度``), and nowhere else:
    not in a document number (``国办公开办函〔2021〕30号``, ``〔2021年〕``), a phone number or a longer number."""
    return re.sub(rf"(?<![\d〔\[［]){old}(?=\s*年)(?![^〔〕\[\]［］]*[〕\]］])", str(new), text)
