"""Reading improvement plans from files. ``tabular`` reads the plain XLSX/CSV layout councils use."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, placed as precisely as we can: row and column where known."""

    message: str
    row: int | None = None
    column: str = ""

    def where(self, file_name: str = "", sheet: str = "") -> str:
        parts = [part for part in (file_name, f"sheet {sheet}" if sheet else "") if part]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def describe(self, file_name: str = "", sheet: str = "") -> str:
        where = self.where(file_name, sheet)
        return f"{where}: {self.message}" if where else self.message


class ImportProblems(ValueError):
    """The file cannot be imported; ``problems`` lists every bad row and cell. Nothing was written."""

    def __init__(self, problems: list[Problem], *, file_name: str = "", sheet: str = ""):
        self.problems, self.file_name, self.sheet = problems, file_name, sheet
        super().__init__(self.summary())

    def lines(self) -> list[str]:
        return [problem.describe(self.file_name, self.sheet) for problem in self.problems]

    def summary(self) -> str:
        count = len(self.problems)
        heading = f"{self.file_name or 'The file'} has {count} problem{'s' if count != 1 else ''}; nothing was imported"
        return "\n".join([heading, *self.lines()])
