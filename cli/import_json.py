"""``python main.py import-json FILE… [--replace|--keep-both]``: report files into the database."""

from __future__ import annotations

import argparse

from cli import printing
from cli.exit_codes import EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE
from cli.store_access import with_store
from nianbao.naming import numbered_report_name
from readers import SUFFIXES
from storage.store import Store
from workflows.errors import ReportExists, Unreadable, WorkflowError
from workflows.importing import OnConflict, import_file


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "import-json",
        help="把报告文件导入数据库",
        description="导入报告文件（JSON 交换文件，或年报助手能读取的其他格式）。"
        "同一单位同一年度已存在时，需指定 --replace 或 --keep-both。",
    )
    p.add_argument("files", nargs="+", metavar="文件", help=f"报告文件（{'、'.join(SUFFIXES)}）")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--replace", action="store_true", help="替换已有的同单位同年度报告（替换前自动保存快照）")
    how.add_argument("--keep-both", action="store_true", help="已有的报告保留不动，另存一份")
    p.set_defaults(run=with_store(run))


def run(store: Store, args: argparse.Namespace) -> int:
    on_conflict = OnConflict.REPLACE if args.replace else OnConflict.KEEP_BOTH if args.keep_both else OnConflict.ASK
    unreadable = refused = False
    for path in args.files:
        try:
            imported = import_file(store, path, on_conflict)
        except ReportExists as e:
            printing.error(
                f"{path}：{e}，未导入。"
                "要用导入的内容替换它，请加 --replace（替换前会自动保存快照）；要两份都保留，请加 --keep-both。"
            )
            refused = True
            continue
        except Unreadable as e:
            printing.error(f"无法读取 {path}：{e}")
            unreadable = True
            continue
        except WorkflowError as e:
            printing.error(f"无法导入 {path}：{e}")
            unreadable = True
            continue
        report = imported.report
        name = numbered_report_name(imported.report_id, report.agency, report.year)
        summary = next(s for s in store.list_reports(include_deleted=True) if s.id == imported.report_id)
        counts = f"：错误 {summary.errors} 个，提示 {summary.warnings} 个"
        if imported.replaced:
            printing.say(f"已替换 {name}（原内容已自动保存为快照）{counts}")
        else:
            printing.say(f"已导入 {name}{counts}")
        if imported.corrections:
            printing.say("  " + imported.corrections.replace("\n", "\n  "))
        if imported.deviations:
            printing.say(f"  文件与格式不符之处（{len(imported.deviations)} 处，已按格式读入或留空）：")
            printing.findings(imported.deviations)
    if unreadable:
        return EXIT_UNREADABLE
    return EXIT_ERRORS if refused else EXIT_OK
