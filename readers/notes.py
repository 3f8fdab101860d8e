"""The deviations a reading finds, collected once per document."""

from __future__ import annotations

from nianbao.checker import Finding
from nianbao.spec import Severity


class Notes:
    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self._messages: set[str] = set()

    def add(
        self, rule: str, severity: Severity, message: str, cells: tuple[str, ...] = (), section: str | None = None
    ) -> None:
        if message in self._messages:
            return
        self._messages.add(message)
        self.findings.append(Finding(rule, severity, message, cells, section, f"import:{len(self.findings)}"))

    def error(self, rule: str, message: str, cells: tuple[str, ...] = (), section: str | None = None) -> None:
        self.add(rule, Severity.ERROR, message, cells, section)

    def warning(self, rule: str, message: str, cells: tuple[str, ...] = (), section: str | None = None) -> None:
        self.add(rule, Severity.WARNING, message, cells, section)
