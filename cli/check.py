"""``python main.py check PATH... [--previous PATH] [--format text|json]``"""

from __future__ import annotations

import argparse
import json
from typing import Any

from cli import printing
from cli.exit_codes import EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE
from nianbao.checker import location
from readers import SUFFIXES
from workflows.checking import FileCheck, check_files, load
from workflows.errors import Unreadable


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "check", help="检查报告的勾稽关系和格式", description="检查一份或多份报告，列出错误和提示。"
    )
    p.add_argument("paths", nargs="+", metavar="文件", help=f"报告文件（{'、'.join(SUFFIXES)}）")
    p.add_argument("--previous", metavar="文件", help="上一年度的报告，用于核对上年结转（X1）和表二文件存量（X2）")
    p.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（默认 text）")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    previous = None
    if args.previous:
        try:
            previous = load(args.previous)
        except Unreadable as e:
            printing.error(f"无法读取上一年度报告：{e}")
            return EXIT_UNREADABLE
    results = check_files(args.paths, previous)
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
    if any(r.error or r.note for r in results):
        return EXIT_UNREADABLE
    return EXIT_ERRORS if any(r.counts[0] for r in results) else EXIT_OK


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
