"""Nianbao (政府信息公开年报助手).

``python main.py`` starts the application; ``python main.py 子命令 …`` runs a
command (``python main.py --help`` lists them).  This file only parses the
arguments and hands over.
"""

from __future__ import annotations

import argparse
import os
import sys

MISSING_DEPENDENCY = (
    "缺少运行所需的软件包“{name}”。请在本程序所在目录中先安装：\n"
    "    python3 -m venv .venv && .venv/bin/pip install .\n"
    "然后用虚拟环境中的 Python 运行：.venv/bin/python main.py（Windows：.venv\\Scripts\\python main.py）。"
)
# cli.exit_codes.EXIT_UNREADABLE, written out: importing the cli package needs the very dependencies
# whose absence this file reports.
EXIT_UNUSABLE = 2
NO_DISPLAY = "没有图形显示环境，无法打开窗口。请在桌面环境中运行；命令行功能见 python main.py --help。"


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
        args = build_parser().parse_args(argv)
        if args.command is None:
            if not _has_display():
                print(NO_DISPLAY, file=sys.stderr)
                return EXIT_UNUSABLE
            from gui.xcb_check import xcb_problem  # Qt-free; Qt itself would abort naming the wrong package

            if (problem := xcb_problem()) is not None:
                print(problem, file=sys.stderr)
                return EXIT_UNUSABLE
            from gui.app import run_app

            return run_app(args)
    except ModuleNotFoundError as e:
        if e.name and e.name.split(".")[0] in ("PySide6", "shiboken6", "docx", "sqlite_utils", "platformdirs"):
            print(MISSING_DEPENDENCY.format(name=e.name.split(".")[0]), file=sys.stderr)
            return EXIT_UNUSABLE
        raise
    return args.run(args)


def _has_display() -> bool:
    """On Linux without X11 or Wayland, Qt would abort the process with an English message."""
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `python main.py check … | head`
        sys.stderr.close()
        sys.exit(0)
