"""Build the frozen program the README's way and prove it works like the source run (CI runs this).

    .venv/bin/python tools/check_frozen.py --build     # run the README's build command first
    .venv/bin/python tools/check_frozen.py             # check dist/Nianbao as it is

Each check runs dist/Nianbao/Nianbao and, where there is something to compare, ``python main.py`` on the
same input: `check` prints the same bytes (JSON and text, .json/.docx/.pdf inputs), `export` writes a .docx
that LibreOffice converts, `import` reads it back to the same JSON, every older database fixture opens and
migrates with its copy made first, the window starts offscreen (and on X11 under xvfb-run, when installed)
and stays up.  The folder holds every module of the app and of each dependency, Qt's Chinese and the icons,
and none of what it leaves out.  Linux only; exit 1 when any check fails.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DIST = ROOT / "dist" / "Nianbao"
FIXTURES = ROOT / "tests" / "fixtures"
REPORTS = [FIXTURES / "qingshan_ziran_2021.json", FIXTURES / "jiaojiang_minzheng_2020.json"]
APP_PACKAGES = ["nianbao", "gui", "cli", "storage", "readers", "writers", "workflows", "resources"]
LEFT_OUT_FILES = re.compile(r"Qt6(Qml|Quick|Network|Pdf|VirtualKeyboard|Designer)|QtNetwork\.abi3|qgtk3|qeglfs|qvnc")
LEFT_OUT_MODULES = ("pip", "setuptools", "pkg_resources", "pytest", "_pytest", "hypothesis", "mypy", "PyInstaller")
GUI_UP_SECONDS = 3.0


class Failed(Exception):
    pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true", help="run the README's build command first")
    args = parser.parse_args()
    if args.build:
        build()
    program = DIST / ("Nianbao.exe" if sys.platform == "win32" else "Nianbao")
    if not program.is_file():
        print(f"FAIL: {program} does not exist (run with --build)")
        return 1
    failures = 0
    with tempfile.TemporaryDirectory(prefix="nianbao-frozen-") as tmp:
        work = Path(tmp)
        os.environ["NIANBAO_DATA_DIR"] = str(work / "default-data")  # never the clerk's own data
        for name, check in CHECKS:
            started = time.perf_counter()
            try:
                detail = check(program, work / name)
            except (Failed, AssertionError, subprocess.SubprocessError, OSError) as e:
                failures += 1
                print(f"FAIL  {name}: {e}")
            else:
                print(f"ok    {name} ({time.perf_counter() - started:.1f} s){': ' + detail if detail else ''}")
    print(f"{len(CHECKS) - failures} of {len(CHECKS)} checks of the frozen program passed")
    return 1 if failures else 0


def build() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- build-command -->\n```\n(.+)\n```\n<!-- /build-command -->", readme)
    if block is None:
        raise SystemExit("README.md has no build command between <!-- build-command --> markers")
    print(f"+ {block.group(1)}", flush=True)
    started = time.perf_counter()
    subprocess.run(["bash", "-c", block.group(1)], cwd=ROOT, check=True)
    print(f"built in {time.perf_counter() - started:.0f} s", flush=True)


# ------------------------------------------------------------------ running both programs


def run(
    command: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 120
) -> tuple[int, bytes, bytes]:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, timeout=timeout)
    return result.returncode, result.stdout, result.stderr


def source(*args: str) -> list[str]:
    return [sys.executable, str(ROOT / "main.py"), *args]


def both(program: Path, cwd: Path, *args: str) -> tuple[int, bytes, bytes]:
    """Run the frozen program and the source on the same arguments; they must agree byte for byte."""
    frozen = run([str(program), *args], cwd)
    expected = run(source(*args), cwd)
    if frozen != expected:
        raise Failed(f"{' '.join(args)}: frozen {summary(frozen)} ≠ source {summary(expected)}")
    return frozen


def summary(result: tuple[int, bytes, bytes]) -> str:
    code, out, err = result
    return f"exit {code}, stdout {out[:300].decode(errors='replace')!r}, stderr {err[-300:].decode(errors='replace')!r}"


# ------------------------------------------------------------------ the checks


def check_contents(program: Path, work: Path) -> str:
    internal = DIST / "_internal"
    qt = internal / "PySide6" / "Qt"
    if not (qt / "translations" / "qtbase_zh_CN.qm").is_file():
        raise Failed("qtbase_zh_CN.qm is missing")
    import resources

    for name in resources.ICONS:
        if not (internal / "resources" / "icons" / f"{name}.svg").is_file():
            raise Failed(f"icon {name}.svg is missing")
    for size in resources.APP_ICON_SIZES:
        if not (internal / "resources" / "png" / f"nianbao-{size}.png").is_file():
            raise Failed(f"app icon {size} px is missing")
    for plugin in ("platforms/libqxcb.so", "platforms/libqoffscreen.so", "iconengines/libqsvgicon.so"):
        if not (qt / "plugins" / plugin).is_file():
            raise Failed(f"Qt plug-in {plugin} is missing")
    unwanted = [str(p.relative_to(DIST)) for p in DIST.rglob("*") if LEFT_OUT_FILES.search(p.name)]
    if unwanted:
        raise Failed(f"left-out Qt parts are in the folder: {unwanted[:5]}")
    modules = bundled_modules(program)
    missing = [m for m in app_modules() if m not in modules]
    missing += [f"{m} (dependency)" for m in dependency_modules() if m not in modules]
    if missing:
        raise Failed(f"modules missing from the build: {missing}")
    present = [m for m in LEFT_OUT_MODULES if m in modules]
    if present:
        raise Failed(f"modules that should be left out are bundled: {present}")
    translations = len(list((qt / "translations").iterdir()))
    return f"{len(modules)} modules, the app's and every dependency's; {translations} Qt translation"


def bundled_modules(program: Path) -> set[str]:
    from PyInstaller.archive.readers import CArchiveReader

    archive = CArchiveReader(str(program)).open_embedded_archive("PYZ.pyz")
    return set(archive.toc)


def app_modules() -> list[str]:
    """Every module of the app's packages, as the spec lists them."""
    found = []
    for package in APP_PACKAGES:
        if (ROOT / package / "__init__.py").is_file():
            for file in sorted((ROOT / package).rglob("*.py")):
                parts = file.relative_to(ROOT).with_suffix("").parts
                found.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


