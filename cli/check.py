"""``python main.py check PATH... [--previous PATH] [--format text|json]``"""

from __future__ import annotations

import argparse
import json
import sys

from cli.exit_codes import EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE
from nianbao.checker import Finding, check, count, location
from nianbao.model import Report
from readers import UnreadableFile, read_report


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "check", help="检查报告的勾稽关系和格式", description="检查一份或多份报告，列出错误和提示。"
    )
    p.add_argument("paths", nargs="+", metavar="文件", help="报告文件（.json 或 .docx）")
    p.add_argument("--previous", metavar="文件", help="上一年度的报告，用于核对上年结转（X1）和表二文件存量（X2）")
    p.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（默认 text）")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    previous = None
    if args.previous:
        try:
            previous = read_report(args.previous).report
        except UnreadableFile as e:
            print(f"无法读取上一年度报告：{e}", file=sys.stderr)
            return EXIT_UNREADABLE
    results: list[tuple[str, Report, list[Finding]]] = []
    unreadable: list[tuple[str, str]] = []
    for path in args.paths:
        try:
            result = read_report(path)
        except UnreadableFile as e:
            print(f"无法读取：{e}", file=sys.stderr)
            unreadable.append((path, str(e)))
            continue
        report = result.report
        mismatch = previous and _not_last_year(report, previous)
        if mismatch:
            print(f"{path}：{mismatch}，未核对上年结转（X1、X2）", file=sys.stderr)
            unreadable.append((path, mismatch))
        results.append((path, report, list(result.deviations) + check(report, None if mismatch else previous)))
    if args.format == "json":
        print(json.dumps(_as_json(results, unreadable), ensure_ascii=False, indent=2))
    else:
        _print_text(results)
    if unreadable:
        return EXIT_UNREADABLE
    return EXIT_ERRORS if any(count(findings)[0] for _, _, findings in results) else EXIT_OK


def _not_last_year(report: Report, previous: Report) -> str:
    """Why ``previous`` cannot be this report's last year, or "" when it can."""
    if previous.year != report.year - 1:
        return f"--previous 给出的是 {previous.year} 年度的报告，不是 {report.year - 1} 年度"
    if previous.agency.strip() != report.agency.strip():
        return f"--previous 给出的是“{previous.agency}”的报告，不是“{report.agency}”的"
    return ""


def _as_json(results: list[tuple[str, Report, list[Finding]]], unreadable: list[tuple[str, str]]) -> list[dict]:
    rows = [
        {"file": path, "rule": "", "severity": "unreadable", "table": "", "row": "", "column": "", "message": why}
        for path, why in unreadable
    ]
    for path, report, findings in results:
        for f in findings:
            table, row, column = location(report, f)
            rows.append(
                {
                    "file": path,
                    "rule": f.rule,
                    "severity": f.severity.value,
                    "table": table,
                    "row": row,
                    "column": column,
                    "message": f.message,
                }
            )
    return rows


def _print_text(results: list[tuple[str, Report, list[Finding]]]) -> None:
    for path, report, findings in results:
        errors, warnings = count(findings)
        print(f"{path}：{report.display_title}（{report.edition}版格式）")
        if not findings:
            print("  勾稽关系全部通过，未发现问题。")
        for f in findings:
            print(f"  [{f.severity.label}] {f.rule} {f.message}")
        print(f"  共 {errors} 个错误，{warnings} 个提示。")
        print()
