"""Reading a 5-page report from .docx, .pdf and .html, beside opening the same file with its bare library in the
same run: python-docx (open, every cell's text), pdfplumber's own table extraction (every page), lxml (parse,
every cell's text).

Run: .venv/bin/python bench/bench_readers.py        (needs LibreOffice for the PDF and HTML of the report)
Targets: PDF ≤ 3 × pdfplumber's own table extraction and ≤ 0.5 s for 5 pages; HTML ≤ 50 ms.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402
import lxml.html  # noqa: E402
import pdfplumber  # noqa: E402

from nianbao import exchange  # noqa: E402
from readers import read_report  # noqa: E402
from writers.docx_writer import export_docx  # noqa: E402

FULL_REPORT = ROOT / "tests" / "fixtures" / "qingshan_ziran_2021.json"


def seconds(fn: Callable[[], object], repeat: int = 9) -> float:
    """Median seconds per call (one call first, to warm caches and imports)."""
    fn()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def five_pages(folder: Path) -> tuple[Path, Path, Path]:
    """The full report with its narrative a little longer, so that its PDF has five pages, in three formats."""
    report = exchange.load(FULL_REPORT)
    report.texts["一"] += "\n" + report.texts["一"]
    source = export_docx(report, folder / "report.docx")
    for target in ("pdf", "html"):
        subprocess.run(
            [
                "soffice",
                "--headless",
                "--norestore",
                f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                "--convert-to",
                target,
                "--outdir",
                str(folder),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return source, folder / "report.pdf", folder / "report.html"


def bare_docx(path: Path) -> None:
    for table in docx.Document(str(path)).tables:
        for row in table.rows:
            for cell in row.cells:
                _ = cell.text


def bare_pdf(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()


def bare_html(path: Path) -> None:
    for td in lxml.html.parse(str(path)).iter("td"):
        _ = td.text_content()


def line(name: str, ours: float, bare: float, target: str) -> None:
    print(f"{name:<8}{ours * 1e3:9.1f} ms   bare library {bare * 1e3:8.1f} ms   {ours / bare:5.2f} ×   {target}")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source, pdf, html = five_pages(Path(tmp))
        with pdfplumber.open(pdf) as opened:
            pages = len(opened.pages)
        results: dict[str, tuple[float, float]] = {}
        cases: list[tuple[str, Path, Callable[[Path], None]]] = [
            ("docx", source, bare_docx),
            ("pdf", pdf, bare_pdf),
            ("html", html, bare_html),
        ]
        for name, path, library in cases:
            result = read_report(path)
            assert len(result.report.values) == 200 and not result.deviations, name
            results[name] = (seconds(partial(read_report, path)), seconds(partial(library, path)))
    print(f"A full 2021 report: .docx, and LibreOffice's PDF ({pages} pages) and HTML of it")
    ours, bare = results["docx"]
    line("docx", ours, bare, "(python-docx: open, every cell's text)")
    ours, bare = results["pdf"]
    verdict = "✓" if ours <= 3 * bare and ours <= 0.5 * pages / 5 else "✗ over target"
    line("pdf", ours, bare, f"(pdfplumber extract_tables; target ≤ 3 × and ≤ 0.5 s for 5 pages) {verdict}")
    ours, bare = results["html"]
    line("html", ours, bare, f"(lxml: parse, every cell's text; target ≤ 50 ms) {'✓' if ours <= 0.05 else '✗'}")


if __name__ == "__main__":
    main()
