"""``python main.py export-json [ID…|--all] -o PATH``: stored reports as JSON exchange files."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli import printing
from cli.exit_codes import EXIT_OK, EXIT_UNREADABLE
from cli.store_access import with_store
from nianbao.file_writing import os_error_reason
from nianbao.naming import json_filename, numbered_report_name
from storage.store import ReportSummary, Store
from workflows.errors import WorkflowError
from workflows.exporting import export_json


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "export-json",
        help="把保存的报告导出为 JSON 交换文件",
        description="导出一份或多份报告为 JSON 交换文件，便于换电脑或发给他人。每次导出都会自动保存一个快照。",
    )
    p.add_argument("ids", nargs="*", type=int, metavar="编号", help="报告编号（见 list 命令）")
    p.add_argument("--all", action="store_true", help="导出全部报告（不含回收站）")
    p.add_argument("-o", "--output", required=True, metavar="路径", help="一份报告可写成 .json 文件；多份时为文件夹")
    p.set_defaults(run=with_store(run))


def run(store: Store, args: argparse.Namespace) -> int:
    if args.all == bool(args.ids):
        printing.error("请指定要导出的报告编号，或用 --all 导出全部（二者选一）")
        return EXIT_UNREADABLE
    known = {s.id: s for s in store.list_reports(include_deleted=True)}
    ids = [s.id for s in store.list_reports()] if args.all else args.ids
    missing = [i for i in ids if i not in known]
    if missing:
        printing.error(f"找不到编号为 {'、'.join(map(str, missing))} 的报告（用 list 命令查看编号）")
        return EXIT_UNREADABLE
    if not ids:
        printing.say("没有可导出的报告。")
        return EXIT_OK
    targets = _targets(Path(args.output).expanduser(), [known[i] for i in ids])
    if targets is None:
        return EXIT_UNREADABLE
    failed = False
    for summary, target in targets:
        name = numbered_report_name(summary.id, summary.agency, summary.year)
        try:
            export_json(store, summary.id, target)
        except WorkflowError as e:
            printing.error(f"{e}。{name}未导出。")
            failed = True
            continue
        printing.say(f"已导出 {name} → {target}")
    return EXIT_UNREADABLE if failed else EXIT_OK


def _targets(output: Path, reports: list[ReportSummary]) -> list[tuple[ReportSummary, Path]] | None:
    """One file for one report, else a folder with a file per report (two of one agency and year numbered)."""
    if output.suffix.lower() == ".json":
        if len(reports) > 1:
            printing.error("导出多份报告时，-o 应为文件夹")
            return None
        if not output.parent.is_dir():
            printing.error(f"文件夹不存在：{output.parent}")
            return None
        return [(reports[0], output)]
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        printing.error(f"无法创建文件夹 {output}：{os_error_reason(e)}")
        return None
    used: set[str] = set()
    targets = []
    for s in reports:
        name = json_filename(s.agency, s.year)
        if name in used:
            name = f"{name.removesuffix('.json')}-{s.id}.json"
        used.add(name)
        targets.append((s, output / name))
    return targets
