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


# ---------------------------------------------------------------- layers

# gui/cli → workflows → storage / readers / writers → nianbao (the core); the file formats and the storage
# never import each other, nor anything above them.
LAYERS = {
    "nianbao": {"nianbao"},
    "storage": {"nianbao", "storage"},
    "readers": {"nianbao", "readers"},
    "writers": {"nianbao", "writers"},
    "workflows": {"nianbao", "storage", "readers", "writers", "workflows"},
    "cli": {"nianbao", "storage", "readers", "writers", "workflows", "cli"},
    "gui": {"nianbao", "storage", "readers", "writers", "workflows", "gui"},
}
QT = {"PySide6", "shiboken6"}


def imports_of(path: Path, module_level_only: bool = False) -> set[str]:
    """Top-level package names a module imports (lazily inside functions too, unless ``module_level_only``)."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if module_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}  # `from gui import messages`
    return found


def test_packages_import_only_the_layers_below():
    offenders = []
    for package, allowed in LAYERS.items():
        for path in source_files(package):
            for name in imports_of(path):
                top = name.split(".")[0]
                if top in LAYERS and top not in allowed:
                    offenders.append(f"{path.relative_to(ROOT)} imports {name}")
                if top in QT and package not in ("gui",):
                    offenders.append(f"{path.relative_to(ROOT)} imports Qt ({name})")
    assert offenders == []


def test_no_import_cycle_between_modules():
    """Module-level imports form no cycle (the window and its dialogs once imported each other)."""
    import graphlib

    graph: dict[str, set[str]] = {}
    for package in LAYERS:
        for path in source_files(package):
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            graph[module] = {n for n in imports_of(path, module_level_only=True) if n.split(".")[0] in LAYERS}

    def edges_of(module: str, deps: set[str]) -> set[str]:
        known = {d for d in deps if d in graph and d != module}
        # `from cli import printing` names the module cli.printing, not the package cli
        return {d for d in known if not any(other.startswith(d + ".") for other in known)}

    edges = {m: edges_of(m, deps) for m, deps in graph.items()}
    assert "gui.window_state" in edges["gui.main_window"]  # the graph sees `from gui import window_state`
    graphlib.TopologicalSorter(edges).prepare()  # raises CycleError naming the cycle
