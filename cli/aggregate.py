"""``python main.py sum FILE… -o OUT.json`` — add up the reports of many agencies."""

from __future__ import annotations

import argparse
import sys

from cli.exit_codes import EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE
from cli.outputs import BadOutput, checked_output, write_failure
from nianbao import exchange
from nianbao.aggregate import CannotSum, sum_reports
from nianbao.checker import check, count
from readers import UnreadableFile, read_report


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "sum",
        help="汇总多个单位的报告（政务公开办用）",
        description="把同一年度、同一格式版本的多份报告的表格数字相加，输出一份汇总报告（.json）。"
        "有错误的报告默认不参与汇总，以免汇总结果带错。",
    )
    p.add_argument("paths", nargs="+", metavar="文件", help="各单位的报告（.json 或 .docx）")
    p.add_argument("-o", "--output", required=True, metavar="输出文件", help="汇总报告（.json）")
    p.add_argument("--agency", default="", metavar="名称", help="汇总报告的机关名称（默认“N个单位汇总”）")
    p.add_argument("--force", action="store_true", help="即使有报告存在错误也汇总")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    reports = []
    for path in args.paths:
        try:
            reports.append((path, read_report(path).report))
        except UnreadableFile as e:
            print(f"无法读取：{e}", file=sys.stderr)
            return EXIT_UNREADABLE
    with_errors = [(p, count(check(r))[0]) for p, r in reports]
    with_errors = [(p, n) for p, n in with_errors if n]
    if with_errors and not args.force:
        for path, n in with_errors:
            print(f"{path}：有 {n} 个错误（请先用 check 查看）", file=sys.stderr)
        print("有报告存在错误，未汇总。确需汇总请加 --force。", file=sys.stderr)
        return EXIT_ERRORS
    try:
        total = sum_reports([r for _, r in reports], args.agency)
    except CannotSum as e:
        print(f"无法汇总：{e}", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        target = checked_output(args.output, ".json", args.paths)
        exchange.save(total, target)
    except BadOutput as e:
        print(f"未汇总：{e}", file=sys.stderr)
        return EXIT_UNREADABLE
    except OSError as e:
        print(write_failure(target, e), file=sys.stderr)
        return EXIT_UNREADABLE
    table_findings = [f for f in check(total) if f.cells and f.rule != "F1"]
    print(f"已汇总 {len(reports)} 份报告（{total.year}年度，{total.edition}版格式）→ {args.output}")
    for f in table_findings:
        print(f"  [{f.severity.label}] {f.rule} {f.message}")
    if not table_findings:
        print("  汇总表格的勾稽关系全部通过。")
    return EXIT_ERRORS if count(table_findings)[0] else EXIT_OK
