"""Nianbao (政府信息公开年报助手).

``python main.py`` starts the application; ``python main.py 子命令 …`` runs a
command (``python main.py --help`` lists them).  This file only parses the
arguments and hands over.
"""

from __future__ import annotations

import argparse
import sys

import cli
from cli import chinese_argparse


def build_parser() -> argparse.ArgumentParser:
    chinese_argparse.install()
    parser = argparse.ArgumentParser(
        prog="python main.py",
        description="政府信息公开年报助手：不带子命令时启动图形界面。",
    )
    cli.add_global_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="子命令")
    for command in cli.COMMANDS:
        command.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        from gui.app import run_app

        return run_app(args)
    return args.run(args)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `python main.py check … | head`
        sys.stderr.close()
        sys.exit(0)
