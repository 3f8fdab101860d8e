"""Commands on the local database of reports:

``python main.py [--data-dir 目录] list [--deleted] [--format text|json]``
``python main.py backup PATH``
``python main.py export-json [ID…|--all] -o PATH``
``python main.py import-json FILE… [--replace|--keep-both]``
``python main.py recover BACKUP``

The database is found by ``--data-dir`` > ``$NIANBAO_DATA_DIR`` > the per-user data dir.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from cli.exit_codes import EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE
from cli.outputs import write_failure
from nianbao import exchange
from nianbao.model import Report
from nianbao.text import safe_filename
from storage.store import CorruptDatabaseError, ReportExistsError, ReportSummary, StorageError, Store


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "list", help="列出数据库中保存的报告", description="列出本机保存的全部报告（最近修改的在前）。"
    )
    p.add_argument("--deleted", action="store_true", help="同时列出回收站中的报告")
    p.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（默认 text）")
    p.set_defaults(run=_with_store(run_list))

    p = commands.add_parser(
        "backup", help="把整个数据库备份到一个文件", description="把全部报告（含快照和回收站）备份为一个 SQLite 文件。"
    )
    p.add_argument("path", metavar="路径", help="备份文件，或一个文件夹（文件名自动生成）")
    p.set_defaults(run=_with_store(run_backup))

    p = commands.add_parser(
        "export-json",
        help="把保存的报告导出为 JSON 交换文件",
        description="导出一份或多份报告为 JSON 交换文件，便于换电脑或发给他人。每次导出都会自动保存一个快照。",
    )
    p.add_argument("ids", nargs="*", type=int, metavar="编号", help="报告编号（见 list 命令）")
    p.add_argument("--all", action="store_true", help="导出全部报告（不含回收站）")
    p.add_argument("-o", "--output", required=True, metavar="路径", help="一份报告可写成 .json 文件；多份时为文件夹")
    p.set_defaults(run=_with_store(run_export))

    p = commands.add_parser(
        "import-json",
        help="导入 JSON 交换文件到数据库",
        description="导入报告。同一单位同一年度已存在时，需指定 --replace 或 --keep-both。",
    )
    p.add_argument("files", nargs="+", metavar="文件", help="JSON 交换文件")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--replace", action="store_true", help="替换已有的同单位同年度报告（替换前自动保存快照）")
    how.add_argument("--keep-both", action="store_true", help="已有的报告保留不动，另存一份")
    p.set_defaults(run=_with_store(run_import))

    for name, help_text, description, run in (
        ("delete", "把报告移到回收站", "把报告移到回收站；可以用 restore 命令恢复。", run_delete),
        ("restore", "从回收站恢复报告", "把回收站中的报告恢复（编号见 list --deleted）。", run_restore),
    ):
        p = commands.add_parser(name, help=help_text, description=description)
        p.add_argument("ids", nargs="+", type=int, metavar="编号", help="报告编号（见 list 命令）")
        p.set_defaults(run=_with_store(run))

    p = commands.add_parser(
        "recover",
        help="用备份文件恢复数据库",
        description="用备份文件（如 backups 文件夹中的每日备份）替换当前数据库；当前数据库先移到一旁，不会删除。",
    )
    p.add_argument("backup", metavar="备份文件")
    p.set_defaults(run=run_recover)


def _error(message: str) -> None:
    print(message, file=sys.stderr)


def _with_store(command: Callable[[Store, argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        try:
            store = Store.open(args.data_dir)
        except CorruptDatabaseError as e:
            _error(str(e))
            if e.last_good:
                _error(f'恢复命令：python main.py recover "{e.last_good}"')
            return EXIT_UNREADABLE
        except StorageError as e:
            _error(str(e))
            return EXIT_UNREADABLE
        try:
            return command(store, args)
        except StorageError as e:  # the database could not be read or written (locked, disk full …)
            _error(str(e))
            return EXIT_UNREADABLE
        finally:
            store.close()

    return run


def _describe(s: ReportSummary | Report, report_id: int | None = None) -> str:
    number = f"[{report_id if report_id is not None else s.id}] "
    return f"{number}{s.agency} {s.year}年度"


# ---------------------------------------------------------------- list


def run_list(store: Store, args: argparse.Namespace) -> int:
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
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"数据文件：{store.path}")
    if not reports:
        in_trash = 0 if args.deleted else len(store.list_reports(include_deleted=True))
        if in_trash:
            print(f"没有报告；回收站中有 {in_trash} 份（python main.py list --deleted）。")
        else:
            print("还没有保存的报告。" if not args.deleted else "没有报告（回收站也是空的）。")
        return EXIT_OK
    for s in reports:
        mark = "〔回收站〕" if s.deleted else ""
        print(
            f"{mark}{_describe(s)}（{s.edition}版格式）  错误 {s.errors} 个，提示 {s.warnings} 个  "
            f"修改于 {s.modified.astimezone():%Y-%m-%d %H:%M}  {s.title}"
        )
    deleted = sum(s.deleted for s in reports)
    print(f"共 {len(reports)} 份报告" + (f"，其中 {deleted} 份在回收站" if deleted else "") + "。")
    return EXIT_OK


# ---------------------------------------------------------------- trash


def run_delete(store: Store, args: argparse.Namespace) -> int:
    return _move(store, args.ids, to_trash=True)


def run_restore(store: Store, args: argparse.Namespace) -> int:
    return _move(store, args.ids, to_trash=False)


def _move(store: Store, ids: list[int], to_trash: bool) -> int:
    known = {s.id: s for s in store.list_reports(include_deleted=True)}
    missing = [i for i in ids if i not in known]
    if missing:
        _error(f"没有编号为 {'、'.join(map(str, missing))} 的报告（见 list --deleted），未作改动。")
        return EXIT_UNREADABLE
    for report_id in ids:
        if to_trash:
            store.delete(report_id)
            print(f"已移到回收站：{_describe(known[report_id])}（恢复：python main.py restore {report_id}）")
        else:
            store.restore(report_id)
            print(f"已恢复：{_describe(known[report_id])}")
    return EXIT_OK


# ---------------------------------------------------------------- backup


def run_backup(store: Store, args: argparse.Namespace) -> int:
    target = Path(args.path).expanduser()
    if target.is_dir():
        target = target / f"nianbao-备份-{datetime.now():%Y%m%d-%H%M%S}.sqlite3"
    if target.resolve() == store.path.resolve():
        _error("备份文件不能是数据库本身，请换一个路径")
        return EXIT_ERRORS
    if not target.parent.is_dir():
        _error(f"文件夹不存在：{target.parent}")
        return EXIT_UNREADABLE
    store.backup(target)
    print(f"已备份到 {target}（{len(store.list_reports(include_deleted=True))} 份报告）")
    return EXIT_OK


# ---------------------------------------------------------------- export


def run_export(store: Store, args: argparse.Namespace) -> int:
    if args.all == bool(args.ids):
        _error("请指定要导出的报告编号，或用 --all 导出全部（二者选一）")
        return EXIT_UNREADABLE
    known = {s.id: s for s in store.list_reports(include_deleted=True)}
    ids = [s.id for s in store.list_reports()] if args.all else args.ids
    missing = [i for i in ids if i not in known]
    if missing:
        _error(f"找不到编号为 {'、'.join(map(str, missing))} 的报告（用 list 命令查看编号）")
        return EXIT_UNREADABLE
    if not ids:
        print("没有可导出的报告。")
        return EXIT_OK
    targets = _export_targets(Path(args.output).expanduser(), [known[i] for i in ids])
    if targets is None:
        return EXIT_UNREADABLE
    unwritable = False
    for summary, target in targets:
        try:
            exchange.save(store.load(summary.id), target)
        except OSError as e:  # no permission, a missing folder, disk full
            _error(f"{write_failure(target, e)}。{_describe(summary)}未导出。")
            unwritable = True
            continue
        try:
            store.snapshot(summary.id, f"导出 JSON {datetime.now():%Y-%m-%d %H:%M}", automatic=True)
        except StorageError as e:
            _error(f"注意：未能保存导出快照（{e}）")
        print(f"已导出 {_describe(summary)} → {target}")
    return EXIT_UNREADABLE if unwritable else EXIT_OK


def _export_targets(output: Path, reports: list[ReportSummary]) -> list[tuple[ReportSummary, Path]] | None:
    if output.suffix.lower() == ".json":
        if len(reports) > 1:
            _error("导出多份报告时，-o 应为文件夹")
            return None
        if not output.parent.is_dir():
            _error(f"文件夹不存在：{output.parent}")
            return None
        return [(reports[0], output)]
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        _error(f"无法创建文件夹 {output}：{e.strerror}")
        return None
    used: set[str] = set()
    targets = []
    for s in reports:
        name = safe_filename(f"{s.agency}{s.year}年度")
        if name in used:
            name = f"{name}-{s.id}"
        used.add(name)
        targets.append((s, output / f"{name}.json"))
    return targets


# ---------------------------------------------------------------- import


def run_import(store: Store, args: argparse.Namespace) -> int:
    unreadable = refused = False
    for path in args.files:
        try:
            report = exchange.load(path)
        except exchange.ExchangeError as e:
            _error(f"无法读取 {path}：{e}")
            unreadable = True
            continue
        on_conflict = "replace" if args.replace else "keep_both" if args.keep_both else "ask"
        try:
            report_id, replaced = store.import_report(report, on_conflict)
        except ReportExistsError as e:
            _error(
                f"{path}：{e}，未导入。"
                "要用导入的内容替换它，请加 --replace（替换前会自动保存快照）；要两份都保留，请加 --keep-both。"
            )
            refused = True
            continue
        if replaced:
            print(f"已替换 {_describe(report, report_id)}（原内容已自动保存为快照）{_counts(store, report_id)}")
        else:
            print(f"已导入 {_describe(report, report_id)}{_counts(store, report_id)}")
    if unreadable:
        return EXIT_UNREADABLE
    return EXIT_ERRORS if refused else EXIT_OK


def _counts(store: Store, report_id: int) -> str:
    s = next(s for s in store.list_reports(include_deleted=True) if s.id == report_id)
    return f"：错误 {s.errors} 个，提示 {s.warnings} 个"


# ---------------------------------------------------------------- recover


def run_recover(args: argparse.Namespace) -> int:
    try:
        with Store.recover(args.backup, args.data_dir) as store:
            n = len(store.list_reports(include_deleted=True))
            print(f"已用 {args.backup} 恢复数据库 {store.path}（{n} 份报告）。原来的数据库文件已移到一旁，没有删除。")
    except StorageError as e:
        _error(str(e))
        return EXIT_UNREADABLE
    return EXIT_OK
