import pytest

from indicators import sources

STATS = {"requests_received": 800, "pc_plans_issued_within_20_weeks_ex": 48.2, "plans_issued_within_20_weeks_ex": 241,
         "plans_issued_ex": 500, "review_outcomes": {"maintain": 10}, "plans_ceased_by_reason": {2: 4, "9": 1},
         "pc_requests_decided_within_6_weeks": None, "flag": True}


@pytest.mark.parametrize("key, expected", [
    ("requests_received", 800), ("review_outcomes.maintain", 10), ("plans_ceased_by_reason.2", 4),
    ("plans_ceased_by_reason.9", 1), ("review_outcomes.amend", None), ("missing", None),
    ("pc_requests_decided_within_6_weeks", None), ("flag", None), ("requests_received.x", None),
])
def test_statistics_are_read_by_key_including_nested_ones(key, expected):
    assert sources.lookup(STATS, key) == expected


def test_percentages_bring_their_numerator_and_denominator():
    found = sources.values_from(STATS, {"ehcp_issued_20wk_ex_pc": "pc_plans_issued_within_20_weeks_ex",
                                        "ehcp_requests": "requests_received",
                                        "ehcp_requests_6wk_pc": "pc_requests_decided_within_6_weeks"})
    assert found == {"ehcp_issued_20wk_ex_pc": (48.2, 241, 500), "ehcp_requests": (800.0, None, None)}


def test_a_missing_casework_module_means_no_statistics(monkeypatch):
    monkeypatch.setattr(sources, "_module", lambda: None)
    assert sources.available() is False
    assert sources.statutory_for_year(None, year=2024) is None
    assert sources.statutory_rolling(None, month_end=None) is None
