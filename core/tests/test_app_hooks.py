import pytest

from core.app_hooks import app_modules


def test_apps_without_the_module_are_skipped_and_the_rest_come_in_order():
    names = [module.__name__ for module in app_modules("demo")]
    assert names == ["cases.demo", "indicators.demo", "plans.demo"]
    assert [m.__name__ for m in app_modules("seed")] == ["indicators.seed"]


def test_a_broken_import_inside_an_existing_module_is_raised_not_taken_for_absence(monkeypatch):
    def broken_import(name, *args, **kwargs):
        raise ModuleNotFoundError("No module named 'missing_dependency'", name="missing_dependency")

    monkeypatch.setattr("importlib.import_module", broken_import)
    with pytest.raises(ModuleNotFoundError, match="missing_dependency"):
        app_modules("demo", apps=["hookexample"])
