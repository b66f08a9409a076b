"""The rules a casework event must pass before it is recorded. Pure Python: no Django, no "today".

Each rule is a small function named after what it enforces. It takes plain values and returns a
list of :class:`Problem` (empty when the rule holds); each problem names the form field it
belongs to and says, in the words the Design System advises, what to do. cases.services turns
problems into a ``ValidationError`` keyed by field so forms show each message by its field.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

date = datetime.date

DRAFT_COMMENT_DAYS = 15  # SEND Regs 2014 reg 13(1)(a): at least 15 days, the day of service is day 1
UPN_PATTERN = re.compile(r"^[A-Z][0-9]{11}[0-9A-Z]$")  # DfE UPN: check letter, 11 digits, digit or letter
ULN_PATTERN = re.compile(r"^[0-9]{10}$")
POSTCODE_PATTERN = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2}$")
LA_CODE_PATTERN = re.compile(r"^[0-9]{3}$")


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


def long_date(day: date) -> str:
    """10 March 2026: the GOV.UK style for dates in messages."""
    return f"{day.day} {day:%B %Y}"


def problems_by_field(problems: list[Problem]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for problem in problems:
        found.setdefault(problem.field, [])
        if problem.message not in found[problem.field]:
            found[problem.field].append(problem.message)
    return found


# ---- dates ------------------------------------------------------------------------------------


def date_is_given(value: date | None, *, field: str, subject: str) -> list[Problem]:
    """Enter the date (subject)."""
    if value is None:
        return [Problem(field, f"Enter {subject}")]
    return []


def date_not_in_future(value: date | None, *, today: date, field: str, subject: str) -> list[Problem]:
    """A date that has happened cannot be after today."""
    if value is not None and value > today:
        return [Problem(field, f"{_capital(subject)} must be today or in the past")]
    return []


def date_not_before(value: date | None, earliest: date | None, *, field: str, subject: str,
                    earlier_event: str) -> list[Problem]:
    """No event before the event it follows (for example, nothing before the request)."""
    if value is not None and earliest is not None and value < earliest:
        return [Problem(field, f"{_capital(subject)} must be on or after {earlier_event} "
                               f"({long_date(earliest)})")]
    return []


def event_date(value: date | None, *, today: date, field: str, subject: str,
               after: date | None = None, after_event: str = "") -> list[Problem]:
    """The usual checks on the date of an event: given, not in the future, not before ``after``."""
    problems = date_is_given(value, field=field, subject=subject)
    if problems:
        return problems
    return (date_not_in_future(value, today=today, field=field, subject=subject)
            or date_not_before(value, after, field=field, subject=subject, earlier_event=after_event))


def no_event_before_request(value: date | None, received_on: date | None, *, field: str,
                            subject: str) -> list[Problem]:
    """Nothing on a case can happen before the request was received."""
    return date_not_before(value, received_on, field=field, subject=subject,
                           earlier_event="the date the request was received")


# ---- the child ----------------------------------------------------------------------------


def child_identifiers(*, upn: str, uln: str, postcode: str) -> list[Problem]:
    """UPN, ULN and postcode, when given, must look like one."""
    problems = []
    if upn and not UPN_PATTERN.match(upn):
        problems.append(Problem("upn", "Enter a UPN of 13 characters: a letter, 11 numbers, "
                                       "then a number or a letter"))
    if uln and not ULN_PATTERN.match(uln):
        problems.append(Problem("uln", "Enter a ULN of 10 numbers"))
    if postcode and not POSTCODE_PATTERN.match(postcode):
        problems.append(Problem("postcode", "Enter a real postcode, like HU1 2AA"))
    return problems


def child_names(*, forename: str, surname: str) -> list[Problem]:
    """A child's record needs a first name and a last name."""
    problems = []
    if not forename.strip():
        problems.append(Problem("forename", "Enter the first name"))
    if not surname.strip():
        problems.append(Problem("surname", "Enter the last name"))
    return problems


