"""How well T1 reads the narratives of real published reports (issue 12, part 4).

    python tools/measure_t1.py [--baseline REV]

For every corpus text whose table numbers are known (``../shared/corpus/README.md``: read by hand where
the crawl ran the cells together; the 人社厅 crawls and the 科技厅 2019/2020 texts have no tables and are
left out), the narrative (the text before 二、) is read with ``nianbao.narrative.claims`` and each claim is
compared with the table.  A claim that differs is a *real mismatch* when the notes say the narrative
contradicts its table (洪泽区 2024: 17件 against 95), else a *false alarm*.  The 洪泽区 PDFs are read with
poppler's ``pdftotext`` when it is installed.  ``--baseline REV`` prints the same figures for the
narrative patterns of a git revision (e.g. the one before this change) beside today's.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT))

# quantity id -> the table's number, from the corpus notes (表三 一/（七）/四 totals, 表四 totals)
TRUTH: dict[str, dict[str, int]] = {
    "hebei_gongxinting_2019.txt": {"new": 2, "result_total": 2},
    "hebei_gongxinting_2020.txt": {"new": 1, "result_total": 1},
    "hebei_gongxinting_2021.txt": {"new": 4, "result_total": 4, "review": 0, "litigation": 0},
    "hebei_gongxinting_2022.txt": {"new": 14, "result_total": 14, "review": 1, "litigation": 1},
    "hebei_gongxinting_2023.txt": {"new": 10, "result_total": 10, "review": 1, "litigation": 4},
    "hebei_jiaoyuting_2019.txt": {"new": 16, "result_total": 16, "carried_out": 0},
    "hebei_jiaoyuting_2021.txt": {"new": 37, "result_total": 37, "litigation": 8},
    "hebei_jiaoyuting_2022.txt": {"new": 44, "result_total": 44, "review": 4, "litigation": 3},
    "hebei_jiaoyuting_2023.txt": {"new": 19, "result_total": 19, "review": 7, "litigation": 7},
    "hebei_kejiting_2021.txt": {"new": 2, "result_total": 2, "review": 0, "litigation": 0},
    "hebei_kejiting_2022.txt": {"new": 11, "result_total": 11},
    "hebei_kejiting_2023.txt": {"new": 17, "result_total": 17, "review": 0, "litigation": 0},
    "huaian_hongzequ_2023.pdf": {"new": 21, "result_total": 21, "carried_out": 0, "review": 11, "litigation": 6},
    "huaian_hongzequ_2024.pdf": {"new": 95, "result_total": 95, "carried_out": 0, "review": 2, "litigation": 4},
}
# (file, quantity) where the notes say the published narrative contradicts its own table
KNOWN_MISMATCHES = {("huaian_hongzequ_2024.pdf", "new")}

Claims = Callable[[str], Mapping[str, object]]


def narrative_of(path: Path) -> str | None:
    if path.suffix == ".pdf":
        if shutil.which("pdftotext") is None:
            return None
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    else:
        text = path.read_text(encoding="utf-8")
    return text.split("二、主动公开")[0]


def measure(claims: Claims) -> dict[str, int]:
    figures = {"files": 0, "claims": 0, "agree": 0, "real": 0, "false": 0, "missed_real": 0}
    for name, truth in TRUTH.items():
        text = narrative_of(CORPUS / name)
        if text is None:
            continue
        figures["files"] += 1
        found = claims(text)
        for quantity, claimed in found.items():
            if quantity not in truth:
                continue
            figures["claims"] += 1
            if claimed == truth[quantity]:
                figures["agree"] += 1
            elif (name, quantity) in KNOWN_MISMATCHES:
                figures["real"] += 1
            else:
                figures["false"] += 1
                print(f"  误报 {name} {quantity}: 正文 {claimed}，表格 {truth[quantity]}")
        figures["missed_real"] += sum(1 for f, q in KNOWN_MISMATCHES if f == name and q not in found)
    return figures


def claims_at(revision: str) -> Claims:
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{revision}:nianbao/narrative.py"], capture_output=True, text=True, check=True
    ).stdout
    folder = Path(tempfile.mkdtemp())
    (folder / "narrative_baseline.py").write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("narrative_baseline", folder / "narrative_baseline.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["narrative_baseline"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    claims: Claims = module.claims
    return claims


def show(label: str, f: dict[str, int]) -> None:
    print(
        f"{label}: {f['files']} 份报告，读出 {f['claims']} 处数字，与表格一致 {f['agree']}，"
        f"查出真实不一致 {f['real']}（漏查 {f['missed_real']}），误报 {f['false']}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", help="git revision whose nianbao/narrative.py is measured as well")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"没有语料：{CORPUS}")
        return 1
    from nianbao.narrative import claims

    if args.baseline:
        show(f"之前（{args.baseline}）", measure(claims_at(args.baseline)))
    show("现在", measure(claims))
    return 0


if __name__ == "__main__":
    sys.exit(main())
