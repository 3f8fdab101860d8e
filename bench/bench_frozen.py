"""The frozen build (dist/Nianbao) beside the source run, measured in the same run.

Run: .venv/bin/python bench/bench_frozen.py [--runs 7] [--drop-caches]
     (build first: README “Windows 安装包与独立运行版”)
Targets: start of each kind ≤ 1.2 × the source run (`.venv/bin/python main.py …`);
the folder ≤ 250 MB, zipped ≤ 100 MB.

Starts, each a fresh process, frozen and source taking turns: `--help`; `check` of a report (both print
the same bytes); the window, offscreen, from spawning to the database file created in an empty data
folder — the window is shown first and the store opened from its event loop (gui/app.py start()).
With --drop-caches (root only) the kernel's file cache is emptied before every start: a cold start as
after booting the clerk's PC.  Without it the files are cached, as at a second start.
"""

from __future__ import annotations

import argparse
import os
import stat
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist" / "Nianbao"
PROGRAM = DIST / ("Nianbao.exe" if sys.platform == "win32" else "Nianbao")
REPORT = ROOT / "tests" / "fixtures" / "qingshan_ziran_2021.json"
TARGET_RATIO = 1.2
TARGET_FOLDER_MB = 250
TARGET_ZIP_MB = 100


def folder_bytes(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def zipped_bytes(folder: Path) -> int:
    """Deflated as a clerk's IT would zip it; symbolic links kept as links (zip -y), not as copies."""
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "Nianbao.zip"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(folder.rglob("*")):
                name = str(path.relative_to(folder.parent))
                if path.is_symlink():
                    info = zipfile.ZipInfo(name)
                    info.create_system = 3
                    info.external_attr = (stat.S_IFLNK | 0o777) << 16
                    archive.writestr(info, os.readlink(path))
                elif path.is_file():
                    archive.write(path, name)
        return target.stat().st_size


def drop_caches() -> None:
    os.sync()
    Path("/proc/sys/vm/drop_caches").write_text("3\n")


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def timed_window(command: list[str], env: dict[str, str]) -> float:
    """Seconds until the window's store has created its database in an empty folder; then the process ends."""
    with tempfile.TemporaryDirectory() as data:
        database = Path(data) / "nianbao.sqlite3"
        started = time.perf_counter()
        child = subprocess.Popen(
            [*command, "--data-dir", data], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            while not database.exists():
                if child.poll() is not None:
                    raise SystemExit(f"{command[0]} ended (exit {child.returncode}) before opening its data")
                time.sleep(0.002)
            return time.perf_counter() - started
        finally:
            child.kill()
            child.wait()


def compare(runs: int, cold: bool) -> list[tuple[str, float, float]]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("NIANBAO_DATA_DIR", None)
    source = [sys.executable, str(ROOT / "main.py")]
    kinds: list[tuple[str, list[str], Callable[[list[str], dict[str, str]], float]]] = [
        ("--help", ["--help"], timed),
        ("check", ["check", str(REPORT), "--format", "json"], timed),
        ("window shown, data open", [], timed_window),
    ]
    results = []
    for label, args, measure in kinds:
        frozen_times: list[float] = []
        source_times: list[float] = []
        for _ in range(runs):
            for command, times in (([str(PROGRAM), *args], frozen_times), ([*source, *args], source_times)):
                if cold:
                    drop_caches()
                times.append(measure(command, env))
        results.append((label, statistics.median(frozen_times), statistics.median(source_times)))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--drop-caches", action="store_true", help="cold starts: empty the file cache (root)")
    args = parser.parse_args()
    if not PROGRAM.is_file():
        print(f"{PROGRAM} does not exist: build it first (README, 独立运行版)")
        return 1
    folder_mb = folder_bytes(DIST) / 1e6
    zip_mb = zipped_bytes(DIST) / 1e6
    print(f"folder dist/Nianbao: {folder_mb:6.1f} MB  (target ≤ {TARGET_FOLDER_MB} MB)")
    print(f"zipped:              {zip_mb:6.1f} MB  (target ≤ {TARGET_ZIP_MB} MB)")
    print(f"starts, median of {args.runs}, {'cold (file cache dropped)' if args.drop_caches else 'file cache warm'}:")
    print(f"  {'':26} {'frozen':>8} {'source':>8} {'ratio':>6}  (target ≤ {TARGET_RATIO})")
    for label, frozen, source in compare(args.runs, args.drop_caches):
        print(f"  {label:26} {frozen * 1000:6.0f}ms {source * 1000:6.0f}ms {frozen / source:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