# ---- who holds the case ---------------------------------------------------------------------

# The roles that may hold cases: those that may edit casework (core.access "case.edit").
CASE_HOLDING_ROLES = frozenset({"caseworker", "send_manager"})


def officer_can_hold_cases(*, roles_here: set[str], active: bool = True, field: str = "officer") -> list[Problem]:
    """Only an active caseworker or SEND manager of this local authority can hold its cases.

    ``roles_here`` are the roles the person holds at the case's authority (none: they do not
    work for it). Read-only roles (practitioner, analyst, board member ...) cannot hold cases,
    and nor can someone whose account has been deactivated (they have left).
    """
    if not active:
        return [Problem(field, "Select an officer whose account is active: this person can no longer sign in")]
    if not roles_here:
        return [Problem(field, "Select an officer who works for this local authority")]
    if not roles_here & CASE_HOLDING_ROLES:
        return [Problem(field, "Select a caseworker or SEND manager of this local authority")]
    return []


# ---- the request and assessment -------------------------------------------------------------


def request_awaiting_decision(outcome: str) -> list[Problem]:
    """A decision whether to assess can be recorded once, while the request awaits it (SEN2 outcome A)."""
    if outcome != "A":
        return [Problem("__all__", "A decision on this request has already been recorded")]
    return []


def request_can_be_withdrawn(*, stage: str) -> list[Problem]:
    """Only a case still working towards a decision or a plan can be withdrawn."""
    if stage not in ("request", "assessment", "drafting"):
        return [Problem("__all__", "Only an open request can be withdrawn")]
    return []


REMOVAL_NOTE_LENGTH = 300  # what the audit trail keeps of a note (core AuditEvent.note)


def exception_removal_is_explained(note: str) -> list[Problem]:
    """Say why an exception to the time limits no longer applies before removing it: the audit
    trail and the case timeline keep the reason."""
    note = note.strip()
    if not note:
        return [Problem("note", "Enter why the exception no longer applies")]
    if len(note) > REMOVAL_NOTE_LENGTH:
        return [Problem("note", "Why the exception no longer applies must be "
                                f"{REMOVAL_NOTE_LENGTH} characters or fewer")]
    return []


def assessment_awaiting_decision(outcome: str) -> list[Problem]:
    """A decision whether to issue a plan can be recorded once, while the assessment awaits it."""
    if outcome != "A":
        return [Problem("__all__", "A decision whether to issue a plan has already been recorded")]
    return []


def final_plan_needs_decision_to_issue(*, outcome: str, decided_to_issue_on: date | None,
                                       outcome_on: date | None) -> list[Problem]:
    """No final plan without an assessment decision to issue one, and only one final plan."""
    if outcome != "Y" or decided_to_issue_on is None:
        return [Problem("__all__", "Record the decision to issue a plan before issuing the final plan")]
    if outcome_on is not None:
        return [Problem("__all__", "The final plan has already been issued")]
    return []


def draft_needs_decision_to_issue(*, outcome: str, outcome_on: date | None) -> list[Problem]:
    """A draft plan follows the decision to issue a plan, and comes before the final plan."""
    if outcome != "Y":
        return [Problem("__all__", "Record the decision to issue a plan before issuing a draft plan")]
    if outcome_on is not None:
        return [Problem("__all__", "The final plan has already been issued")]
    return []


def final_plan_after_draft(*, issued_on: date | None, draft_issued_on: date | None,
                           comments_due_on: date | None, comments_received_on: date | None) -> list[Problem]:
    """The final plan follows a draft, and the family has its 15 days to comment (reg 13(1))."""
    if draft_issued_on is None:
        return [Problem("__all__", "Issue a draft plan before the final plan")]
    if issued_on is None:
        return []
    if issued_on < draft_issued_on:
        return [Problem("issued_on", "The date the final plan was issued must be on or after the "
                                     f"date the draft plan was issued ({long_date(draft_issued_on)})")]
    if comments_received_on is None and comments_due_on is not None and issued_on <= comments_due_on:
        return [Problem("issued_on", "The final plan must be issued after the 15 days for comments on "
                                     f"the draft end ({long_date(comments_due_on)}), unless the "
                                     "family has already commented")]
    return []


