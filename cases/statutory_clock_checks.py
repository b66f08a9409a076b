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


def day_text(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def _dated_fields(facts: CaseFacts) -> Iterator[tuple[str, str, date | None]]:
    """Every date in the facts as (field path, plain-English name, value)."""
    yield "request_received_on", "the request", facts.request_received_on
    yield "decision_to_assess_on", "the decision whether to assess", facts.decision_to_assess_on
    for i, advice in enumerate(facts.advice_requests):
        name = f"the request for advice from {body_name(advice.body)}"
        yield f"advice_requests[{i}].received_by_body_on", name, advice.received_by_body_on
        yield f"advice_requests[{i}].advice_received_on", "the advice", advice.advice_received_on
    yield "decision_not_to_issue_on", "the decision not to issue", facts.decision_not_to_issue_on
    yield "draft_plan_issued_on", "the draft plan", facts.draft_plan_issued_on
    yield "final_plan_issued_on", "the final plan", facts.final_plan_issued_on
    yield "plan_start_on", "the plan's start", facts.plan_start_on
    yield "plan_made_on", "the plan", facts.plan_made_on
    for i, review in enumerate(facts.annual_reviews):
        prefix = f"annual_reviews[{i}]"
        yield f"{prefix}.meeting_on", "the review meeting", review.meeting_on
        yield f"{prefix}.report_on", "the review report", review.report_on
        yield f"{prefix}.decision_on", "the review decision", review.decision_on
        yield f"{prefix}.amendment_notice_on", "the amendment notice", review.amendment_notice_on
        yield (
            f"{prefix}.final_amended_plan_on",
            "the final amended plan",
            review.final_amended_plan_on,
        )
        yield (
            f"{prefix}.decided_not_to_amend_on",
            "the decision not to amend",
            review.decided_not_to_amend_on,
        )
    for i, transfer in enumerate(facts.phase_transfers):
        yield f"phase_transfers[{i}].amended_plan_on", "the amended plan", transfer.amended_plan_on
    for i, reassessment in enumerate(facts.reassessments):
        yield f"reassessments[{i}].started_on", "the re-assessment", reassessment.started_on
        yield (
            f"reassessments[{i}].completed_on",
            "the re-assessment's end",
            reassessment.completed_on,
        )
    yield "appealable_decision_on", "the appealable decision", facts.appealable_decision_on
    yield "mediation_certificate_on", "the mediation certificate", facts.mediation_certificate_on
    yield "appeal_registered_on", "the appeal", facts.appeal_registered_on
    yield "withdrawn_on", "the withdrawal", facts.withdrawn_on
    yield "ceased_on", "the ceasing of the plan", facts.ceased_on
    for i, exception in enumerate(facts.exceptions):
        yield f"exceptions[{i}].starts_on", "the exception's start", exception.starts_on
        yield f"exceptions[{i}].ends_on", "the exception's end", exception.ends_on


def _order_pairs(facts: CaseFacts) -> Iterator[tuple[str, str]]:
    """(later, earlier) field paths: the later event must not be dated before the earlier one."""
    request = "request_received_on"
    yield from (
        ("decision_to_assess_on", request),
        ("decision_not_to_issue_on", request),
        ("draft_plan_issued_on", request),
        ("final_plan_issued_on", request),
        ("final_plan_issued_on", "draft_plan_issued_on"),
        ("appeal_registered_on", "appealable_decision_on"),
        ("withdrawn_on", request),
        ("ceased_on", "plan_made_on"),
    )
    for i in range(len(facts.advice_requests)):
        yield f"advice_requests[{i}].received_by_body_on", request
        yield (
            f"advice_requests[{i}].advice_received_on",
            f"advice_requests[{i}].received_by_body_on",
        )
    for i in range(len(facts.annual_reviews)):
        review = f"annual_reviews[{i}]"
        yield f"{review}.meeting_on", "plan_made_on"
        for step in ("report_on", "decision_on", "amendment_notice_on"):
            yield f"{review}.{step}", f"{review}.meeting_on"
        for step in ("final_amended_plan_on", "decided_not_to_amend_on"):
            yield f"{review}.{step}", f"{review}.amendment_notice_on"
    for i in range(len(facts.reassessments)):
        yield f"reassessments[{i}].completed_on", f"reassessments[{i}].started_on"
    for i in range(len(facts.exceptions)):
        yield f"exceptions[{i}].ends_on", f"exceptions[{i}].starts_on"


def find_problems(facts: CaseFacts, *, today: date | None = None) -> list[FactProblem]:
    """Facts out of order, in plain English. An empty list means the facts are consistent.

    Given ``today``, dates after it are reported too.
    """
    problems: list[FactProblem] = []
    dates = {path: (name, value) for path, name, value in _dated_fields(facts)}
    for later_path, earlier_path in _order_pairs(facts):
        later_name, later = dates[later_path]
        earlier_name, earlier = dates[earlier_path]
        if later is not None and earlier is not None and later < earlier:
            message = (
                f"The date of {later_name} ({day_text(later)}) is before the date of "
                f"{earlier_name} ({day_text(earlier)})."
            )
            problems.append(FactProblem(later_path, message))
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
        for path, name, value in _dated_fields(facts):
            future_allowed = path.startswith("exceptions[") or path == "plan_made_on"
            if value is not None and value > today and not future_allowed:
                problems.append(
                    FactProblem(path, f"The date of {name} ({day_text(value)}) is in the future.")
                )
    return problems
