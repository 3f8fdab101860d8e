"""``python main.py delete ID…``, ``restore ID…`` and ``empty-trash [--yes]``: the trash."""

from __future__ import annotations

import argparse
import sys

from cli import printing
from cli.exit_codes import EXIT_ERRORS, EXIT_OK
from cli.store_access import with_store
from nianbao.naming import numbered_report_name, report_name
from storage.store import Store
from workflows import reports


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "delete", help="把报告移到回收站", description="把报告移到回收站；可以用 restore 命令恢复。"
    )
    p.add_argument("ids", nargs="+", type=int, metavar="编号", help="报告编号（见 list 命令）")
    p.set_defaults(run=with_store(run_delete))
    p = commands.add_parser(
        "restore", help="从回收站恢复报告", description="把回收站中的报告恢复（编号见 list --deleted）。"
    )
    p.add_argument("ids", nargs="+", type=int, metavar="编号", help="报告编号（见 list 命令）")
    p.set_defaults(run=with_store(run_restore))
    p = commands.add_parser(
        "empty-trash",
        help="清空回收站（彻底删除，不能恢复）",
        description="彻底删除回收站中的全部报告及其快照，不能恢复。先列出将删除的报告，需加 --yes 确认。",
    )
    p.add_argument("--yes", action="store_true", help="确认彻底删除")
    p.set_defaults(run=with_store(run_empty))


def run_delete(store: Store, args: argparse.Namespace) -> int:
    for s in reports.move_to_trash(store, args.ids):
        printing.say(
            f"已移到回收站：{numbered_report_name(s.id, s.agency, s.year)}（恢复：python main.py restore {s.id}）"
        )
    return EXIT_OK


def run_restore(store: Store, args: argparse.Namespace) -> int:
    for s in reports.restore_from_trash(store, args.ids):
        printing.say(f"已恢复：{numbered_report_name(s.id, s.agency, s.year)}")
    return EXIT_OK


def run_empty(store: Store, args: argparse.Namespace) -> int:
    in_trash = reports.trash(store)
    if not in_trash:
        printing.say("回收站是空的。")
        return EXIT_OK
    names = "、".join(report_name(s.agency, s.year) for s in in_trash)
    if not args.yes:
        printing.error(f"回收站中有 {len(in_trash)} 份报告：{names}。彻底删除后不能恢复；确认请加 --yes。")
        return EXIT_ERRORS
    removed = reports.empty_trash(store)
    print(f"已彻底删除回收站中的 {len(removed)} 份报告。", file=sys.stdout)
    return EXIT_OK
