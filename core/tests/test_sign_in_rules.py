import datetime

import pytest

from core.sign_in_rules import LockoutPolicy, after_failed_attempt, is_locked

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC)
POLICY = LockoutPolicy(attempts=5, minutes=15)


@pytest.mark.parametrize(("failed_so_far", "expected_count", "locks"), [
    (0, 1, False),
    (3, 4, False),
    (4, 0, True),  # the fifth failure locks the account and resets the count
])
def test_the_fifth_failed_attempt_locks_the_account_for_15_minutes(failed_so_far, expected_count, locks):
    count, locked_until = after_failed_attempt(failed_so_far, NOW, POLICY)
    assert count == expected_count
    assert locked_until == (NOW + datetime.timedelta(minutes=15) if locks else None)


@pytest.mark.parametrize(("locked_until", "locked"), [
    (None, False),
    (NOW + datetime.timedelta(seconds=1), True),
    (NOW, False),  # the lock ends at its expiry time exactly
    (NOW - datetime.timedelta(minutes=1), False),
])
def test_an_account_is_locked_only_until_its_expiry(locked_until, locked):
    assert is_locked(locked_until, NOW) is locked
