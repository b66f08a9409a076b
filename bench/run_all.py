"""Run every benchmark in bench/ in turn (``make bench``)."""

import runpy
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
sys.path.insert(0, str(here.parent))
for script in sorted(here.glob("*.py")):
    if script.name in {"__init__.py", "harness.py", "run_all.py"}:
        continue
    print(f"\n==== {script.name}")
    runpy.run_path(str(script), run_name="__main__")
