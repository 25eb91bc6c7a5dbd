"""The problem value every check returns: where (file line, column), what (value) and why (message)."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One finding of validation; errors keep a row out of the map, warnings do not."""

    line: int | None
    column: str | None
    value: str
    message: str
    severity: str = ERROR

    def describe(self, file_name: str = "events.csv") -> str:
        """One readable line: `events.csv:12 [date] error: ... (value: '03/04/2021')`."""
        where = f"{file_name}:{self.line}" if self.line is not None else file_name
        column = f" [{self.column}]" if self.column else ""
        shown = self.value if len(self.value) <= 60 else self.value[:57] + "..."
        value = f" (value: {shown!r})" if self.value else ""
        return f"{where}{column} {self.severity}: {self.message}{value}"
