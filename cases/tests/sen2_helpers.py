"""Helpers for the SEN2 tests: copy the small synthetic Blade export and change cells in it."""

import csv
import shutil
from pathlib import Path

SMALL = Path(__file__).parent / "data" / "sen2_small"


def copy_small(tmp_path: Path, name: str = "export") -> Path:
    target = tmp_path / name
    shutil.copytree(SMALL, target)
    return target


def module_path(folder: Path, module: str) -> Path:
    return next(folder.glob(f"*_{module}.csv"))


def read_rows(folder: Path, module: str) -> list[dict[str, str]]:
    with module_path(folder, module).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(folder: Path, module: str, rows: list[dict[str, str]], fieldnames=None) -> None:
    path = module_path(folder, module)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames or list(rows[0]), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def edit(folder: Path, module: str, table_id: str, **values: str) -> None:
    """Set ``values`` (column=value) on the row of ``module`` whose table id is ``table_id``."""
    rows = read_rows(folder, module)
    key = f"{module}tableid"
    matched = [row for row in rows if row[key] == table_id]
    assert matched, f"no {module} row {table_id}"
    for column, value in values.items():
        assert column in matched[0], f"no column {column} in {module}"
        matched[0][column] = value
    write_rows(folder, module, rows)


def add_row(folder: Path, module: str, **values: str) -> None:
    rows = read_rows(folder, module)
    rows.append({column: values.get(column, "") for column in rows[0]})
    write_rows(folder, module, rows)
