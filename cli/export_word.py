"""``python main.py export IN -o OUT.docx [--force]``"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli import printing
from cli.exit_codes import EXIT_OK
from readers import SUFFIXES
from workflows.checking import load
from workflows.errors import ExportRefused, WorkflowError
from workflows.exporting import default_docx_path, export_word


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "export",
        help="导出为 Word 文档（.docx，公文格式）",
        description="把报告导出为符合公文格式的 Word 文档。报告有错误时拒绝导出，除非加 --force。",
    )
    p.add_argument("path", metavar="文件", help=f"报告文件（{'、'.join(SUFFIXES)}）")
    p.add_argument(
        "-o", "--output", metavar="输出", help="输出的 .docx 文件（默认：与输入同一文件夹，按机关和年度命名）"
    )
    p.add_argument("--force", action="store_true", help="报告有错误时仍然导出")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        report = load(args.path)
        target = args.output or default_docx_path(report, Path(args.path).parent)
        exported = export_word(report, target, force=args.force, inputs=[args.path])
    except ExportRefused as e:
        printing.error(f"{args.path}：报告有 {len(e.errors)} 个错误，未导出：")
        printing.findings(e.errors, sys.stderr)
        printing.error("请先改正；如确需导出（例如送审前的草稿），请加 --force。")
        return printing.exit_code(e)
    except WorkflowError as e:
        printing.error(f"未导出：{e}")
        return printing.exit_code(e)
    counts = exported.errors or exported.warnings
    note = f"（含 {exported.errors} 个错误、{exported.warnings} 个提示）" if counts else ""
    printing.say(f"已导出：{exported.path}{note}")
    return EXIT_OK
