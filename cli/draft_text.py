"""``python main.py draft-text REPORT [--previous PREV]``"""

from __future__ import annotations

import argparse

from cli import printing
from cli.exit_codes import EXIT_OK
from nianbao import drafting
from nianbao.model import Report
from readers import SUFFIXES
from workflows.checking import load, not_last_year
from workflows.errors import WorkflowError


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "draft-text",
        help="按表格数字写出各部分的数据段落（可直接用于正文）",
        description="按报告表格中的数字写出“一”“四”“六”部分的数据段落；给出上年度报告时写出同比。",
    )
    p.add_argument("path", metavar="文件", help=f"报告文件（{'、'.join(SUFFIXES)}）")
    p.add_argument("--previous", metavar="文件", help="上一年度的报告，用于写出同比增减")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    previous: Report | None = None
    try:
        report = load(args.path)
        if args.previous:
            previous = load(args.previous)
    except WorkflowError as e:
        printing.error(str(e))
        return printing.exit_code(e)
    if previous is not None and (reason := not_last_year(report, previous)):
        printing.error(f"未写出同比：{reason}")
        previous = None
    for heading, paragraphs in drafting.drafts(report, previous):
        printing.say(heading)
        for text in paragraphs:
            printing.say(text)
        printing.say("")
    return EXIT_OK
