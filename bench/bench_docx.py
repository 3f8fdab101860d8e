"""Word export and import timings, beside python-docx opening and saving an empty document in the same run.

Run: .venv/bin/python bench/bench_docx.py
Targets: export of a full report ≤ 0.3 s; import ≤ 0.3 s; 100 .docx reports checked ≤ 3 s.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402

from nianbao import exchange  # noqa: E402
from nianbao.checker import check  # noqa: E402
from readers import read_report  # noqa: E402
from readers.docx_reader import read_docx  # noqa: E402
from writers.docx_writer import export_docx  # noqa: E402

FULL_REPORT = ROOT / "tests" / "fixtures" / "qingshan_ziran_2021.json"


def seconds(fn, repeat: int = 15) -> float:
    """Median seconds per call."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def line(name: str, value: float, baseline: float, target: float | None = None) -> None:
    verdict = "" if target is None else ("  ✓" if value <= target else "  ✗ over target")
    print(f"{name:<40}{value * 1e3:9.1f} ms   {value / baseline:6.1f} × baseline{verdict}")


def main() -> None:
    report = exchange.load(FULL_REPORT)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        empty = folder / "empty.docx"
        docx.Document().save(str(empty))
        baseline = seconds(lambda: docx.Document(str(empty)).save(str(folder / "empty-copy.docx")))
        target = folder / "report.docx"
        export = seconds(lambda: export_docx(report, target))
        imported = seconds(lambda: read_docx(target).report)
        copies = []
        for i in range(100):
            copy = folder / f"r{i:03}.docx"
            copy.write_bytes(target.read_bytes())
            copies.append(copy)
        in_process = seconds(lambda: [check(read_report(p).report) for p in copies], repeat=3)
        start = time.perf_counter()
        cli = subprocess.run([sys.executable, "main.py", "check", *map(str, copies)], cwd=ROOT, capture_output=True)
        cli_seconds = time.perf_counter() - start
    assert cli.returncode == 0, cli.stderr.decode()
    print(f"python-docx open + save of an empty document (baseline): {baseline * 1e3:.1f} ms")
    line("export of a full 2021 report", export, baseline, 0.3)
    line("import of a full 2021 report", imported, baseline, 0.3)
    line("100 .docx reports imported and checked", in_process, baseline, 3.0)
    line("`main.py check` on 100 .docx (process)", cli_seconds, baseline, 3.0)


if __name__ == "__main__":
    main()
