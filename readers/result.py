"""What every reader gives back: the report, and apart from it what the file did differently from the format."""

from __future__ import annotations

from dataclasses import dataclass

from nianbao.checker import Finding
from nianbao.model import Report


class UnreadableFile(Exception):
    """The file cannot be read as a report; ``str()`` is a Chinese message for the user."""


@dataclass(frozen=True)
class ReadResult:
    report: Report
    # Deviations of the file from the official format (``1、`` for ``1.``, a label typo, a split table):
    # said once after reading, never part of the report and never stored.  The checker checks the report.
    deviations: tuple[Finding, ...] = ()
    source_format: str = ""  # what was read, for the user: "JSON", "Word 文档"
