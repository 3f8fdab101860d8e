"""``python main.py [--data-dir 目录] list [--deleted] [--format text|json]``"""

from __future__ import annotations

import argparse
import json

from cli import printing
from cli.exit_codes import EXIT_OK
from cli.store_access import with_store
from nianbao.naming import numbered_report_name
from storage.store import Store


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "list", help="列出数据库中保存的报告", description="列出本机保存的全部报告（最近修改的在前）。"
    )
    p.add_argument("--deleted", action="store_true", help="同时列出回收站中的报告")
    p.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（默认 text）")
    p.set_defaults(run=with_store(run))


def run(store: Store, args: argparse.Namespace) -> int:
    reports = store.list_reports(include_deleted=args.deleted)
    if args.format == "json":
        rows = [
            {
                "id": s.id,
                "agency": s.agency,
                "year": s.year,
                "edition": s.edition,
                "title": s.title,
                "modified": s.modified.astimezone().isoformat(timespec="seconds"),
                "errors": s.errors,
                "warnings": s.warnings,
                "deleted": s.deleted,
            }
            for s in reports
        ]
        printing.say(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    printing.say(f"数据文件：{store.path}")
    if not reports:
        in_trash = 0 if args.deleted else len(store.list_reports(include_deleted=True))
        if in_trash:
            printing.say(f"没有报告；回收站中有 {in_trash} 份（python main.py list --deleted）。")
        else:
            printing.say("还没有保存的报告。" if not args.deleted else "没有报告（回收站也是空的）。")
        return EXIT_OK
    for s in reports:
        mark = "〔回收站〕" if s.deleted else ""
        printing.say(
            f"{mark}{numbered_report_name(s.id, s.agency, s.year)}（{s.edition}版格式）  "
            f"错误 {s.errors} 个，提示 {s.warnings} 个  修改于 {s.modified.astimezone():%Y-%m-%d %H:%M}  {s.title}"
        )
    deleted = sum(s.deleted for s in reports)
    printing.say(f"共 {len(reports)} 份报告" + (f"，其中 {deleted} 份在回收站" if deleted else "") + "。")
    return EXIT_OK
