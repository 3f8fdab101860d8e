"""``python main.py import IN -o OUT.json``: a report file of any readable format as a JSON exchange file."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli import printing
from cli.exit_codes import EXIT_OK
from readers import SUFFIXES
from workflows.errors import WorkflowError
from workflows.exporting import write_json
from workflows.importing import read_for_import


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "import",
        help="读入他人编写的报告（Word 等），保存为 JSON 文件",
        description="读取按年度报告格式编写的文件，保存为年报助手的报告文件（.json），并列出与格式不符之处。",
    )
    p.add_argument("path", metavar="文件", help=f"报告文件（{'、'.join(SUFFIXES)}）")
    p.add_argument("-o", "--output", metavar="输出", help="输出的 .json 文件（默认：与输入同名）")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    source = Path(args.path)
    try:
        report, deviations, _ = read_for_import(source)
        target = write_json(report, args.output or source.with_suffix(".json"), inputs=[source])
    except WorkflowError as e:
        printing.error(f"未导入：{e}")
        return printing.exit_code(e)
    printing.say(f"已导入：{report.display_title}（{report.edition}版格式）→ {target}")
    if deviations:
        printing.say(f"文档与格式不符之处（{len(deviations)} 处，已按格式读入或留空）：")
        printing.findings(deviations)
    return EXIT_OK
