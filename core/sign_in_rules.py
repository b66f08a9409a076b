"""Account lock-out after repeated failed sign-ins. Pure: the time is passed in."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class LockoutPolicy:
    attempts: int = 5
    minutes: int = 15


def is_locked(locked_until: datetime.datetime | None, now: datetime.datetime) -> bool:
    return locked_until is not None and now < locked_until


def after_failed_attempt(failed_so_far: int, now: datetime.datetime, policy: LockoutPolicy
                         ) -> tuple[int, datetime.datetime | None]:
    """The new failure count and lock expiry after one more failed sign-in."""
    failed = failed_so_far + 1
    if failed >= policy.attempts:
        return 0, now + datetime.timedelta(minutes=policy.minutes)
    return failed, None
