"""The clock's deadlines for re-assessment, unopposed appeals, tribunal orders and the appeal window.

Part of :class:`cases.statutory_clock_engine.Clock` (a mixin, so the engine stays readable):
each method reads ``self.facts`` and adds deadlines through the engine's ``add`` and
``time_limit``. The periods are rule data in :mod:`cases.send_regulations_2014`:

* re-assessment: the decision whether to re-assess within 15 days of a request (reg 25(1),
  unconfirmed), then the amended or replacement plan within 14 weeks of the notice (reg 27(2)),
  which the reg 27(3) exceptions can switch off;
* unopposed appeals (reg 45 as substituted by SI 2015/359), from the day the local authority
  told the tribunal: against a refusal to assess or re-assess, 2 weeks to tell the family it will
  assess, then 10 weeks for a decision that no plan is needed or 14 weeks for the final plan;
  about the plan's contents or a refusal to amend, 5 weeks for the amended plan;
* tribunal orders: an order to assess, 14 weeks (reg 44(2), unconfirmed); a mediation agreement
  counts as an order (reg 42(2)); an agreement on matters that cannot be appealed, 2 weeks
  (reg 42(3)). Other orders get no deadline: reg 44's other limits are not verified;
* the appeal window: the last day for the tribunal to receive an appeal, 2 months from the
  latest appealable decision or 1 month from a mediation certificate, whichever is later, moved
  out of 25 December to 1 January and August (HESC Chamber Rules 2008 r.20, unconfirmed).

None of the reg 44, 45 or 42 limits has an exception in the rule data, so they are never
switched off. Pure Python: no Django, no "today" of its own.
"""

from __future__ import annotations

import datetime

from cases.statutory_clock import OrderKind, Status, UnopposedKind
from cases.statutory_clock_checks import day_text
from cases.statutory_rules import appeal_holiday_adjustment

date = datetime.date


