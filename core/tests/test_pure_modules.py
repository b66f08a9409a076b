"""Pure domain modules must import without Django, so they can be read, tested and reused alone."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Every pure module (no Django, "today" passed in). Add yours here.
PURE_MODULES = [
    "core.sign_in_rules",
    "core.months",
    "cases.statutory_clock",
    "cases.statutory_clock_engine",
    "cases.statutory_clock_checks",
    "cases.statutory_clock_redress",
    "cases.statutory_clock_facts",
    "cases.statutory_clock_assessment",
    "cases.statutory_clock_plan",
    "cases.statutory_rules",
    "cases.send_regulations_2014",
    "cases.casework_rules",
    "cases.case_state",
    "cases.counting",
    "cases.importers.sen2_blade",
    "cases.importers.sen2_parse",
    "cases.importers.sen2_read",
    "cases.exporters.sen2_blade",
    "indicators.rag",
    "indicators.benchmarks",
    "indicators.suppression",
    "indicators.periods",
    "indicators.charts",
    "plans.status",
    "plans.dates",
    "plans.gantt",
    "plans.charts",
    "plans.dependencies",
    "plans.importers.cells",
]
PRESENT = [name for name in PURE_MODULES if (ROOT / (name.replace(".", "/") + ".py")).exists()]


@pytest.mark.parametrize("module", PRESENT)
def test_the_pure_module_imports_without_django(module):
    # A fresh interpreter in which importing Django fails: the module must not need it.
    code = (
        "import sys, importlib.abc\n"
        "class Block(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'django' or name.startswith('django.'):\n"
        "            raise ImportError('pure modules must not import ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        f"import {module}\n"
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_check_itself_fails_for_a_module_that_imports_django(tmp_path):
    (tmp_path / "impure_example.py").write_text("import django.db\n")
    code = (
        "import sys, importlib.abc\n"
        "class Block(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'django' or name.startswith('django.'):\n"
        "            raise ImportError(name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import impure_example\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode != 0


def test_every_listed_pure_module_that_exists_is_checked():
    assert "core.sign_in_rules" in PRESENT
    assert importlib.util.find_spec("core.sign_in_rules") is not None
