"""``python main.py check PATH... [--previous PATH] [--format text|json] [--summary 汇总.xlsx]``

PATH may be a folder: every readable report file in it (and its sub-folders) is checked, in a pool of
processes when there are many, with a progress line on a terminal.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from cli import printing
from cli.exit_codes import EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE
from nianbao.checker import location
from readers import SUFFIXES
from workflows.batch import Progress, check_many, expand, write_summary
from workflows.checking import FileCheck, load
from workflows.errors import Unreadable, WorkflowError


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "check", help="检查报告的勾稽关系和格式", description="检查一份或多份报告，列出错误和提示。"
    )
    p.add_argument(
        "paths", nargs="+", metavar="文件", help=f"报告文件（{'、'.join(SUFFIXES)}），或包含报告文件的文件夹"
    )
    p.add_argument("--previous", metavar="文件", help="上一年度的报告，用于核对上年结转（X1）和表二文件存量（X2）")
    p.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（默认 text）")
    p.add_argument("--summary", metavar="汇总.xlsx", help="另写一份汇总表（Excel）：每个文件一行，另一页列出全部问题")
    p.add_argument("--jobs", type=int, metavar="N", help="同时检查的进程数（默认为处理器核数）")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    previous = None
    if args.previous:
        try:
            previous = load(args.previous)
        except Unreadable as e:
            printing.error(f"无法读取上一年度报告：{e}")
            return EXIT_UNREADABLE
    paths = expand(args.paths)
    if not paths:
        printing.error("没有找到可检查的报告文件")
        return EXIT_UNREADABLE
    results = check_many(paths, previous, workers=args.jobs, progress=_progress_line() if len(paths) > 1 else None)
    if sys.stderr.isatty() and len(paths) > 1:
        print(file=sys.stderr)  # end the progress line
    for r in results:
        if r.error:
            printing.error(f"无法读取：{r.error}")
        elif r.note:
            printing.error(f"{r.path}：{r.note}，未核对上年结转（X1、X2）")
    if args.format == "json":
        printing.say(json.dumps(as_json(results), ensure_ascii=False, indent=2))
    else:
        for r in results:
            if r.report is not None:
                print_text(r)
    if args.summary:
        try:
            written = write_summary(results, args.summary)
        except WorkflowError as e:
            printing.error(f"未写出汇总表：{e}")
            return EXIT_UNREADABLE
        print(f"汇总表：{written}（{len(results)} 个文件）", file=sys.stderr)
    if any(r.error or r.note for r in results):
        return EXIT_UNREADABLE
    return EXIT_ERRORS if any(r.counts[0] for r in results) else EXIT_OK


def _progress_line() -> Progress | None:
    """``已检查 12/200：文件名`` rewritten in place on a terminal; nothing when the output goes to a file."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int, result: FileCheck) -> None:
        name = printing.safe(Path(result.path).name, limit=40)
        print(f"\r已检查 {done}/{total}：{name}\033[K", end="", file=sys.stderr, flush=True)

    return show


def as_json(results: list[FileCheck]) -> list[dict[str, Any]]:
    rows = [
        {"file": r.path, "rule": "", "severity": "unreadable", "table": "", "row": "", "column": "", "message": why}
        for r in results
        for why in (r.error, r.note)
        if why
    ]
    for r in results:
        if r.report is None:
            continue
        for f in r.all_findings:
            table, row, column = location(r.report, f)
            rows.append(
                {
                    "file": r.path,
                    "rule": f.rule.value,
                    "severity": f.severity.value,
                    "table": table,
                    "row": row,
                    "column": column,
                    "message": f.message,
                }
            )
    return rows


def print_text(r: FileCheck) -> None:
    assert r.report is not None
    errors, warnings = r.counts
    printing.say(f"{r.path}：{r.report.display_title}（{r.report.edition}版格式）")
    if not r.all_findings:
        printing.say("  勾稽关系全部通过，未发现问题。")
    if r.deviations:
        printing.say(f"  文件与格式不符之处（{len(r.deviations)} 处，已按格式读入或留空）：")
        printing.findings(r.deviations)
        if r.findings:
            printing.say("  检查结果：")
    printing.findings(r.findings)
    printing.say(f"  共 {errors} 个错误，{warnings} 个提示。")
    printing.say("")