def dependency_modules() -> list[str]:
    """The top-level module of each dependency in pyproject.toml (as installed: the build installs it)."""
    requirements = importlib.metadata.requires("nianbao") or []
    names = [re.split(r"[\s<>=!~;\[]", r, maxsplit=1)[0] for r in requirements if "extra ==" not in r]
    by_distribution: dict[str, list[str]] = {}
    for module, distributions in importlib.metadata.packages_distributions().items():
        for distribution in distributions:
            by_distribution.setdefault(normalized(distribution), []).append(module)
    modules = []
    for name in names:
        candidates = [m for m in by_distribution.get(normalized(name), []) if not m.startswith("_")]
        if not candidates:
            raise Failed(f"dependency {name} is not installed in {sys.prefix}")
        modules.append(min(candidates, key=len))
    return modules


def normalized(distribution: str) -> str:
    return re.sub(r"[-_.]+", "-", distribution).lower()


def check_help(program: Path, work: Path) -> str:
    frozen = run([str(program), "--help"], ROOT)
    expected = run(source("--help"), ROOT)
    if frozen[0] != 0 or frozen[1] != expected[1].replace(b"python main.py", b"Nianbao"):
        raise Failed(f"--help: frozen {summary(frozen)} ≠ source {summary(expected)}")
    return frozen[1].decode().splitlines()[0]


def check_reports(program: Path, work: Path) -> str:
    """check (JSON and text) of good, broken, exported .docx and LibreOffice's .pdf; export; import."""
    work.mkdir(parents=True)
    inputs = [str(shutil.copy(p, work / p.name)) for p in REPORTS]
    broken = json.loads(REPORTS[0].read_text(encoding="utf-8"))
    broken["values"]["t3.new.natural"] = broken["values"].get("t3.new.natural", 0) + 7  # R3.1, R3.2 …
    del broken["values"]["t2.normative.issued"]  # F2: a blank cell
    (work / "broken.json").write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    inputs.append(str(work / "broken.json"))

    code, _, err = run([str(program), "export", inputs[0], "-o", "frozen.docx"], work)
    if code != 0 or not (work / "frozen.docx").is_file():
        raise Failed(f"export: exit {code}, {err.decode(errors='replace')}")
    pdf = to_pdf(work / "frozen.docx", work)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for needle in ("青山县自然资源和规划局", "政府信息公开工作年度报告", "本年新收政府信息公开申请数量"):
        if needle not in re.sub(r"\s+", "", text):
            raise Failed(f"LibreOffice's PDF of the frozen export lacks {needle!r}")

    names = [Path(p).name for p in inputs] + ["frozen.docx", pdf.name]
    shutil.copy(pdf, work / pdf.name)
    code, out, _ = both(program, work, "check", *names, "--format", "json")
    both(program, work, "check", *names)
    both(program, work, "check", "broken.json", "--previous", Path(inputs[1]).name, "--format", "json")
    findings = json.loads(out)
    if not any(f["file"] == "broken.json" and f["severity"] == "error" for f in findings):
        raise Failed("check found no error in broken.json: the comparison proves nothing")

    for name, runner in (("frozen", [str(program)]), ("source", source())):
        result = run([*runner, "import", "frozen.docx", "-o", f"imported-{name}.json"], work)
        if result[0] != 0:
            raise Failed(f"import by the {name} program: {summary(result)}")
    if (work / "imported-frozen.json").read_bytes() != (work / "imported-source.json").read_bytes():
        raise Failed("import of the exported .docx: the frozen and the source program wrote different JSON")
    return f"exit {code}, {len(findings)} findings alike; export converted by LibreOffice; import alike"