def needs_are_given(*, primary_need: str, secondary_need: str, allowed: set[str]) -> list[Problem]:
    """A plan records a primary need from the SEN2 list, and a different secondary need if any."""
    problems = []
    if not primary_need:
        problems.append(Problem("primary_need", "Select the primary type of need"))
    elif primary_need not in allowed:
        problems.append(Problem("primary_need", "Select a primary type of need from the list"))
    if secondary_need and secondary_need not in allowed:
        problems.append(Problem("secondary_need", "Select a secondary type of need from the list"))
    elif secondary_need and secondary_need == primary_need:
        problems.append(Problem("secondary_need", "The secondary need must differ from the primary need"))
    return problems


def setting_is_identified(*, urn: str, ukprn: str, code: str, name: str) -> list[Problem]:
    """A named setting is a URN (6 digits), a UKPRN (8 digits) or a SEN2 setting code, never two of them."""
    problems = []
    if urn and not re.fullmatch(r"[0-9]{6}", urn):
        problems.append(Problem("setting_urn", "Enter a URN of 6 numbers"))
    if ukprn and not re.fullmatch(r"[0-9]{8}", ukprn):
        problems.append(Problem("setting_ukprn", "Enter a UKPRN of 8 numbers"))
    if sum(bool(x) for x in (urn, ukprn, code)) > 1:
        problems.append(Problem("setting_urn", "Enter a URN, a UKPRN or a type of setting, not more than one"))
    return problems


# ---- the plan -------------------------------------------------------------------------------


def plan_is_in_force(*, ceased_on: date | None) -> list[Problem]:
    """Reviews, transfers and ceasing act on a plan still in force."""
    if ceased_on is not None:
        return [Problem("__all__", f"This plan ceased on {long_date(ceased_on)}")]
    return []


def cease_needs_reason(reason: int | None, *, allowed: set[int]) -> list[Problem]:
    """No ceasing without a reason, from the SEN2 list."""
    if reason in (None, ""):
        return [Problem("reason", "Select why the plan is ceasing")]
    if reason not in allowed:
        return [Problem("reason", "Select a reason from the list")]
    return []


def la_code_is_valid(code: str, *, field: str, own_code: str) -> list[Problem]:
    """Another authority, by its 3-digit DfE code."""
    if not code or not LA_CODE_PATTERN.match(code):
        return [Problem(field, "Enter the 3-digit DfE number of the other local authority")]
    if code == own_code:
        return [Problem(field, "Enter a different local authority from this one")]
    return []


# ---- reviews --------------------------------------------------------------------------------


def review_decision_rules(*, outcome: str, allowed: set[str], decision_on_exists: bool) -> list[Problem]:
    """The decision after a review is maintain, amend or cease, recorded once."""
    if decision_on_exists:
        return [Problem("__all__", "The decision after this review has already been recorded")]
    if not outcome:
        return [Problem("outcome", "Select the decision: maintain, amend or cease")]
    if outcome not in allowed:
        return [Problem("outcome", "Select maintain, amend or cease")]
    return []


def amendment_needs_amend_decision(*, outcome: str) -> list[Problem]:
    """An amendment notice follows a decision to amend the plan (reg 22)."""
    if outcome != "A":
        return [Problem("__all__", "Record a decision to amend the plan before the amendment notice")]
    return []


def final_amended_plan_needs_notice(*, notice_on: date | None, final_on: date | None,
                                    not_amend_on: date | None) -> list[Problem]:
    """The final amended plan (reg 22(3)) or a decision not to amend (reg 22(4)) follows the notice, once."""
    if notice_on is None:
        return [Problem("__all__", "Record the amendment notice before the final amended plan")]
    if final_on is not None or not_amend_on is not None:
        return [Problem("__all__", "The amendment has already been concluded")]
    return []


