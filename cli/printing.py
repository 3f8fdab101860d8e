"""What the commands print: findings, messages on stderr, the exit code of a failed workflow.

Text from a report (an agency's name, a cell's content) may hold anything: control and escape characters are
shown as ``\\u001b`` instead of being sent to the terminal, and a huge value is cut short.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from typing import TextIO

from cli.exit_codes import EXIT_ERRORS, EXIT_UNREADABLE
from nianbao.checker import Finding
from workflows.errors import ExportRefused, ReportExists, SumRefused, WorkflowError

MAX_SHOWN = 2000  # characters of one message
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def safe(text: str, limit: int | None = MAX_SHOWN) -> str:
    """``text`` as it may go to a terminal: control characters escaped, at most ``limit`` characters."""
    shown = _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    if limit is None or len(shown) <= limit:
        return shown
    return shown[:limit] + f"……（共 {len(shown)} 个字符）"


def say(text: str) -> None:
    """A result on stdout (it may be long, a list: not cut), never with raw control characters."""
    print(safe(text, limit=None))


def error(text: str) -> None:
    print(safe(text), file=sys.stderr)


def findings(found: Iterable[Finding], stream: TextIO | None = None) -> None:
    for f in found:
        print(safe(f"  [{f.severity.label}] {f.rule} {f.message}"), file=stream or sys.stdout)


def exit_code(failure: WorkflowError) -> int:
    """Refusals because of the report (errors, an existing report) are 1; files and the database are 2."""
    return EXIT_ERRORS if isinstance(failure, (ExportRefused, ReportExists, SumRefused)) else EXIT_UNREADABLE
