"""Optional per-app modules (``<app>/demo.py``, ``<app>/seed.py``) that core calls when present."""

import importlib
from types import ModuleType

AREA_APPS = ["cases", "indicators", "plans"]


def app_modules(name: str, apps: list[str] = AREA_APPS) -> list[ModuleType]:
    """Each app's ``<app>.<name>`` module, in order, skipping apps that have none.

    An import error inside a module that does exist is raised, not mistaken for absence.
    """
    modules = []
    for app in apps:
        try:
            modules.append(importlib.import_module(f"{app}.{name}"))
        except ModuleNotFoundError as error:
            if error.name != f"{app}.{name}":
                raise
    return modules
