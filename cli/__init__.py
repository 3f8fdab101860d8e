"""Command-line commands.  Each module in ``COMMANDS`` has ``register(subparsers)``,
which adds its sub-command and sets ``run`` to a function returning the exit code.

Exit codes: see ``cli/exit_codes.py``.
"""

from __future__ import annotations

import argparse

from cli import aggregate, check, store, word

COMMANDS = [check, word, aggregate, store]


def add_global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="目录",
        help="数据目录（默认为本机用户数据目录；也可用环境变量 NIANBAO_DATA_DIR 指定，便于 U 盘携带）",
    )