class RedressDeadlines:
    """Re-assessments, unopposed appeals, tribunal orders and the appeal window (mixed into the
    engine's Clock)."""

    def fixed_limit(
        self,
        key: str,
        title: str,
        period_name: str,
        *,
        trigger: date,
        done: date | None,
        fields: tuple[str, ...],
        stop: date | None = None,
        stop_reason: str = "",
        status: Status | None = None,
        note: str = "",
        source_suffix: str = "",
    ) -> date:
        """A time limit no exception switches off. Returns its due date."""
        rules = self.rules(trigger)  # type: ignore[attr-defined]
        period = rules.period(period_name)
        due = period.due(trigger, week_counting=rules.week_counting)
        self.add(  # type: ignore[attr-defined]
            key,
            title,
            trigger=trigger,
            due=due,
            source=period.source + source_suffix,
            done=done,
            stop=stop,
            stop_reason=stop_reason,
            fields=fields,
            status=status,
            note=note,
        )
        return due

    # -- re-assessment (regs 25, 27) -------------------------------------------------------

    def reassessments(self) -> None:
        facts = self.facts  # type: ignore[attr-defined]
        if facts.plan_made_on is None:
            return  # a re-assessment is of a plan; fact_problems() says so
        ceased, stop_reason = facts.ceased_on, "The plan ceased"
        for i, item in enumerate(facts.reassessments):
            ref = item.ref or str(i + 1)
            if item.requested_on is not None:
                self.fixed_limit(
                    f"reassessment_decision:{ref}",
                    "Tell the family whether the plan will be re-assessed",
                    "reassessment_decision",
                    trigger=item.requested_on,
                    done=item.started_on or item.decided_not_to_reassess_on,
                    stop=ceased,
                    stop_reason=stop_reason,
                    fields=(
                        f"reassessments[{i}].started_on",
                        f"reassessments[{i}].decided_not_to_reassess_on",
                    ),
                )
            if item.started_on is None:
                continue
            no_change = item.decided_no_change_on if item.completed_on is None else None
            self.time_limit(  # type: ignore[attr-defined]
                f"reassessment:{ref}",
                "Finish the re-assessment: issue the amended or replacement plan",
                period_name="reassessment",
                trigger=item.started_on,
                done=item.completed_on,
                stop=ceased,
                stop_reason=stop_reason,
                fields=(f"reassessments[{i}].completed_on",),
                decide=lambda due, no_change=no_change: (
                    (
                        Status.NOT_APPLICABLE,
                        f"Decided on {day_text(no_change)} not to amend or replace the plan.",
                    )
                    if no_change
                    else (None, "")
                ),
            )

    # -- unopposed appeals (reg 45) ----------------------------------------------------------

    def unopposed_appeals(self) -> None:
        facts = self.facts  # type: ignore[attr-defined]
        for i, appeal in enumerate(facts.unopposed_appeals):
            notified = appeal.notified_on
            if notified is None:
                continue  # no clock without a start; fact_problems() says so
            ref = appeal.ref or str(i + 1)
            prefix = f"unopposed_appeals[{i}]"
            suffix = " (appeal not opposed)"
            if appeal.kind is UnopposedKind.AMENDMENT:
                self.fixed_limit(
                    f"unopposed_amended_plan:{ref}",
                    "Issue the amended plan" + suffix,
                    "unopposed_amended_plan",
                    trigger=notified,
                    done=appeal.plan_issued_on,
                    stop=facts.ceased_on,
                    stop_reason="The plan ceased",
                    fields=(f"{prefix}.plan_issued_on",),
                )
                continue
            self.fixed_limit(
                f"unopposed_notice:{ref}",
                "Tell the family the assessment will go ahead" + suffix,
                "unopposed_assessment_notice",
                trigger=notified,
                done=appeal.told_family_on,
                fields=(f"{prefix}.told_family_on",),
                **(
                    {"status": Status.MET, "note": "Met: later steps are recorded, but not this date."}
                    if appeal.told_family_on is None and (appeal.no_plan_on or appeal.plan_issued_on)
                    else {}
                ),
            )
            plan_on, no_plan_on = appeal.plan_issued_on, appeal.no_plan_on
            due = self.rules(notified).due("unopposed_no_plan", notified)  # type: ignore[attr-defined]
            status, note = None, ""
            if no_plan_on is None and plan_on is not None:
                status, note = Status.NOT_APPLICABLE, "A plan was issued."
            elif no_plan_on is None and self.today > due:  # type: ignore[attr-defined]
                status, note = Status.NOT_APPLICABLE, (
                    f"10 weeks passed on {day_text(due)} without a decision that no plan is "
                    "needed: the plan should now be issued."
                )
            self.fixed_limit(
                f"unopposed_no_plan:{ref}",
                "Tell the family if no plan is needed" + suffix,
                "unopposed_no_plan",
                trigger=notified,
                done=no_plan_on,
                fields=(f"{prefix}.no_plan_on",),
                status=status,
                note=note,
            )
            not_issuing = plan_on is None and no_plan_on is not None
            self.fixed_limit(
                f"unopposed_final_plan:{ref}",
                "Issue the final plan" + suffix,
                "unopposed_final_plan",
                trigger=notified,
                done=plan_on,
                fields=(f"{prefix}.plan_issued_on",),
                status=Status.NOT_APPLICABLE if not_issuing else None,
                note="The decision was that no plan is needed." if not_issuing else "",
            )

    # -- tribunal orders and mediation agreements (regs 42, 44) ------------------------------

    def tribunal_orders(self) -> None:
        facts = self.facts  # type: ignore[attr-defined]
        for i, order in enumerate(facts.tribunal_orders):
            if order.made_on is None or order.kind is OrderKind.OTHER:
                continue  # no start, or no verified time limit to count
            ref = order.ref or str(i + 1)
            fields = (f"tribunal_orders[{i}].complied_on",)
            if order.kind is OrderKind.ASSESS:
                made_by = "mediation agreement" if order.by_mediation else "tribunal order"
                self.fixed_limit(
                    f"order_to_assess:{ref}",
                    f"Carry out the assessment and issue the plan ({made_by})",
                    "order_to_assess",
                    trigger=order.made_on,
                    done=order.complied_on,
                    fields=fields,
                    source_suffix="; reg 42(2) for a mediation agreement" if order.by_mediation else "",
                )
            else:
                self.fixed_limit(
                    f"mediation_agreement:{ref}",
                    "Do what the mediation agreement says",
                    "mediation_agreement",
                    trigger=order.made_on,
                    done=order.complied_on,
                    fields=fields,
                )

    def appeal_window(self) -> None:
        facts = self.facts  # type: ignore[attr-defined]
        decision, certificate = facts.appealable_decision_on, facts.mediation_certificate_on
        if decision is None and certificate is None:
            return
        rules = self.rules(decision or certificate)  # type: ignore[attr-defined, arg-type]
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
        if registered is None and self.today > due:  # type: ignore[attr-defined]
            status = Status.NOT_APPLICABLE
            note = f"The appeal window closed on {day_text(due)} with no appeal recorded."
        elif registered is not None and registered > due:
            note = "The appeal was late: the tribunal may extend time."
        self.add(  # type: ignore[attr-defined]
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
