"""``python main.py export IN -o OUT.docx [--force]`` and ``python main.py import IN.docx -o OUT.json``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.exit_codes import EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE
from cli.outputs import BadOutput, checked_output, write_failure
from nianbao import exchange
from nianbao.checker import Finding, check, count
from readers import UnreadableFile, read_report


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "export",
        help="导出为 Word 文档（.docx，公文格式）",
        description="把报告导出为符合公文格式的 Word 文档。报告有错误时拒绝导出，除非加 --force。",
    )
    p.add_argument("path", metavar="文件", help="报告文件（.json 或 .docx）")
    p.add_argument(
        "-o", "--output", metavar="输出", help="输出的 .docx 文件（默认：与输入同一文件夹，按机关和年度命名）"
    )
    p.add_argument("--force", action="store_true", help="报告有错误时仍然导出")
    p.set_defaults(run=run_export)

    p = commands.add_parser(
        "import",
        help="从 Word 文档（.docx）导入报告",
        description="读取按年度报告格式编写的 Word 文档，保存为年报助手的报告文件（.json），并列出与格式不符之处。",
    )
    p.add_argument("path", metavar="文件", help="Word 文档（.docx）")
    p.add_argument("-o", "--output", metavar="输出", help="输出的 .json 文件（默认：与输入同名）")
    p.set_defaults(run=run_import)


def run_export(args: argparse.Namespace) -> int:
    from writers.docx_writer import ExportError, default_filename, export_docx

    try:
        report = read_report(args.path).report
    except UnreadableFile as e:
        print(f"无法读取：{e}", file=sys.stderr)
        return EXIT_UNREADABLE
    findings = check(report)
    errors, warnings = count(findings)
    if errors and not args.force:
        print(f"{args.path}：报告有 {errors} 个错误，未导出：", file=sys.stderr)
        _print_findings(findings, sys.stderr)
        print("请先改正；如确需导出（例如送审前的草稿），请加 --force。", file=sys.stderr)
        return EXIT_ERRORS
    try:
        target = checked_output(args.output or Path(args.path).parent / default_filename(report), ".docx", [args.path])
    except BadOutput as e:
        print(f"未导出：{e}", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        written = export_docx(report, target)
    except ExportError as e:
        print(f"导出失败：{e}", file=sys.stderr)
        return EXIT_UNREADABLE
    note = f"（含 {errors} 个错误、{warnings} 个提示）" if errors or warnings else ""
    print(f"已导出：{written}{note}")
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    from readers.docx_reader import read_docx

    source = Path(args.path)
    try:
        result = read_docx(source)
    except UnreadableFile as e:
        print(f"无法读取：{e}", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        target = checked_output(args.output or source.with_suffix(".json"), ".json", [source])
        exchange.save(result.report, target)
    except BadOutput as e:
        print(f"未导入：{e}", file=sys.stderr)
        return EXIT_UNREADABLE
    except OSError as e:
        print(write_failure(target, e), file=sys.stderr)
        return EXIT_UNREADABLE
    report = result.report
    print(f"已导入：{report.display_title}（{report.edition}版格式）→ {target}")
    if result.deviations:
        print(f"文档与格式不符之处（{len(result.deviations)} 处，已按格式读入或留空）：")
        _print_findings(list(result.deviations), sys.stdout)
    return EXIT_OK


def _print_findings(findings: list[Finding], stream) -> None:
    for f in findings:
        print(f"  [{f.severity.label}] {f.rule} {f.message}", file=stream)
