"""The clock's deadlines for a plan in force: annual reviews, their steps, and phase transfers.

Part of :class:`cases.statutory_clock_engine.Clock` (a mixin, so the engine stays readable):

* a review within 12 months of the plan being made, then of each review (CFA 2014 s.44(1));
* after each review meeting: the report (reg 20(7)-(8)), the decision to maintain, amend or
  cease (reg 20(10)), and for an amendment the notice (reg 22(2)), its comment period
  (reg 22(2)(c)), the final amended plan (reg 22(3)) and the 12-week long stop (Devon, 2022);
  a later review meeting supersedes the steps of an earlier review still not done
  (docs/decisions/0032);
* the review and amendment before a phase transfer (reg 18).

Each method reads ``self.facts`` and adds deadlines through the engine's ``add`` and
``comment_period``. Pure Python: no Django, no "today" of its own.
"""

from __future__ import annotations

import datetime

from cases.statutory_clock import AnnualReview, AssessDecision, PhaseTransferKind, ReviewOutcome
from cases.statutory_clock_checks import day_text
from cases.statutory_rules import ReviewAnchor

date = datetime.date


class PlanDeadlines:
    """Annual reviews and phase transfers of the plan (mixed into the engine's Clock)."""

    def plan(self) -> None:
        facts = self.facts  # type: ignore[attr-defined]
        made = facts.plan_made_on
        if made is None or (
            facts.decision_to_assess is AssessDecision.NOT_ASSESS
            and facts.final_plan_issued_on is None
        ):
            return
        self.annual_reviews(made)
        self.phase_transfers()

    def annual_reviews(self, made: date) -> None:
        ceased = self.facts.ceased_on  # type: ignore[attr-defined]
        stop_reason = "The plan ceased"
        indexed = [
            (i, review)
            for i, review in enumerate(self.facts.annual_reviews)  # type: ignore[attr-defined]
            if (review.meeting_on or review.decision_on) is not None
        ]
        indexed.sort(key=lambda pair: pair[1].meeting_on or pair[1].decision_on)  # type: ignore[arg-type, return-value]
        anchor = made
        first = self.facts.earlier_reviews + 1  # type: ignore[attr-defined]
        for position in range(len(indexed) + 1):
            number = first + position  # reviews are numbered in date order, counting from 1
            rules = self.rules(anchor)  # type: ignore[attr-defined]
            period = rules.period("annual_review")
            due = period.due(anchor, week_counting=rules.week_counting)
            title = (
                "Review the plan within 12 months of it being made"
                if number == 1
                else "Review the plan within 12 months of the last review"
            )
            if position == len(indexed):
                if ceased is not None and ceased < anchor:
                    return
                self.add(  # type: ignore[attr-defined]
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
            i, review = indexed[position]
            held = review.meeting_on or review.decision_on
            assert held is not None
            ref = review.ref or str(number)
            self.add(  # type: ignore[attr-defined]
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
            later = indexed[position + 1][1] if position + 1 < len(indexed) else None
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
        rules = self.rules(meeting)  # type: ignore[attr-defined]
        ceased = self.facts.ceased_on  # type: ignore[attr-defined]
        stop_reason = "The plan ceased"
        prefix = f"annual_reviews[{i}]"
        suffix = f"(annual review {number})"

        def add(name: str, key: str, title: str, trigger: date, done: date | None, *fields: str):
            period = rules.period(name)
            return self.add(  # type: ignore[attr-defined]
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
            self.comment_period(  # type: ignore[attr-defined]
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
        ceased = self.facts.ceased_on  # type: ignore[attr-defined]
        for i, transfer in enumerate(self.facts.phase_transfers):  # type: ignore[attr-defined]
            ref = transfer.ref or str(i + 1)
            fields = (f"phase_transfers[{i}].amended_plan_on",)
            if transfer.kind is PhaseTransferKind.BETWEEN_POST_16:
                if transfer.transfer_on is None:
                    continue
                rules = self.rules(transfer.transfer_on)  # type: ignore[attr-defined]
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
                rules = self.rules(datetime.date(year, 1, 1))  # type: ignore[attr-defined]
                period = rules.calendar_days[name]
                due = period.last_day_before(year, strict=rules.phase_transfer_before_is_strict)
                move = (
                    "the move to post-16 education"
                    if transfer.kind is PhaseTransferKind.POST_16
                    else "the phase transfer"
                )
                title = f"Review and amend the plan for {move} in {year}: before {period.description} {year}"
                trigger = None
            self.add(  # type: ignore[attr-defined]
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
