"""The clock's deadlines for a request and the EHC needs assessment that follows it.

Part of :class:`cases.statutory_clock_engine.Clock` (a mixin, so the engine stays readable): the
decision whether to assess (reg 5), advice from each body (reg 8), the decision not to issue a
plan (reg 10), the comment period on the draft plan (reg 13(1)) and the final plan within 20
weeks of the request (reg 13(2)). Each method reads ``self.facts`` and adds deadlines through
the engine's ``add``, ``time_limit`` and ``comment_period``; the statutory exceptions that can
switch these limits off are found by the engine's ``exception_for``. Pure Python: no Django, no
"today" of its own.
"""

from __future__ import annotations

import datetime

from cases.statutory_clock import AssessDecision, Status, body_name
from cases.statutory_clock_checks import day_text

date = datetime.date


class AssessmentDeadlines:
    """The request and the assessment (mixed into the engine's Clock)."""

    def assessment(self) -> None:
        facts = self.facts  # type: ignore[attr-defined]
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
        self.time_limit(  # type: ignore[attr-defined]
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
            advice_rules = self.rules(advice.received_by_body_on)  # type: ignore[attr-defined]
            period = advice_rules.period("advice")
            key = f"advice:{advice.ref or i + 1}"
            self.add(  # type: ignore[attr-defined]
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
                exception=advice.exception or self.recorded_against(key, "advice"),  # type: ignore[attr-defined]
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
            if self.today > due:  # type: ignore[attr-defined]
                return Status.NOT_APPLICABLE, (
                    f"16 weeks passed on {day_text(due)} without a decision not to issue: the "
                    "plan should now be issued. A decision not to issue made now would be late."
                )
            return None, ""

        self.time_limit(  # type: ignore[attr-defined]
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
            self.comment_period(  # type: ignore[attr-defined]
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
        self.time_limit(  # type: ignore[attr-defined]
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
