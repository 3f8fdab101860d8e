"""Command-line commands, a module each (named for its command).  Each module in ``COMMANDS`` has
``register(subparsers)``, which adds its sub-command and sets ``run`` to a function returning the exit code.

The commands call the workflows (``workflows/``) for everything they do to reports and files.
Exit codes: see ``cli/exit_codes.py``.
"""

from __future__ import annotations

import argparse

from cli import (
    backup,
    check,
    draft_text,
    export_json,
    export_word,
    import_file,
    import_json,
    list_reports,
    sum_reports,
    trash,
)

COMMANDS = [
    check,
    export_word,
    import_file,
    sum_reports,
    list_reports,
    backup,
    export_json,
    import_json,
    trash,
    draft_text,
]


def add_global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="目录",
        help="数据目录（默认为本机用户数据目录；也可用环境变量 NIANBAO_DATA_DIR 指定，便于 U 盘携带）",
    )
