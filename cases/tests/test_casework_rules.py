"""The casework rules, without a database: each returns problems naming the field to fix."""

import datetime

import pytest

from cases import casework_rules as rules

D = datetime.date
TODAY = D(2026, 3, 10)


def fields(problems):
    return [p.field for p in problems]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D(2026, 3, 10), []),  # today is allowed
        (D(2026, 3, 9), []),
        (D(2026, 3, 11), ["received_on"]),  # tomorrow is not
        (D(2027, 1, 1), ["received_on"]),
    ],
)
def test_no_date_is_in_the_future(value, expected):
    problems = rules.date_not_in_future(value, today=TODAY, field="received_on",
                                        subject="the date the request was received")
    assert fields(problems) == expected


def test_the_future_date_message_names_the_date_in_question():
    [problem] = rules.date_not_in_future(D(2026, 4, 1), today=TODAY, field="received_on",
                                         subject="the date the request was received")
    assert problem.message == "The date the request was received must be today or in the past"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D(2026, 1, 5), []),  # the same day as the request is allowed
        (D(2026, 1, 6), []),
        (D(2026, 1, 4), ["decided_on"]),
        (D(2025, 12, 31), ["decided_on"]),  # across a year end
    ],
)
def test_no_event_is_before_the_request(value, expected):
    problems = rules.no_event_before_request(value, D(2026, 1, 5), field="decided_on",
                                             subject="the date of the decision")
    assert fields(problems) == expected


def test_an_event_before_the_request_says_when_the_request_was_received():
    [problem] = rules.no_event_before_request(D(2026, 1, 4), D(2026, 1, 5), field="decided_on",
                                              subject="the date of the decision")
    assert problem.message == ("The date of the decision must be on or after the date the request was "
                               "received (5 January 2026)")


def test_a_missing_event_date_asks_for_it():
    problems = rules.event_date(None, today=TODAY, field="issued_on", subject="the date the plan was issued")
    assert [(p.field, p.message) for p in problems] == [("issued_on", "Enter the date the plan was issued")]


@pytest.mark.parametrize("outcome", ["Y", "N", "W", "H"])
def test_a_request_is_decided_only_once(outcome):
    assert fields(rules.request_awaiting_decision(outcome)) == ["__all__"]


def test_a_request_awaiting_a_decision_can_be_decided():
    assert rules.request_awaiting_decision("A") == []


@pytest.mark.parametrize(
    ("outcome", "decided_to_issue_on", "outcome_on", "expected"),
    [
        ("Y", D(2026, 1, 1), None, []),
        ("A", None, None, ["__all__"]),  # no decision yet
        ("N", None, D(2026, 1, 1), ["__all__"]),  # decided not to issue
        ("Y", None, None, ["__all__"]),  # outcome without its decision date
        ("Y", D(2026, 1, 1), D(2026, 2, 1), ["__all__"]),  # already issued
    ],
)
def test_no_final_plan_without_a_decision_to_issue(outcome, decided_to_issue_on, outcome_on, expected):
    problems = rules.final_plan_needs_decision_to_issue(outcome=outcome, decided_to_issue_on=decided_to_issue_on,
                                                        outcome_on=outcome_on)
    assert fields(problems) == expected


@pytest.mark.parametrize(
    ("issued_on", "comments_received_on", "expected"),
    [
        (D(2026, 2, 15), None, ["issued_on"]),  # day 15 of the comment period (served 1 Feb)
        (D(2026, 2, 16), None, []),  # the day after the 15 days end
        (D(2026, 2, 10), D(2026, 2, 9), []),  # the family has commented already
        (D(2026, 1, 31), D(2026, 2, 9), ["issued_on"]),  # before the draft
    ],
)
def test_the_final_plan_waits_for_the_15_days_for_comments(issued_on, comments_received_on, expected):
    problems = rules.final_plan_after_draft(issued_on=issued_on, draft_issued_on=D(2026, 2, 1),
                                            comments_due_on=D(2026, 2, 15),
                                            comments_received_on=comments_received_on)
    assert fields(problems) == expected


def test_the_final_plan_needs_a_draft_first():
    problems = rules.final_plan_after_draft(issued_on=D(2026, 3, 1), draft_issued_on=None,
                                            comments_due_on=None, comments_received_on=None)
    assert [p.message for p in problems] == ["Issue a draft plan before the final plan"]


