"""Facts out of order: found, described in plain English, never raised."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from cases.statutory_clock import (
    RULE_SETS,
    AssessDecision,
    CaseFacts,
    ExceptionReason,
    FactProblem,
    PhaseTransferKind,
    body_name,
)

date = datetime.date


_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def day_text(value: date) -> str:
    """A date as GOV.UK writes it: "1 March 2024" (without strftime, which is slow and local)."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


# Plain-English names of the dated facts, by field (``{body}``: the body asked for advice).
_NAMES = {
    "request_received_on": "the request",
    "decision_to_assess_on": "the decision whether to assess",
    "decision_not_to_issue_on": "the decision not to issue",
    "draft_plan_issued_on": "the draft plan",
    "draft_comments_received_on": "the comments on the draft plan",
    "final_plan_issued_on": "the final plan",
    "plan_start_on": "the plan's start",
    "plan_made_on": "the plan",
    "appealable_decision_on": "the appealable decision",
    "mediation_certificate_on": "the mediation certificate",
    "appeal_registered_on": "the appeal",
    "withdrawn_on": "the withdrawal",
    "ceased_on": "the ceasing of the plan",
    "advice_requests.received_by_body_on": "the request for advice from {body}",
    "advice_requests.advice_received_on": "the advice from {body}",
    "annual_reviews.meeting_on": "the review meeting",
    "annual_reviews.report_on": "the review report",
    "annual_reviews.decision_on": "the review decision",
    "annual_reviews.amendment_notice_on": "the amendment notice",
    "annual_reviews.final_amended_plan_on": "the final amended plan",
    "annual_reviews.decided_not_to_amend_on": "the decision not to amend",
    "phase_transfers.amended_plan_on": "the amended plan",
    "reassessments.requested_on": "the request to re-assess",
    "reassessments.started_on": "the re-assessment",
    "reassessments.decided_not_to_reassess_on": "the decision not to re-assess",
    "reassessments.completed_on": "the end of the re-assessment",
    "reassessments.decided_no_change_on": "the decision not to amend or replace the plan",
    "unopposed_appeals.notified_on": "the notice that the appeal is not opposed",
    "unopposed_appeals.told_family_on": "telling the family the assessment will go ahead",
    "unopposed_appeals.no_plan_on": "the decision that no plan is needed",
    "unopposed_appeals.plan_issued_on": "the plan issued after the appeal",
    "tribunal_orders.made_on": "the order or agreement",
    "tribunal_orders.complied_on": "compliance with the order or agreement",
    "exceptions.starts_on": "the exception's start",
    "exceptions.ends_on": "the exception's end",
}
# Facts that may not be dated after today (exceptions and planned moves may be).
_EVENTS = tuple(name for name in _NAMES if "." not in name and name != "plan_made_on")
_ITEM_EVENTS = {
    "advice_requests": ("received_by_body_on", "advice_received_on"),
    "annual_reviews": (
        "meeting_on",
        "report_on",
        "decision_on",
        "amendment_notice_on",
        "final_amended_plan_on",
        "decided_not_to_amend_on",
    ),
    "phase_transfers": ("amended_plan_on",),
    "reassessments": (
        "requested_on",
        "started_on",
        "decided_not_to_reassess_on",
        "completed_on",
        "decided_no_change_on",
    ),
    "unopposed_appeals": ("notified_on", "told_family_on", "no_plan_on", "plan_issued_on"),
    "tribunal_orders": ("made_on", "complied_on"),
}
# (later, earlier): the later event must not be dated before the earlier one.
_ORDER = (
    ("decision_to_assess_on", "request_received_on"),
    ("decision_not_to_issue_on", "request_received_on"),
    ("draft_plan_issued_on", "request_received_on"),
    ("final_plan_issued_on", "request_received_on"),
    ("final_plan_issued_on", "draft_plan_issued_on"),
    ("draft_comments_received_on", "draft_plan_issued_on"),
    ("appeal_registered_on", "appealable_decision_on"),
    ("withdrawn_on", "request_received_on"),
    ("ceased_on", "plan_made_on"),
)
# Within one record of a list: (later, earlier); ``case.`` marks a field of the case itself.
_ITEM_ORDER = {
    "advice_requests": (
        ("received_by_body_on", "case.request_received_on"),
        ("advice_received_on", "received_by_body_on"),
    ),
    "annual_reviews": (
        ("meeting_on", "case.plan_made_on"),
        ("report_on", "meeting_on"),
        ("decision_on", "meeting_on"),
        ("amendment_notice_on", "meeting_on"),
        ("final_amended_plan_on", "amendment_notice_on"),
        ("decided_not_to_amend_on", "amendment_notice_on"),
    ),
    "reassessments": (
        ("requested_on", "case.plan_made_on"),
        ("started_on", "case.plan_made_on"),
        ("started_on", "requested_on"),
        ("decided_not_to_reassess_on", "requested_on"),
        ("completed_on", "started_on"),
        ("decided_no_change_on", "started_on"),
    ),
    "unopposed_appeals": (
        ("told_family_on", "notified_on"),
        ("no_plan_on", "notified_on"),
        ("plan_issued_on", "notified_on"),
    ),
    "tribunal_orders": (("complied_on", "made_on"),),
    "exceptions": (("ends_on", "starts_on"),),
}


