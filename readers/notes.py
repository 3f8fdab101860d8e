"""The deviations a reading finds, collected once per document."""

from __future__ import annotations

from nianbao.checker import Finding
from nianbao.spec import Rule, Severity


class Notes:
    def __init__(self) -> None:
        self._findings: list[Finding] = []
        self._messages: set[str] = set()
        # rows whose run-together numbers had one split only, per table: said once per table
        self._splits: dict[str, list[tuple[str, str, str, str, tuple[str, ...]]]] = {}

    @property
    def findings(self) -> list[Finding]:
        found = list(self._findings)
        for table_id, rows in self._splits.items():
            section, place, written, pieces, _ = rows[0]
            keys = tuple(k for row in rows for k in row[4])
            numeral = place[0] if not place.startswith("表") else place[1]
            where = "、".join(f"“{r[1]}”" for r in rows[:3]) + ("等" if len(rows) > 3 else "")
            message = (
                f"表{numeral}有 {len(rows)} 行数字连在一起（{where}），每行只有一种拆分，已按拆分读入，"
                f"如{place}“{written[:30]}”按 {pieces} 读入"
            )
            found.append(Finding(Rule.F2, Severity.WARNING, message, keys, section, f"import:split:{table_id}"))
        return found

    def split(self, table_id: str, section: str, place: str, written: str, pieces: str, keys: tuple[str, ...]) -> None:
        self._splits.setdefault(table_id, []).append((section, place, written, pieces, keys))

    def add(
        self, rule: Rule, severity: Severity, message: str, cells: tuple[str, ...] = (), section: str | None = None
    ) -> None:
        if message in self._messages:
            return
        self._messages.add(message)
        self._findings.append(Finding(rule, severity, message, cells, section, f"import:{len(self._findings)}"))

    def error(self, rule: Rule, message: str, cells: tuple[str, ...] = (), section: str | None = None) -> None:
        self.add(rule, Severity.ERROR, message, cells, section)

    def warning(self, rule: Rule, message: str, cells: tuple[str, ...] = (), section: str | None = None) -> None:
        self.add(rule, Severity.WARNING, message, cells, section)