def to_pdf(docx: Path, work: Path) -> Path:
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        raise Failed("soffice or pdftotext is not installed (apt-get install libreoffice-writer-nogui poppler-utils)")
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(work / 'lo-profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work / "pdf"),
            str(docx),
        ],
        capture_output=True,
        timeout=180,
    )
    pdf = work / "pdf" / (docx.stem + ".pdf")
    if not pdf.is_file():
        raise Failed("LibreOffice did not convert the frozen program's .docx")
    return pdf


def check_migrations(program: Path, work: Path) -> str:
    """Each older schema fixture: the frozen program migrates it (copy first) and lists what the source lists."""
    from storage import schema

    fixtures = sorted(FIXTURES.glob("storage_v*.sqlite3"))
    for fixture in fixtures:
        version = int(re.search(r"v(\d+)", fixture.name).group(1))  # type: ignore[union-attr]
        outputs = []
        for name, runner in (("frozen", [str(program)]), ("source", source())):
            data = work / fixture.stem / name
            data.mkdir(parents=True)
            shutil.copy(fixture, data / "nianbao.sqlite3")
            result = run([*runner, "--data-dir", str(data), "list", "--deleted", "--format", "json"], work)
            if result[0] != 0:
                raise Failed(f"{fixture.name} by the {name} program: {summary(result)}")
            outputs.append(result[1])
            copies = list(data.glob(f"nianbao.sqlite3.bak-*-v{version}"))
            if version < schema.SCHEMA_VERSION and len(copies) != 1:
                raise Failed(f"{fixture.name}: no copy before the migration by the {name} program")
            with sqlite3.connect(data / "nianbao.sqlite3") as db:
                if db.execute("PRAGMA user_version").fetchone()[0] != schema.SCHEMA_VERSION:
                    raise Failed(f"{fixture.name}: not migrated to version {schema.SCHEMA_VERSION}")
            db.close()
        if outputs[0] != outputs[1] or not json.loads(outputs[0]):
            raise Failed(f"{fixture.name}: frozen and source list differ or are empty")
    return f"{', '.join(f.stem for f in fixtures)} → v{schema.SCHEMA_VERSION}"


def check_window_offscreen(program: Path, work: Path) -> str:
    return window_stays_up([str(program)], work, {"QT_QPA_PLATFORM": "offscreen"})


def check_window_on_x11(program: Path, work: Path) -> str:
    if shutil.which("xvfb-run") is None:
        return "skipped: xvfb-run is not installed"
    return window_stays_up(["xvfb-run", "-a", str(program)], work, {"QT_QPA_PLATFORM": "xcb"})


def window_stays_up(command: list[str], work: Path, extra_env: dict[str, str]) -> str:
    """Start the window on an older database; it opens (and migrates) the data and is still running later."""
    data = work / "data"
    data.mkdir(parents=True)
    shutil.copy(FIXTURES / "storage_v1.sqlite3", data / "nianbao.sqlite3")
    env = {**os.environ, **extra_env}
    env.pop("WAYLAND_DISPLAY", None)
    started = time.perf_counter()
    child = subprocess.Popen(
        [*command, "--data-dir", str(data)], env=env, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        opened = wait_for(lambda: any(data.glob("nianbao.sqlite3.bak-*")) or child.poll() is not None, 60)
        if child.poll() is not None or not opened:
            raise Failed(f"the window did not open the data (exit {child.poll()})")
        ready = time.perf_counter() - started
        time.sleep(GUI_UP_SECONDS)
        if child.poll() is not None:
            raise Failed(f"the window quit by itself (exit {child.returncode})")
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGTERM)
        _, err = child.communicate(timeout=30)
    if b"Traceback" in err or b"Could not load" in err:
        raise Failed(err.decode(errors="replace")[-600:])
    return f"data open after {ready:.1f} s, still up {GUI_UP_SECONDS:.0f} s later"


def wait_for(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


CHECKS: list[tuple[str, Callable[[Path, Path], str]]] = [
    ("contents", check_contents),
    ("help", check_help),
    ("reports", check_reports),
    ("migrations", check_migrations),
    ("window-offscreen", check_window_offscreen),
    ("window-x11", check_window_on_x11),
]


if __name__ == "__main__":
    sys.exit(main())
