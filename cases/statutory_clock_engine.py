"""Works out each deadline of one case from its facts and the rule set in force."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence

from cases.statutory_clock import (
    AdviceBody,
    AnnualReview,
    AssessDecision,
    CaseFacts,
    Deadline,
    ExceptionReason,
    PhaseTransferKind,
    ReviewOutcome,
    Status,
    TimeLimitException,
    body_name,
)
from cases.statutory_clock_checks import day_text, find_problems
from cases.statutory_clock_redress import RedressDeadlines
from cases.statutory_rules import ReviewAnchor, RuleSet, appeal_holiday_adjustment, select_rule_set

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


class Clock(RedressDeadlines):
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

    # -- the assessment --------------------------------------------------------------------

    def assessment(self) -> None:
        facts = self.facts
        request = facts.request_received_on
        if request is None:
            return
        withdrawn = facts.withdrawn_on
        stop_reason = "The request was withdrawn"
        outcome = facts.decision_to_assess
        plan_issued = facts.final_plan_issued_on or (
            facts.plan_start_on if outcome is not AssessDecision.NOT_ASSESS else None
        )
        later_steps = (
            facts.draft_plan_issued_on,
            plan_issued,
            facts.decision_not_to_issue_on,
            *(advice.received_by_body_on for advice in facts.advice_requests),
        )

        # A1: decision whether to assess, 6 weeks from the request (reg 5).
        decided_without_date = facts.decision_to_assess_on is None and (
            outcome is not None or any(d for d in later_steps)
        )
        self.time_limit(
            "decision_to_assess",
            "Decide whether to carry out an EHC needs assessment",
            trigger=request,
            done=facts.decision_to_assess_on,
            stop=withdrawn,
            stop_reason=stop_reason,
            fields=("decision_to_assess_on", "decision_to_assess", "request_received_on"),
            decide=lambda due: (
                (Status.MET, "Met: later steps are recorded, but not the decision date.")
                if decided_without_date
                else (None, "")
            ),
        )
        if outcome is AssessDecision.NOT_ASSESS:
            return

        # A2: advice from each body, 6 weeks from the body's receipt of the request (reg 8).
        for i, advice in enumerate(facts.advice_requests):
            if advice.received_by_body_on is None:
                continue  # no clock without a start; fact_problems() says so
            advice_rules = self.rules(advice.received_by_body_on)
            period = advice_rules.period("advice")
            key = f"advice:{advice.ref or i + 1}"
            self.add(
                key,
                f"Advice from {body_name(advice.body)}",
                trigger=advice.received_by_body_on,
                due=period.due(
                    advice.received_by_body_on, week_counting=advice_rules.week_counting
                ),
                source=period.source,
                done=advice.advice_received_on,
                stop=withdrawn,
                stop_reason=stop_reason,
                exception=advice.exception or self.recorded_against(key, "advice"),
                fields=(
                    f"advice_requests[{i}].received_by_body_on",
                    f"advice_requests[{i}].advice_received_on",
                ),
            )

        # A3: decision not to issue a plan, 16 weeks from the request (reg 10).
        not_issued = facts.decision_not_to_issue_on

        def not_to_issue(due: date) -> tuple[Status | None, str]:
            if not_issued is not None:
                return None, ""
            if plan_issued or facts.draft_plan_issued_on:
                return Status.NOT_APPLICABLE, "The local authority decided to issue a plan."
            if self.today > due:
                return Status.NOT_APPLICABLE, (
                    f"16 weeks passed on {day_text(due)} without a decision not to issue: the "
                    "plan should now be issued. A decision not to issue made now would be late."
                )
            return None, ""

        self.time_limit(
            "decision_not_to_issue",
            "Tell the family if the decision is not to issue an EHC plan",
            trigger=request,
            done=not_issued,
            stop=withdrawn,
            stop_reason=stop_reason,
            fields=("decision_not_to_issue_on",),
            decide=not_to_issue,
        )

        # A4: at least 15 days for comments, beginning with the day the draft is served.
        if facts.draft_plan_issued_on is not None:
            self.comment_period(
                "draft_comments",
                "Comment period on the draft plan ends",
                served=facts.draft_plan_issued_on,
                period_name="draft_comments",
                final_name="final plan",
                final_on=facts.final_plan_issued_on,
                fields=("draft_plan_issued_on", "draft_comments_received_on"),
                received_on=facts.draft_comments_received_on,
            )

        # A6: final plan, 20 weeks from the request (reg 13(2)).
        not_issuing = plan_issued is None and not_issued is not None
        self.time_limit(
            "final_plan",
            "Issue the final EHC plan",
            trigger=request,
            done=plan_issued,
            stop=withdrawn,
            stop_reason=stop_reason,
            fields=("final_plan_issued_on", "plan_start_on"),
            decide=lambda due: (
                (Status.NOT_APPLICABLE, "The decision was not to issue a plan.")
                if not_issuing
                else (None, "")
            ),
        )

    # -- the plan --------------------------------------------------------------------------

    def plan(self) -> None:
        facts = self.facts
        made = facts.plan_made_on
        if made is None or (
            facts.decision_to_assess is AssessDecision.NOT_ASSESS
            and facts.final_plan_issued_on is None
        ):
            return
        self.annual_reviews(made)
        self.phase_transfers()

    def annual_reviews(self, made: date) -> None:
        ceased = self.facts.ceased_on
        stop_reason = "The plan ceased"
        indexed = [
            (i, review)
            for i, review in enumerate(self.facts.annual_reviews)
            if (review.meeting_on or review.decision_on) is not None
        ]
        indexed.sort(key=lambda pair: pair[1].meeting_on or pair[1].decision_on)  # type: ignore[arg-type, return-value]
        anchor = made
        for number in range(1, len(indexed) + 2):
            rules = self.rules(anchor)
            period = rules.period("annual_review")
            due = period.due(anchor, week_counting=rules.week_counting)
            title = (
                "Review the plan within 12 months of it being made"
                if number == 1
                else "Review the plan within 12 months of the last review"
            )
            if number > len(indexed):
                if ceased is not None and ceased < anchor:
                    return
                self.add(
                    "annual_review:next",
                    title,
                    trigger=anchor,
                    due=due,
                    source=period.source,
                    done=None,
                    stop=ceased,
                    stop_reason=stop_reason,
                )
                return
            i, review = indexed[number - 1]
            held = review.meeting_on or review.decision_on
            assert held is not None
            ref = review.ref or str(number)
            self.add(
                f"annual_review:{ref}",
                title,
                trigger=anchor,
                due=due,
                source=period.source,
                done=held,
                fields=(f"annual_reviews[{i}].meeting_on",),
                note=""
                if review.meeting_on
                else "Meeting date not recorded: the decision date is used.",
            )
            later = indexed[number][1] if number < len(indexed) else None
            self.review_steps(
                i,
                ref,
                number,
                review,
                superseded_on=(later.meeting_on or later.decision_on) if later else None,
            )
            anchor = (
                review.decision_on
                if rules.review_anchor is ReviewAnchor.DECISION and review.decision_on
                else held
            )

    def review_steps(
        self,
        i: int,
        ref: str,
        number: int,
        review: AnnualReview,
        *,
        superseded_on: date | None = None,
    ) -> None:
        """The report, decision and amendment of one review. ``superseded_on``: the next review's
        meeting, which closes the steps of this one still not done (Status.SUPERSEDED)."""
        meeting = review.meeting_on
        if meeting is None:
            return
        rules = self.rules(meeting)
        ceased = self.facts.ceased_on
        stop_reason = "The plan ceased"
        prefix = f"annual_reviews[{i}]"
        suffix = f"(annual review {number})"

        def add(name: str, key: str, title: str, trigger: date, done: date | None, *fields: str):
            period = rules.period(name)
            return self.add(
                f"{key}:{ref}",
                f"{title} {suffix}",
                trigger=trigger,
                due=period.due(trigger, week_counting=rules.week_counting),
                source=period.source,
                done=done,
                stop=ceased,
                stop_reason=stop_reason,
                fields=fields,
                superseded_on=superseded_on,
            )

        add(
            "review_report",
            "review_report",
            "Send the review report",
            meeting,
            review.report_on,
            f"{prefix}.report_on",
        )
        add(
            "review_decision",
            "review_decision",
            "Decide to maintain, amend or cease the plan",
            meeting,
            review.decision_on,
            f"{prefix}.decision_on",
        )
        amending = review.outcome is ReviewOutcome.AMEND or review.amendment_notice_on is not None
        if not amending:
            return
        finished = review.final_amended_plan_on or review.decided_not_to_amend_on
        add(
            "amendment_notice",
            "amendment_notice",
            "Send the notice of proposed amendments",
            meeting,
            review.amendment_notice_on,
            f"{prefix}.amendment_notice_on",
        )
        notice = review.amendment_notice_on
        if notice is not None:
            self.comment_period(
                f"amendment_comments:{ref}",
                f"Comment period on the proposed amendments ends {suffix}",
                served=notice,
                period_name="amendment_representations",
                final_name="final amended plan",
                final_on=review.final_amended_plan_on,
                fields=(f"{prefix}.amendment_notice_on",),
                superseded_on=superseded_on,
            )
            add(
                "final_amended_plan",
                "final_amended_plan",
                "Issue the final amended plan",
                notice,
                finished,
                f"{prefix}.final_amended_plan_on",
                f"{prefix}.decided_not_to_amend_on",
            )
        add(
            "amendment_long_stop",
            "amendment_long_stop",
            "Finish the amendment within 12 weeks of the review meeting",
            meeting,
            finished,
        )

    def phase_transfers(self) -> None:
        ceased = self.facts.ceased_on
        for i, transfer in enumerate(self.facts.phase_transfers):
            ref = transfer.ref or str(i + 1)
            fields = (f"phase_transfers[{i}].amended_plan_on",)
            if transfer.kind is PhaseTransferKind.BETWEEN_POST_16:
                if transfer.transfer_on is None:
                    continue
                rules = self.rules(transfer.transfer_on)
                period = rules.period("phase_transfer_between_post_16")
                due = period.before(transfer.transfer_on)
                title = (
                    "Review and amend the plan at least 5 months before the move to another "
                    f"post-16 institution on {day_text(transfer.transfer_on)}"
                )
                trigger = None
            else:
                if transfer.transfer_year is None:
                    continue
                year = transfer.transfer_year
                name = (
                    "phase_transfer_post_16"
                    if transfer.kind is PhaseTransferKind.POST_16
                    else "phase_transfer_school"
                )
                rules = self.rules(datetime.date(year, 1, 1))
                period = rules.calendar_days[name]
                due = period.last_day_before(year, strict=rules.phase_transfer_before_is_strict)
                move = (
                    "the move to post-16 education"
                    if transfer.kind is PhaseTransferKind.POST_16
                    else "the phase transfer"
                )
                title = f"Review and amend the plan for {move} in {year}: before {period.description} {year}"
                trigger = None
            self.add(
                f"phase_transfer:{ref}",
                title,
                trigger=trigger,
                due=due,
                source=period.source,
                done=transfer.amended_plan_on,
                stop=ceased,
                stop_reason="The plan ceased",
                fields=fields,
            )

    # -- redress ---------------------------------------------------------------------------

    def appeal_window(self) -> None:
        facts = self.facts
        decision, certificate = facts.appealable_decision_on, facts.mediation_certificate_on
        if decision is None and certificate is None:
            return
        rules = self.rules(decision or certificate)  # type: ignore[arg-type]
        candidates: list[tuple[date, str]] = []
        if decision is not None:
            period = rules.period("appeal_after_decision")
            candidates.append(
                (period.due(decision, week_counting=rules.week_counting), period.source)
            )
        if certificate is not None:
            period = rules.period("appeal_after_mediation_certificate")
            candidates.append(
                (period.due(certificate, week_counting=rules.week_counting), period.source)
            )
        due, source = max(candidates)
        note = ""
        if rules.appeal_holiday_adjustment:
            adjusted = appeal_holiday_adjustment(due)
            if adjusted != due:
                note = f"Moved from {day_text(due)}: appeal deadlines do not fall on 25 December to 1 January or in August."
                due = adjusted
        registered = facts.appeal_registered_on
        status = None
        if registered is None and self.today > due:
            status = Status.NOT_APPLICABLE
            note = f"The appeal window closed on {day_text(due)} with no appeal recorded."
        elif registered is not None and registered > due:
            note = "The appeal was late: the tribunal may extend time."
        self.add(
            "appeal_window",
            "Last day for the tribunal to receive an appeal",
            trigger=decision or certificate,
            due=due,
            source=source,
            done=registered,
            fields=("appeal_registered_on", "mediation_certificate_on", "appealable_decision_on"),
            note=note,
            status=status,
        )

    def run(self) -> list[Deadline]:
        self.assessment()
        self.plan()
        self.reassessments()
        self.unopposed_appeals()
        self.tribunal_orders()
        self.appeal_window()
        return sorted(self.out, key=lambda deadline: deadline.due)