def _name(facts: CaseFacts, field: str, item: object = None) -> str:
    name = _NAMES[field]
    if "{body}" in name:
        name = name.format(body=body_name(item.body))  # type: ignore[attr-defined]
    return name


def _out_of_order(
    path: str, later_name: str, later: date, earlier_name: str, earlier: date
) -> FactProblem:
    return FactProblem(
        path,
        f"The date of {later_name} ({day_text(later)}) is before the date of "
        f"{earlier_name} ({day_text(earlier)}).",
    )


def find_problems(facts: CaseFacts, *, today: date | None = None) -> list[FactProblem]:
    """Facts out of order, in plain English. An empty list means the facts are consistent.

    Given ``today``, dates after it are reported too. Names are only built for a problem found:
    the clock calls this for every case.
    """
    problems: list[FactProblem] = []
    for later_field, earlier_field in _ORDER:
        later, earlier = getattr(facts, later_field), getattr(facts, earlier_field)
        if later is not None and earlier is not None and later < earlier:
            problems.append(
                _out_of_order(
                    later_field,
                    _name(facts, later_field),
                    later,
                    _name(facts, earlier_field),
                    earlier,
                )
            )
    for collection, pairs in _ITEM_ORDER.items():
        for i, item in enumerate(getattr(facts, collection)):
            for later_field, earlier_field in pairs:
                on_case = earlier_field.startswith("case.")
                earlier_field = earlier_field.removeprefix("case.")
                later = getattr(item, later_field)
                earlier = getattr(facts if on_case else item, earlier_field)
                if later is not None and earlier is not None and later < earlier:
                    earlier_key = earlier_field if on_case else f"{collection}.{earlier_field}"
                    problems.append(
                        _out_of_order(
                            f"{collection}[{i}].{later_field}",
                            _name(facts, f"{collection}.{later_field}", item),
                            later,
                            _name(facts, earlier_key, item),
                            earlier,
                        )
                    )
    outcome = facts.decision_to_assess
    if outcome is AssessDecision.NOT_ASSESS:
        for path, name, value in (
            ("draft_plan_issued_on", "A draft plan", facts.draft_plan_issued_on),
            ("final_plan_issued_on", "A final plan", facts.final_plan_issued_on),
            ("decision_not_to_issue_on", "A decision not to issue", facts.decision_not_to_issue_on),
        ):
            if value is not None:
                problems.append(
                    FactProblem(path, f"{name} is recorded, but the decision was not to assess.")
                )
    if facts.decision_not_to_issue_on is not None and facts.final_plan_issued_on is not None:
        problems.append(
            FactProblem(
                "decision_not_to_issue_on",
                "Both a decision not to issue and a final plan are recorded.",
            )
        )
    if facts.decision_to_assess_on is not None and outcome is None:
        problems.append(
            FactProblem("decision_to_assess", "The decision whether to assess has no outcome.")
        )
    earliest = min(rule_set.in_force_from for rule_set in RULE_SETS)
    if facts.request_received_on is not None and facts.request_received_on < earliest:
        problems.append(
            FactProblem(
                "request_received_on",
                f"The request ({day_text(facts.request_received_on)}) is before {day_text(earliest)}, "
                "when the SEND Regulations 2014 came into force.",
            )
        )
    for i, advice in enumerate(facts.advice_requests):
        if advice.received_by_body_on is None:
            problems.append(
                FactProblem(
                    f"advice_requests[{i}].received_by_body_on",
                    f"The date {body_name(advice.body)} received the request for advice is missing.",
                )
            )
    for i, exception in enumerate(facts.exceptions):
        if exception.reason is ExceptionReason.MISSED_APPOINTMENT:
            problems.append(
                FactProblem(
                    f"exceptions[{i}].reason",
                    "A missed appointment is an exception only for advice (reg 8(2)(c)); "
                    "record it on the request for advice.",
                )
            )
    problems.extend(_redress_problems(facts))
    for i, transfer in enumerate(facts.phase_transfers):
        needs_day = transfer.kind is PhaseTransferKind.BETWEEN_POST_16
        if (transfer.transfer_on if needs_day else transfer.transfer_year) is None:
            missing = "transfer_on" if needs_day else "transfer_year"
            problems.append(
                FactProblem(
                    f"phase_transfers[{i}].{missing}",
                    "The date of the move is missing."
                    if needs_day
                    else "The year of the phase transfer is missing.",
                )
            )
    if today is not None:
        problems.extend(_future_dates(facts, today))
    return problems


