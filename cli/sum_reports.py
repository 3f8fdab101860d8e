"""``python main.py sum FILE… -o OUT.json`` — add up the reports of many agencies."""

from __future__ import annotations

import argparse

from cli import printing
from cli.exit_codes import EXIT_ERRORS, EXIT_OK
from nianbao.checker import count
from readers import SUFFIXES
from workflows.checking import sum_files
from workflows.errors import WorkflowError
from workflows.exporting import write_json


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "sum",
        help="汇总多个单位的报告（政务公开办用）",
        description="把同一年度、同一格式版本的多份报告的表格数字相加，输出一份汇总报告（.json）。"
        "有错误的报告默认不参与汇总，以免汇总结果带错。",
    )
    p.add_argument("paths", nargs="+", metavar="文件", help=f"各单位的报告（{'、'.join(SUFFIXES)}）")
    p.add_argument("-o", "--output", required=True, metavar="输出文件", help="汇总报告（.json）")
    p.add_argument("--agency", default="", metavar="名称", help="汇总报告的机关名称（默认“N个单位汇总”）")
    p.add_argument("--force", action="store_true", help="即使有报告存在错误也汇总")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        summed = sum_files(args.paths, args.agency, args.force)
        write_json(summed.report, args.output, inputs=args.paths)
    except WorkflowError as e:
        printing.error(str(e))
        return printing.exit_code(e)
    total = summed.report
    printing.say(f"已汇总 {summed.inputs} 份报告（{total.year}年度，{total.edition}版格式）→ {args.output}")
    printing.findings(summed.table_findings)
    if not summed.table_findings:
        printing.say("  汇总表格的勾稽关系全部通过。")
    return EXIT_ERRORS if count(summed.table_findings)[0] else EXIT_OK
