"""``python main.py backup PATH`` and ``python main.py recover BACKUP``"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from cli import printing
from cli.exit_codes import EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE
from cli.store_access import with_store
from storage.store import StorageError, Store


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "backup", help="把整个数据库备份到一个文件", description="把全部报告（含快照和回收站）备份为一个 SQLite 文件。"
    )
    p.add_argument("path", metavar="路径", help="备份文件，或一个文件夹（文件名自动生成）")
    p.set_defaults(run=with_store(run_backup))
    p = commands.add_parser(
        "recover",
        help="用备份文件恢复数据库",
        description="用备份文件（如 backups 文件夹中的每日备份）替换当前数据库；当前数据库先移到一旁，不会删除。",
    )
    p.add_argument("backup", metavar="备份文件")
    p.set_defaults(run=run_recover)


def run_backup(store: Store, args: argparse.Namespace) -> int:
    target = Path(args.path).expanduser()
    if target.is_dir():
        target = target / f"nianbao-备份-{datetime.now():%Y%m%d-%H%M%S}.sqlite3"
    live = store.path.resolve()
    if target.resolve() in (live, live.with_name(live.name + "-wal"), live.with_name(live.name + "-shm")):
        printing.error("备份文件不能是数据库本身或它的 -wal、-shm 文件，请换一个路径")
        return EXIT_ERRORS
    if not target.parent.is_dir():
        printing.error(f"文件夹不存在：{target.parent}")
        return EXIT_UNREADABLE
    store.backup(target)
    printing.say(f"已备份到 {target}（{len(store.list_reports(include_deleted=True))} 份报告）")
    return EXIT_OK


def run_recover(args: argparse.Namespace) -> int:
    try:
        with Store.recover(args.backup, args.data_dir) as store:
            n = len(store.list_reports(include_deleted=True))
            printing.say(
                f"已用 {args.backup} 恢复数据库 {store.path}（{n} 份报告）。原来的数据库文件已移到一旁，没有删除。"
            )
    except StorageError as e:
        printing.error(str(e))
        return EXIT_UNREADABLE
    return EXIT_OK