# ---- re-assessment --------------------------------------------------------------------------


def no_reassessment_under_way(*, under_way: bool) -> list[Problem]:
    """One re-assessment of a plan at a time: a new one waits until the last has ended."""
    if under_way:
        return [Problem("__all__", "A re-assessment of this plan is already under way")]
    return []


def reassessment_awaiting_decision(decision: str) -> list[Problem]:
    """The decision whether to re-assess (reg 25(1)) is recorded once."""
    if decision != "A":
        return [Problem("__all__", "The decision on this request to re-assess has already been recorded")]
    return []


def reassessment_under_way(*, decision: str, completed_on: date | None) -> list[Problem]:
    """A re-assessment ends (or has an exception recorded) only after the decision to re-assess."""
    if decision != "Y":
        return [Problem("__all__", "Record the decision to re-assess first")]
    if completed_on is not None:
        return [Problem("__all__", f"This re-assessment ended on {long_date(completed_on)}")]
    return []


# ---- unopposed appeals and orders ----------------------------------------------------------


def appeal_can_be_unopposed(*, kind: str | None, outcome: str, already: bool) -> list[Problem]:
    """Reg 45 sets time limits for an appeal not opposed about assessing, re-assessing or amending."""
    if already:
        return [Problem("__all__", "This appeal is already recorded as not opposed")]
    if kind is None:
        return [Problem("__all__", "Regulation 45 sets time limits only for appeals against a refusal "
                                   "to assess or re-assess, about the plan's contents or setting, or "
                                   "against a refusal to amend")]
    if outcome not in ("ongoing", "conceded"):
        return [Problem("__all__", "This appeal has already ended")]
    return []


def unopposed_step_allowed(*, kind: str, step: str, told_family_on: date | None,
                           no_plan_on: date | None, plan_issued_on: date | None) -> list[Problem]:
    """After an appeal not opposed: tell the family, then a decision that no plan is needed or the
    plan (reg 45(3), (3A)); for the plan's contents or a refusal to amend, the amended plan (45(4))."""
    if plan_issued_on is not None or no_plan_on is not None:
        return [Problem("__all__", "The steps after this appeal are already recorded")]
    if kind == "amendment" and step != "plan_issued":
        return [Problem("step", "After an appeal about the plan's contents or a refusal to amend, "
                                "record the amended plan")]
    if step == "told_family" and told_family_on is not None:
        return [Problem("step", f"The family was told on {long_date(told_family_on)}: select the next step")]
    return []


def order_rules(*, made_by: str, kind: str, has_appeal: bool, has_mediation: bool) -> list[Problem]:
    """An order follows an appeal and a mediation agreement follows mediation; only mediation can
    settle matters that cannot be appealed (reg 42(3))."""
    problems = []
    if made_by == "tribunal" and not has_appeal:
        problems.append(Problem("made_by", "Record the tribunal appeal before the tribunal's order"))
    if made_by == "mediation" and not has_mediation:
        problems.append(Problem("made_by", "Record the mediation before the mediation agreement"))
    if kind == "not_appealable" and made_by == "tribunal":
        problems.append(Problem("kind", "Only a mediation agreement can be about matters that cannot be appealed"))
    return problems


def order_not_yet_complied(complied_on: date | None) -> list[Problem]:
    """An order is carried out once."""
    if complied_on is not None:
        return [Problem("__all__", f"This was already carried out on {long_date(complied_on)}")]
    return []


# ---- disputes -------------------------------------------------------------------------------


def choice_is_given(value: str, *, allowed: set[str], field: str, subject: str) -> list[Problem]:
    """A choice from a fixed list."""
    if not value:
        return [Problem(field, f"Select {subject}")]
    if value not in allowed:
        return [Problem(field, f"Select {subject} from the list")]
    return []


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
