"""Reading a SEN2 Blade export: the module CSVs of a folder or zip, and typed getters for their cells.

Pure Python (no Django, no "today"). ``read_export(path)`` gives each module's rows as dicts of
stripped text keyed by lower-cased column name; ``Row`` reads one of them as codes, flags, dates
and numbers, noting a ``Problem`` (file, row, column, message) instead of raising, so that every
problem in an export is found in one pass. The layout itself is in ``sen2_blade``.
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .sen2_blade import MODULES, Problem, parse_date


@dataclass
class ModuleFile:
    name: str
    rows: list[dict[str, str]]  # keys: lower-cased column names; values stripped
    columns: list[str]


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # Excel on Windows saves CSV as cp1252


def _module_of(name: str) -> str | None:
    stem = Path(name).name.lower()
    if not stem.endswith(".csv"):
        return None
    stem = stem[:-4]
    for module in sorted(MODULES, key=len, reverse=True):
        if stem == module or stem.endswith("_" + module):
            return module
    return None


def _parse_csv(name: str, text: str) -> ModuleFile:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        heading = next(reader)
    except StopIteration:
        return ModuleFile(name, [], [])
    columns = [c.strip().lower() for c in heading]
    width, strip = len(columns), str.strip
    rows = []
    append = rows.append
    for values in reader:
        values = list(map(strip, values))
        if not any(values):
            append({})  # a blank line keeps its row number but is skipped
            continue
        if len(values) < width:
            values += [""] * (width - len(values))
        append(dict(zip(columns, values, strict=False)))  # cells past the heading are ignored
    return ModuleFile(name, rows, columns)


def read_export(path: str | Path) -> tuple[dict[str, ModuleFile], list[Problem]]:
    """Read the module CSVs of a Blade export from a folder or a zip file."""
    path = Path(path)
    found: dict[str, list[tuple[str, bytes]]] = {}
    problems: list[Problem] = []
    if path.is_dir():
        for item in sorted(path.iterdir()):
            module = _module_of(item.name)
            if module and item.is_file():
                found.setdefault(module, []).append((item.name, item.read_bytes()))
    elif path.is_file() and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            for info in sorted(archive.infolist(), key=lambda i: i.filename):
                module = _module_of(info.filename)
                if module and not info.is_dir():
                    found.setdefault(module, []).append(
                        (Path(info.filename).name, archive.read(info))
                    )
    elif path.exists():
        return {}, [
            Problem(path.name, None, "", "Choose a folder or a zip file of Blade CSV files")
        ]
    else:
        return {}, [Problem(str(path), None, "", "There is no file or folder here")]
    files = {}
    for module in MODULES:
        candidates = found.get(module, [])
        if not candidates:
            problems.append(
                Problem(
                    f"*_{module}.csv",
                    None,
                    "",
                    f"The export has no {module} file (Blade-Export_<date>_{module}.csv)",
                )
            )
        elif len(candidates) > 1:
            names = ", ".join(n for n, _ in candidates)
            problems.append(
                Problem(
                    candidates[0][0],
                    None,
                    "",
                    f"The export has {len(candidates)} {module} files ({names}): keep one",
                )
            )
        else:
            name, data = candidates[0]
            files[module] = _parse_csv(name, _decode(data))
    return files, problems


# ---- values -----------------------------------------------------------------------------------

_date = functools.lru_cache(maxsize=8192)(parse_date)  # an export repeats its dates many times


class Row:
    """One CSV row being read: typed getters that note problems instead of raising."""

    def __init__(
        self, file: ModuleFile, number: int, values: dict[str, str], problems: list[Problem]
    ):
        self.file, self.number, self.values, self.problems = file, number, values, problems

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.file.name, self.number, column, message))

    def text(self, column: str, *, required: bool = False, label: str = "") -> str:
        value = self.values.get(column, "")
        if required and not value:
            self.problem(column, f"Enter the {label or column}")
        return value

    def code(
        self,
        column: str,
        allowed: Iterable[str],
        *,
        required: bool = False,
        label: str = "",
        rule: str = "",
    ) -> str:
        value = self.values.get(column, "")
        if not value:
            if required:
                self.problem(column, f"Enter the {label or column}")
            return ""
        upper = value.upper()
        if upper in allowed:
            return upper
        if value.endswith(".0") and value[:-2].isdigit():
            value = value[:-2]  # Excel writes integer codes as 1.0
        upper = value.upper()
        if value and upper not in allowed:
            choices = ", ".join(sorted(allowed, key=lambda c: (len(c), c)))
            self.problem(
                column,
                f"{label or column} must be one of {choices}, not {value!r}"
                + (f" ({rule})" if rule else ""),
            )
            return ""
        return upper

    def pattern(self, column: str, regex: re.Pattern, what: str) -> str:
        value = self.values.get(column, "")
        if not value:
            return ""
        value = value.upper().replace(" ", "")
        if value and not regex.match(value):
            self.problem(column, f"{column} must be {what}, not {self.values.get(column)!r}")
            return ""
        return value

    def flag(self, column: str) -> bool:
        value = self.values.get(column, "")
        if value == "0" or value == "1":
            return value == "1"
        value = value.lower()
        if value in ("", "0", "0.0", "false", "n", "no"):
            return False
        if value in ("1", "1.0", "true", "y", "yes"):
            return True
        self.problem(column, f"{column} must be 1 (yes) or 0 (no), not {self.values.get(column)!r}")
        return False

    def integer(
        self, column: str, allowed: set[int], *, label: str = "", rule: str = ""
    ) -> int | None:
        value = self.values.get(column, "")
        try:
            number = int(float(value))
        except ValueError:
            number = None
        if number is None or number not in allowed or float(value) != number:
            choices = " or ".join(str(n) for n in sorted(allowed))
            self.problem(
                column,
                f"{label or column} must be {choices}, not {value!r}"
                + (f" ({rule})" if rule else ""),
            )
            return None
        return number

    def date(self, column: str, *, required: bool = False, label: str = "") -> datetime.date | None:
        value = self.values.get(column, "")
        if not value:
            if required:
                self.problem(column, f"Enter the {label or column}")
            return None
        parsed = _date(value)
        if parsed is None:
            self.problem(
                column,
                f"{label or column} must be a real date like 2024-Sep-28 00:00:00, not {value!r}",
            )
        return parsed

