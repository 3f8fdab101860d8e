"""Checker and JSON timings, each beside a baseline measured in the same run.

Run: .venv/bin/python bench/bench_check.py
Targets: full check of a 2021 report ≤ 1 ms; one-cell re-check ≤ 0.1 ms; importing the core ≤ 50 ms.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nianbao import exchange  # noqa: E402
from nianbao.checker import LiveCheck, check  # noqa: E402
from nianbao.model import is_number  # noqa: E402
from nianbao.samples import consistent_report  # noqa: E402


def per_call(fn, repeat: int = 2000) -> float:
    """Median seconds per call over 7 batches."""
    batches = []
    for _ in range(7):
        start = time.perf_counter()
        for _ in range(repeat):
            fn()
        batches.append((time.perf_counter() - start) / repeat)
    return statistics.median(batches)


def process_ms(code: str) -> float:
    runs = []
    for _ in range(9):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        runs.append(time.perf_counter() - start)
    return min(runs) * 1000


def line(name: str, seconds: float, baseline: float, target: float | None = None) -> None:
    verdict = "" if target is None else ("  ✓" if seconds <= target else "  ✗ over target")
    print(f"{name:<34}{seconds * 1e3:9.3f} ms   {seconds / baseline:8.1f} × baseline{verdict}")


def main() -> None:
    report = consistent_report("2021", rng=random.Random(1))
    numbers = [v for v in report.values.values() if is_number(v)]
    baseline = per_call(lambda: sum(numbers))
    print(f"baseline: plain Python summing the {len(numbers)} numbers: {baseline * 1e6:.2f} µs\n")

    line("full check, 2021 report", per_call(lambda: check(report), 300), baseline, 1e-3)
    live = LiveCheck(report)
    keys = ["t3.withheld_3.legal", "t3.new.natural", "t4.review.pending", "t2.rules.issued"]
    state = {"i": 0}

    def edit_one_cell() -> None:
        key = keys[state["i"] % len(keys)]
        state["i"] += 1
        live.cells_changed(report.set_and_derive(key, state["i"] % 7))

    line("one-cell edit + re-check", per_call(edit_one_cell), baseline, 1e-4)

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.json"
        line("JSON save", per_call(lambda: exchange.save(report, path), 200), baseline)
        line("JSON load", per_call(lambda: exchange.load(path), 200), baseline)

    bare = process_ms("pass")
    core = process_ms("import nianbao.checker, nianbao.exchange")
    print(
        f"\nimport of the core: {core - bare:.1f} ms over a bare interpreter start ({bare:.1f} ms); "
        f"{core / bare:.1f} × bare start; target ≤ 50 ms"
    )


if __name__ == "__main__":
    main()
