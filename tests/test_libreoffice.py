"""LibreOffice as an independent reader: it converts our exports to PDF, and poppler finds every label and value.

Skipped with a reason when ``soffice`` is absent; with ``NIANBAO_REQUIRE_LIBREOFFICE=1`` (CI) that is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from fixtures.docx_support import COUNTY_2021, SEED, load
from lxml import etree

from nianbao.model import Report
from nianbao.numbers import format_value
from nianbao.text import paragraphs
from writers.docx_writer import export_docx

TOOLS = ("soffice", "pdftotext")


def _require_tools() -> None:
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if not missing:
        return
    reason = (
        f"{'、'.join(missing)} not installed (apt-get install libreoffice-writer-nogui poppler-utils fonts-noto-cjk)"
    )
    if os.environ.get("NIANBAO_REQUIRE_LIBREOFFICE") == "1":
        pytest.fail(f"NIANBAO_REQUIRE_LIBREOFFICE=1 but {reason}")
    pytest.skip(reason)


def to_pdf(docx_path: Path, tmp_path: Path) -> Path:
    """One soffice run with its own fresh profile (two runs sharing one fail silently)."""
    profile = tmp_path / "lo-profile"
    outdir = tmp_path / "pdf"
    result = subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(docx_path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = outdir / (docx_path.stem + ".pdf")
    assert pdf.exists(), f"soffice made no PDF (exit {result.returncode}): {result.stderr}"
    return pdf


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


def pdf_words(pdf: Path) -> list[Word]:
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True).stdout
    root = etree.fromstring(html, etree.HTMLParser(encoding="utf-8"))
    words = []
    for page_no, page in enumerate(root.iter("page")):
        for w in page.iter("word"):
            box = [float(w.get(k)) for k in ("xmin", "ymin", "xmax", "ymax")]
            words.append(Word(page_no, w.text or "", *box))
    return words


def _below(a: Word, b: Word) -> bool:
    """``b`` is the next line of the same table cell as ``a`` (wrapped text)."""
    height = a.y1 - a.y0
    return a.page == b.page and 0 <= b.y0 - a.y1 < 0.8 * height and min(a.x1, b.x1) - max(a.x0, b.x0) > 0


def _found(label: str, words: list[Word]) -> bool:
    """The label as one word, or wrapped over lines of one cell: a chain of words each directly below the last."""

    def extends(rest: str, last: Word) -> bool:
        if not rest:
            return True
        return any(_below(last, w) and rest.startswith(w.text) and extends(rest[len(w.text) :], w) for w in words)

    return any(
        label in w.text or (label.startswith(w.text) and extends(label[len(w.text) :], w)) for w in words if w.text
    )


@pytest.fixture(scope="module", params=[COUNTY_2021, SEED], ids=["2021", "2019"])
def rendered(request, tmp_path_factory) -> tuple[Report, list[Word], str]:
    """The report, the words LibreOffice rendered for it, and all its text without spaces (one soffice run each)."""
    _require_tools()
    report = load(request.param)
    folder = tmp_path_factory.mktemp("lo")
    pdf = to_pdf(export_docx(report, folder / "report.docx"), folder)
    words = pdf_words(pdf)
    return report, words, "".join(w.text for w in words)


def test_libreoffice_shows_every_label_and_value(rendered):
    report, words, _ = rendered
    labels = [b.text for t in report.spec.tables for b in t.blocks if not b.is_data]
    missing = [label for label in labels if not _found("".join(label.split()), words)]
    assert missing == []
    assert not _found("结果维持不存在", words)  # the matcher does not find what is not there
    values = Counter(format_value(v) for v in report.values.values())
    shown = Counter(w.text for w in words)
    assert {v: n for v, n in values.items() if shown[v] < n} == {}


def test_libreoffice_shows_title_headings_text_and_page_numbers(rendered):
    report, words, flat = rendered
    assert "".join(report.display_title.split()) in flat
    for section in report.spec.sections:
        assert section.heading in flat
    for text in [report.preamble, *report.texts.values()]:
        for line in paragraphs(text):
            assert "".join(line.split())[:30] in flat
    pages = max(w.page for w in words) + 1
    assert pages >= 3
    for n in range(1, pages + 1):
        assert f"—{n}—" in flat
