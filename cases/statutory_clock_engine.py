"""Works out each deadline of one case from its facts and the rule set in force.

:class:`Clock` holds the machinery every deadline shares: choosing the rule set in force, adding
a deadline with its status (met, missed, pending, closed by a withdrawal, a ceased plan or a
later review), time limits that a statutory exception can switch off, and comment periods. The
duties themselves are worked out by area in mixins: :mod:`cases.statutory_clock_assessment`
(the request and assessment), :mod:`cases.statutory_clock_plan` (annual reviews and phase
transfers) and :mod:`cases.statutory_clock_redress` (re-assessment, appeals not opposed,
tribunal orders, the appeal window). Import the clock from :mod:`cases.statutory_clock`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence

from cases.statutory_clock import (
    AdviceBody,
    CaseFacts,
    Deadline,
    ExceptionReason,
    Status,
    TimeLimitException,
)
from cases.statutory_clock_assessment import AssessmentDeadlines
from cases.statutory_clock_checks import day_text, find_problems
from cases.statutory_clock_plan import PlanDeadlines
from cases.statutory_clock_redress import RedressDeadlines
from cases.statutory_rules import RuleSet, select_rule_set

date = datetime.date

_ASSESSMENT_REASONS = {
    ExceptionReason.SCHOOL_CLOSURE,
    ExceptionReason.EARLY_YEARS_CLOSURE,
    ExceptionReason.PERSONAL_CIRCUMSTANCES,
    ExceptionReason.ABSENCE_FROM_AREA,
    ExceptionReason.CORONAVIRUS,
    ExceptionReason.FLAG_ONLY,
}


def _status(due: date, done: date | None, today: date, *, switched_off: bool = False) -> Status:
    if switched_off:
        return Status.SWITCHED_OFF
    if done is not None:
        return Status.MET if done <= due else Status.MISSED
    return Status.PENDING if today <= due else Status.MISSED


def _overlap_days(a_start: date, a_end: date, b_start: date, b_end: date) -> int:
    """Days shared by two inclusive ranges (0 if none)."""
    return max((min(a_end, b_end) - max(a_start, b_start)).days + 1, 0)


class Clock(AssessmentDeadlines, PlanDeadlines, RedressDeadlines):
    """Builds the deadlines of one case; one instance per call: ``Clock(facts, today, rule_sets).run()``."""

    def __init__(self, facts: CaseFacts, today: date, rule_sets: Sequence[RuleSet]) -> None:
        self.facts = facts
        self.today = today
        self.rule_sets = tuple(rule_sets)
        self.out: list[Deadline] = []
        self.problems: dict[str, list[str]] = {}
        for problem in find_problems(facts, today=today):
            self.problems.setdefault(problem.field, []).append(problem.message)

    # -- helpers ---------------------------------------------------------------------------

    def rules(self, on: date) -> RuleSet:
        if len(self.rule_sets) == 1 and self.rule_sets[0].in_force_on(on):
            return self.rule_sets[0]  # the common case, without building lists
        try:
            return select_rule_set(self.rule_sets, on)
        except LookupError:
            # Before the first rule set (or in a gap): use the nearest set rather than fail.
            # fact_problems() reports a request before 1 September 2014.
            return min(self.rule_sets, key=lambda rule_set: abs((rule_set.in_force_from - on).days))

    def problem_for(self, *paths: str) -> str:
        if not self.problems:
            return ""
        return " ".join(message for path in paths for message in self.problems.get(path, ()))

    def add(
        self,
        key: str,
        title: str,
        *,
        trigger: date | None,
        due: date,
        source: str,
        done: date | None,
        stop: date | None = None,
        stop_reason: str = "",
        exception: ExceptionReason | None = None,
        fields: Iterable[str] = (),
        note: str = "",
        status: Status | None = None,
        superseded_on: date | None = None,
    ) -> Deadline:
        closed_on = None
        if status is None:
            status = _status(due, done, self.today, switched_off=exception is not None)
        if done is None and superseded_on is not None and status in (Status.PENDING, Status.MISSED):
            # A later review meeting overtook this review's step: closed, not owed, not missed.
            status, closed_on = Status.SUPERSEDED, superseded_on
            note = (
                f"Not recorded before the next review meeting on {day_text(superseded_on)}, "
                "which superseded this review."
            )
        if (
            done is None
            and stop is not None
            and stop <= self.today
            and status not in (Status.MET, Status.SUPERSEDED)
        ):
            # The request was withdrawn or the plan ceased before the duty was done: it is no
            # longer owed. A limit already missed by then stays missed.
            closed_on = stop
            if status is Status.PENDING or stop <= due:
                status = Status.NOT_APPLICABLE
                note = f"{stop_reason} on {day_text(stop)}."
            else:
                note = note or f"{stop_reason} on {day_text(stop)}."
        if exception is not None and not note:
            note = (
                f"Time limit does not apply: {exception.label.lower()}. The duty is to act as "
                "soon as practicable."
            )
        deadline = Deadline(
            key=key,
            title=title,
            due=due,
            source=source,
            status=status,
            met_on=done,
            trigger_on=trigger,
            exception=exception,
            problem=self.problem_for(*fields),
            note=note,
            closed_on=closed_on,
        )
        self.out.append(deadline)
        return deadline

    def time_limit(
        self,
        key: str,
        title: str,
        *,
        trigger: date,
        done: date | None,
        stop: date | None,
        stop_reason: str,
        fields: Iterable[str],
        period_name: str = "",
        decide: Callable[[date], tuple[Status | None, str]] | None = None,
    ) -> None:
        """A time limit on the local authority that a statutory exception can switch off.

        ``period_name`` defaults to ``key``; ``decide(due)`` may settle the status first (a duty
        that does not arise, say), in which case exceptions are not looked at.
        """
        name = period_name or key
        rules = self.rules(trigger)
        period = rules.period(name)
        due = period.due(trigger, week_counting=rules.week_counting)
        status, note = decide(due) if decide else (None, "")
        self.add(
            key,
            title,
            trigger=trigger,
            due=due,
            source=period.source,
            done=done,
            stop=stop,
            stop_reason=stop_reason,
            exception=None if status else self.exception_for(key, name, trigger, due),
            fields=fields,
            note=note,
            status=status,
        )

    def comment_period(
        self,
        key: str,
        title: str,
        *,
        served: date,
        period_name: str,
        final_name: str,
        final_on: date | None,
        fields: Iterable[str],
        received_on: date | None = None,
        superseded_on: date | None = None,
    ) -> None:
        """A period of at least 15 days for the family's comments (reg 13(1), 22(2)(c)).

        It is a minimum, not a time limit: pending while it runs; met once the family's comments
        arrive (``received_on``; late if after the period) or once it has run; missed if the
        final plan was issued before it ended without the family's comments.
        """
        rules = self.rules(served)
        period = rules.period(period_name)
        due = period.due(served, week_counting=rules.week_counting)
        if final_on is not None and final_on <= due and (received_on is None or final_on < received_on):
            status = Status.MISSED
            note = (
                f"The {final_name} was issued on {day_text(final_on)}, before the comment "
                f"period ended on {day_text(due)}."
            )
        elif received_on is not None:
            status = Status.MET if received_on <= due else Status.MISSED
            note = f"Comments received on {day_text(received_on)}" + (
                "." if received_on <= due else f", after the comment period ended on {day_text(due)}."
            )
        elif self.today > due:
            status, note = Status.MET, f"The comment period ended on {day_text(due)}."
        else:
            status, note = Status.PENDING, ""
        self.add(
            key,
            title,
            trigger=served,
            due=due,
            source=period.source,
            done=received_on,
            fields=fields,
            note=note,
            status=status,
            # Only a period still running is overtaken; one cut short stays missed.
            superseded_on=superseded_on if status is Status.PENDING else None,
        )

    def recorded_against(self, key: str, family: str) -> ExceptionReason | None:
        """An exception recorded explicitly against this limit (``limits``), if any."""
        for exception in self.facts.exceptions:
            if key in exception.limits or family in exception.limits:
                return exception.reason
        return None

    def exception_for(
        self, key: str, family: str, start: date, due: date
    ) -> ExceptionReason | None:
        """The first recorded exception that switches off limit ``key`` (of kind ``family``)."""
        recorded = self.recorded_against(key, family)
        if recorded is not None:
            return recorded
        for exception in self.facts.exceptions:
            if exception.limits:
                continue  # recorded against other limits only
            if exception.reason is ExceptionReason.FLAG_ONLY:
                if family == "final_plan":
                    return exception.reason
                continue
            if exception.reason in _ASSESSMENT_REASONS and self._falls_within(
                exception, start, due
            ):
                return exception.reason
        return None

    def _falls_within(self, exception: TimeLimitException, start: date, due: date) -> bool:
        """Whether a dated circumstance happened during the time period ``start``..``due``."""
        began, ended = exception.starts_on, exception.ends_on
        reason = exception.reason
        if reason is ExceptionReason.CORONAVIRUS:
            window = self.rules(start).exception_windows.get("coronavirus")
            if window is None or _overlap_days(window[0], window[1], start, due) == 0:
                return False
            if began is None:
                return True
            return _overlap_days(began, ended or due, start, due) > 0
        if began is None:
            return True  # recorded without dates: the officer's record is trusted
        if reason is ExceptionReason.PERSONAL_CIRCUMSTANCES:
            return _overlap_days(began, ended or max(began, due), start, due) > 0
        if reason is ExceptionReason.ABSENCE_FROM_AREA:
            # Absent for a continuous period of not less than 4 weeks during the time period.
            until = ended or min(self.today, due)
            return _overlap_days(began, until, start, due) >= 28
        # School or early years closure of 4+ weeks: advice requested from it during the period
        # from one week before it closes to one week before it re-opens (reg 10(4)(a)-(b)).
        if ended is None or (ended - began).days < 28:
            return False
        window_start = began - datetime.timedelta(days=7)
        window_end = ended - datetime.timedelta(days=7)
        body = (
            AdviceBody.EDUCATION
            if reason is ExceptionReason.SCHOOL_CLOSURE
            else AdviceBody.EARLY_YEARS
        )
        asked = [
            advice.received_by_body_on
            for advice in self.facts.advice_requests
            if advice.body == body and advice.received_by_body_on is not None
        ]
        if self.facts.advice_requests:
            return any(window_start <= day <= window_end for day in asked)
        # No requests for advice are recorded at all (an imported case): fall back to the
        # closure window overlapping the time period.
        return _overlap_days(window_start, window_end, start, due) > 0

    def run(self) -> list[Deadline]:
        self.assessment()
        self.plan()
        self.reassessments()
        self.unopposed_appeals()
        self.tribunal_orders()
        self.appeal_window()
        return sorted(self.out, key=lambda deadline: deadline.due)