def _redress_problems(facts: CaseFacts) -> Iterator[FactProblem]:
    """Re-assessments without a plan or with both decisions; unopposed appeals and orders
    without their start date or with two ends."""
    for i, item in enumerate(facts.reassessments):
        path = f"reassessments[{i}]"
        if facts.plan_made_on is None:
            yield FactProblem(f"{path}.started_on", "A re-assessment is recorded, but no plan.")
        if item.started_on is not None and item.decided_not_to_reassess_on is not None:
            yield FactProblem(
                f"{path}.decided_not_to_reassess_on",
                "Both a decision to re-assess and a decision not to re-assess are recorded.",
            )
        if item.completed_on is not None and item.decided_no_change_on is not None:
            yield FactProblem(
                f"{path}.decided_no_change_on",
                "Both a new plan and a decision not to amend or replace the plan are recorded.",
            )
    for i, appeal in enumerate(facts.unopposed_appeals):
        path = f"unopposed_appeals[{i}]"
        if appeal.notified_on is None:
            yield FactProblem(
                f"{path}.notified_on",
                "The date the tribunal was told the appeal is not opposed is missing.",
            )
        if appeal.no_plan_on is not None and appeal.plan_issued_on is not None:
            yield FactProblem(
                f"{path}.no_plan_on", "Both a decision that no plan is needed and a plan are recorded."
            )
    for i, order in enumerate(facts.tribunal_orders):
        if order.made_on is None:
            yield FactProblem(
                f"tribunal_orders[{i}].made_on", "The date of the order or agreement is missing."
            )


def _future_dates(facts: CaseFacts, today: date) -> Iterator[FactProblem]:
    for field in _EVENTS:
        value = getattr(facts, field)
        if value is not None and value > today:
            yield _in_future(field, _name(facts, field), value)
    for collection, fields in _ITEM_EVENTS.items():
        for i, item in enumerate(getattr(facts, collection)):
            for field in fields:
                value = getattr(item, field)
                if value is not None and value > today:
                    name = _name(facts, f"{collection}.{field}", item)
                    yield _in_future(f"{collection}[{i}].{field}", name, value)


def _in_future(path: str, name: str, value: date) -> FactProblem:
    return FactProblem(path, f"The date of {name} ({day_text(value)}) is in the future.")
