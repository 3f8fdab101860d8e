"""The design rules, checked: a UI-free core, labels declared once, a self-contained project."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from nianbao.editions import EDITIONS

ROOT = Path(__file__).resolve().parent.parent
APP_DIRS = ("gui", "storage", "readers", "writers", "cli")


def source_files(*dirs: str) -> list[Path]:
    return [p for d in dirs for p in (ROOT / d).rglob("*.py")] + ([ROOT / "main.py"] if not dirs else [])


def test_core_imports_no_qt_docx_or_storage():
    code = (
        "import sys, pkgutil, importlib, nianbao\n"
        "for m in pkgutil.iter_modules(nianbao.__path__): importlib.import_module('nianbao.' + m.name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'docx', 'sqlite3', 'sqlite_utils', 'gui', 'storage', 'readers', 'writers', 'cli')]\n"
        "print(','.join(bad))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == ""


def official_labels() -> set[str]:
    """Every label of both editions long enough to be unmistakable, and the section headings."""
    labels = set()
    for edition in EDITIONS.values():
        labels |= {b.text for t in edition.tables for b in t.blocks if len(b.text) >= 5}
        labels |= {s.heading for s in edition.sections}
    return labels


def test_official_labels_are_written_only_in_the_edition_spec():
    labels = official_labels()
    offenders = []
    core = [p for p in source_files("nianbao") if p.name not in ("editions.py", "spec.py")]
    for path in source_files(*APP_DIRS) + core + [ROOT / "main.py"]:
        text = path.read_text(encoding="utf-8")
        for literal in re.findall(r"\"([^\"\n]*)\"|'([^'\n]*)'", text):
            value = literal[0] or literal[1]
            offenders += [f"{path.relative_to(ROOT)}: {label}" for label in labels if label in value]
    assert offenders == []


def test_nothing_reads_the_shared_folder():
    """The facts of ../shared are written into the project; no code path points there."""
    literal = re.compile(r"(?<![\"'])[\"'][^\"'\n]*(\.\./shared|\bshared/)")
    for path in source_files(*APP_DIRS, "nianbao", "tests", "bench") + [ROOT / "main.py"]:
        if path.name != "test_architecture.py":
            assert not literal.search(path.read_text(encoding="utf-8")), path


def test_readme_gives_the_test_command_that_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- test-command -->\n```\n(.+)\n```\n<!-- /test-command -->", readme)
    assert block, "README.md must hold the test command between <!-- test-command --> markers"
    assert "pytest" in block.group(1) and "pip install" in block.group(1)
    assert "test-command" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