@pytest.mark.parametrize(("reason", "expected"), [(None, ["reason"]), ("", ["reason"]), (0, ["reason"]),
                                                  (10, ["reason"]), (1, []), (9, [])])
def test_no_ceasing_without_a_reason_from_the_sen2_list(reason, expected):
    assert fields(rules.cease_needs_reason(reason, allowed=set(range(1, 10)))) == expected


@pytest.mark.parametrize(
    ("primary", "secondary", "expected"),
    [("ASD", "", []), ("ASD", "SLCN", []), ("", "", ["primary_need"]), ("XYZ", "", ["primary_need"]),
     ("ASD", "ASD", ["secondary_need"])],
)
def test_a_plan_has_a_primary_need_and_a_different_secondary_need(primary, secondary, expected):
    problems = rules.needs_are_given(primary_need=primary, secondary_need=secondary, allowed={"ASD", "SLCN"})
    assert fields(problems) == expected


@pytest.mark.parametrize(
    ("upn", "uln", "postcode", "expected"),
    [
        ("A12345678901B", "", "HU1 2AA", []),
        ("A123456789012", "1234567890", "hu12aa".upper(), []),
        ("12345678901", "", "", ["upn"]),
        ("", "12345", "", ["uln"]),
        ("", "", "NOT A POSTCODE", ["postcode"]),
    ],
)
def test_identifiers_must_look_like_one(upn, uln, postcode, expected):
    assert fields(rules.child_identifiers(upn=upn, uln=uln, postcode=postcode)) == expected


@pytest.mark.parametrize(
    ("code", "expected"), [("886", []), ("810", ["from_code"]), ("88", ["from_code"]), ("", ["from_code"])]
)
def test_a_transfer_names_another_authority_by_its_dfe_number(code, expected):
    assert fields(rules.la_code_is_valid(code, field="from_code", own_code="810")) == expected


@pytest.mark.parametrize(
    ("outcome", "exists", "expected"),
    [("M", False, []), ("A", False, []), ("C", False, []), ("", False, ["outcome"]), ("X", False, ["outcome"]),
     ("M", True, ["__all__"])],
)
def test_a_review_decision_is_maintain_amend_or_cease_once(outcome, exists, expected):
    problems = rules.review_decision_rules(outcome=outcome, allowed={"M", "A", "C"}, decision_on_exists=exists)
    assert fields(problems) == expected


def test_an_amendment_notice_follows_a_decision_to_amend():
    assert rules.amendment_needs_amend_decision(outcome="A") == []
    assert fields(rules.amendment_needs_amend_decision(outcome="M")) == ["__all__"]


def test_problems_are_grouped_by_field_without_repeats():
    grouped = rules.problems_by_field([rules.Problem("a", "x"), rules.Problem("a", "x"), rules.Problem("b", "y")])
    assert grouped == {"a": ["x"], "b": ["y"]}


# ---- who may hold cases ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("roles_here", "message"),
    [
        ({"caseworker"}, None),
        ({"send_manager"}, None),
        ({"practitioner", "caseworker"}, None),
        ({"practitioner"}, "Select a caseworker or SEND manager of this local authority"),
        ({"performance_analyst", "board_member"}, "Select a caseworker or SEND manager of this local authority"),
        (set(), "Select an officer who works for this local authority"),
    ],
)
def test_only_a_caseworker_or_send_manager_of_the_authority_can_hold_cases(roles_here, message):
    problems = rules.officer_can_hold_cases(roles_here=roles_here, field="to_officer")
    assert problems == ([rules.Problem("to_officer", message)] if message else [])



@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Recorded on the wrong case", []),
        ("x" * 300, []),
        ("", ["Enter why the exception no longer applies"]),
        (" \n ", ["Enter why the exception no longer applies"]),
        ("x" * 301, ["Why the exception no longer applies must be 300 characters or fewer"]),
    ],
)
def test_removing_an_exception_says_why_it_no_longer_applies(note, expected):
    assert [p.message for p in rules.exception_removal_is_explained(note)] == expected
    assert all(p.field == "note" for p in rules.exception_removal_is_explained(note))
