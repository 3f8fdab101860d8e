"""Checking a folder of 200 mixed report files (.json, .docx, and .pdf/.html where LibreOffice can make them),
in one process and in the pool of processes, beside reading the same files' bytes in the same run.

Run: .venv/bin/python bench/bench_batch.py
Target: 200 mixed files ≤ 40 s on two cores.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nianbao import exchange  # noqa: E402
from nianbao.samples import consistent_report  # noqa: E402
from workflows.batch import check_many, expand  # noqa: E402
from writers.docx_writer import export_docx  # noqa: E402

FILES = 200
TARGET_S = 40.0


def make_folder(folder: Path) -> dict[str, int]:
    """Reports of 50 agencies in each available format (LibreOffice converts our .docx to .pdf and .html)."""
    sources = folder / "源"
    sources.mkdir()
    docx_files = []
    for i in range(10):
        report = consistent_report("2021", 2023, rng=random.Random(i), agency=f"第{i}局")
        exchange.save(report, sources / f"{i}.json")
        docx_files.append(export_docx(report, sources / f"{i}.docx"))
    kinds = [".json", ".docx"]
    if shutil.which("soffice"):
        profile = Path(tempfile.mkdtemp())
        for target, kind in (("pdf", ".pdf"), ("html", ".html")):
            subprocess.run(
                ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                 "--convert-to", target, "--outdir", str(sources), *map(str, docx_files)],
                capture_output=True, timeout=600, check=False,
            )  # fmt: skip
            if any(sources.glob(f"*{kind}")):
                kinds.append(kind)
    made: dict[str, int] = {}
    for n in range(FILES):
        kind = kinds[n % len(kinds)]
        shutil.copy(sources / f"{n % 10}{kind}", folder / f"报告{n:03d}{kind}")
        made[kind] = made.get(kind, 0) + 1
    shutil.rmtree(sources)
    return made


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        made = make_folder(folder)
        paths = expand([folder])
        print(f"{len(paths)} files: " + "，".join(f"{k} {n}" for k, n in sorted(made.items())))
        baseline = timed(lambda: [Path(p).read_bytes() for p in paths])
        alone = timed(lambda: check_many(paths, workers=1))
        pooled = timed(lambda: check_many(paths, workers=os.cpu_count()))
        print(f"reading the files' bytes (baseline)   {baseline * 1000:8.1f} ms")
        print(f"check in one process                  {alone:8.2f} s   {alone / baseline:8.0f} × baseline")
        ok = pooled <= TARGET_S
        mark = "✓" if ok else "TARGET MISSED"
        print(
            f"check in the pool ({os.cpu_count()} processes)        {pooled:8.2f} s   {pooled / alone:8.2f} × one process  {mark}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
