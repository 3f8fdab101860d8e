"""Nianbao (政府信息公开年报助手).

``python main.py`` starts the application; ``python main.py 子命令 …`` runs a
command (``python main.py --help`` lists them).  This file only parses the
arguments and hands over; every failure ends in a Chinese message, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import traceback
from datetime import datetime
from pathlib import Path

MISSING_DEPENDENCY = (
    "缺少运行所需的软件包“{name}”。请在本程序所在目录中先安装：\n"
    "    python3 -m venv .venv && .venv/bin/pip install .\n"
    "然后用虚拟环境中的 Python 运行：.venv/bin/python main.py（Windows：.venv\\Scripts\\python main.py）。"
)
DEPENDENCIES = ("PySide6", "shiboken6", "docx", "lxml", "sqlite_utils", "platformdirs", "pdfplumber", "openpyxl")
# The exit codes of cli.exit_codes, written out: importing the cli package needs the very dependencies
# whose absence this file reports.
EXIT_UNUSABLE = 2
EXIT_INTERNAL = 3
NO_DISPLAY = "没有图形显示环境，无法打开窗口。请在桌面环境中运行；命令行功能见 python main.py --help。"
INTERNAL = "程序内部出错（{what}），未能完成。详细信息已写入 {log}，请把这个文件发给技术支持人员。"


def build_parser() -> argparse.ArgumentParser:
    import cli
    from cli import chinese_argparse

    chinese_argparse.install()
    parser = argparse.ArgumentParser(
        prog="Nianbao" if getattr(sys, "frozen", False) else "python main.py",  # the frozen build's program
        description="政府信息公开年报助手：不带子命令时启动图形界面。",
    )
    cli.add_global_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="子命令")
    for command in cli.COMMANDS:
        command.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        return _run(build_parser().parse_args(argv))
    except ModuleNotFoundError as e:
        name = (e.name or "").split(".")[0]
        if name not in DEPENDENCIES:
            return _internal_error(e)
        print(MISSING_DEPENDENCY.format(name=name), file=sys.stderr)
        return EXIT_UNUSABLE
    except (KeyboardInterrupt, SystemExit, BrokenPipeError):
        raise
    except Exception as e:  # a defect: said in Chinese, the details in a log file
        return _internal_error(e)


def _run(args: argparse.Namespace) -> int:
    if args.command is not None:
        code: int = args.run(args)
        return code
    if not _has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return EXIT_UNUSABLE
    from gui.xcb_check import xcb_problem  # Qt-free; Qt itself would abort naming the wrong package

    if (problem := xcb_problem()) is not None:
        print(problem, file=sys.stderr)
        return EXIT_UNUSABLE
    from gui.app import run_app

    return run_app(args)


def _has_display() -> bool:
    """On Linux without X11 or Wayland, Qt would abort the process with an English message."""
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _internal_error(error: BaseException) -> int:
    log = Path(tempfile.gettempdir()) / f"nianbao-错误-{datetime.now():%Y%m%d-%H%M%S}.log"
    try:
        log.write_text("".join(traceback.format_exception(error)), encoding="utf-8")
        where = str(log)
    except OSError:
        where = "（日志文件无法写入）"
    print(INTERNAL.format(what=type(error).__name__, log=where), file=sys.stderr)
    return EXIT_INTERNAL


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `python main.py check … | head`
        sys.stderr.close()
        sys.exit(0)
    except KeyboardInterrupt:
        sys.exit(130)
