"""The statutory periods of the SEND Regulations 2014 (SI 2014/1530), as rule data.

Each period cites its source next to it. Where ../shared/reference/send-rules.md marks the rule
or its paragraph number as unconfirmed, ``confirmed=False`` and ``note`` says what is uncertain.
The set applies to clocks that start on or after 1 September 2014, when Part 3 of the Children
and Families Act 2014 and these Regulations came into force. A later rule set (for example one
implementing the February 2026 white paper, September 2029 at the earliest) gets its own module,
an ``in_force_to`` here, and a place in ``cases.statutory_clock.RULE_SETS``.

Pure data: no Django.
"""

from __future__ import annotations

import datetime

from cases.statutory_rules import (
    CalendarDay,
    Counting,
    Period,
    ReviewAnchor,
    RuleSet,
    WeekCounting,
)

REGS = "SEND Regs 2014"
REG_10_4 = "reg 10(4)(a)-(d)"

# --- EHC needs assessment and new plan -----------------------------------------------------
DECISION_TO_ASSESS = Period(
    weeks=6,
    source=f"{REGS} reg 5(1)",
    exceptions=f"{REGS} reg 5(4)",
    note="Reg 5(4)(b)-(d) read as mirroring reg 10(4); only (a) was seen (send-rules.md §1.2).",
)
ADVICE = Period(
    weeks=6,
    source=f"{REGS} reg 8(1)",
    exceptions=f"{REGS} reg 8(2)(a)-(c)",
    note="Counted from the day the body received the request. A waiting list is not an exception.",
)
DECISION_NOT_TO_ISSUE = Period(
    weeks=16,
    source=f"{REGS} reg 10(1)",
    exceptions=f"{REGS} {REG_10_4}",
    note="Counted from the request, not from the decision to assess.",
)
DRAFT_COMMENTS = Period(
    days=15,
    counting=Counting.BEGINNING_WITH,
    source=f"{REGS} reg 13(1)(a)",
    note="At least 15 days beginning with the day the draft is served (that day is day 1).",
)
FINAL_PLAN = Period(
    weeks=20,
    source=f"{REGS} reg 13(2)",
    exceptions=f"{REGS} reg 13(3), applying {REG_10_4}",
)
REASSESSMENT_DECISION = Period(
    days=15,
    source=f"{REGS} reg 25(1)",
    confirmed=False,
    note="15 days from receiving a request to re-assess: the figure is unconfirmed (send-rules.md "
    "§1.3; the reg 25 text was not read). No exception is known.",
)
REASSESSMENT = Period(
    weeks=14,
    source=f"{REGS} reg 27(2)",
    exceptions=f"{REGS} reg 27(3)(a)-(d)",
    note="From the notice of the decision to re-assess (reg 25(1)) or the local authority's own "
    "decision (CFA s.44(3)) to the final amended or replacement plan.",
)

# --- Annual review and amendment -----------------------------------------------------------
ANNUAL_REVIEW = Period(
    months=12,
    counting=Counting.BEGINNING_WITH,
    source="Children and Families Act 2014 s.44(1)",
    note="Within the 12 months beginning with the day the plan was made or last reviewed.",
)
REVIEW_REPORT = Period(
    weeks=2,
    source=f"{REGS} reg 20(7)-(8); reg 21(7)",
    confirmed=False,
    note="Reg 20 paragraph numbers unconfirmed; the 2-week rule itself is confirmed.",
)
REVIEW_DECISION = Period(
    weeks=4,
    source=f"{REGS} reg 20(10); reg 21",
    confirmed=False,
    note="Paragraph number as commonly cited, not read in the text; the 4 weeks is confirmed.",
)
AMENDMENT_NOTICE = Period(
    weeks=4,
    source=f"{REGS} reg 22(2); R (L, M and P) v Devon CC [2022] EWHC 493 (Admin)",
    note="The notice of proposed amendments is served with the 4-week decision.",
)
AMENDMENT_REPRESENTATIONS = Period(
    days=15,
    counting=Counting.BEGINNING_WITH,
    source=f"{REGS} reg 22(2)(c)",
    note="At least 15 days beginning with the day the amendment notice is served.",
)
FINAL_AMENDED_PLAN = Period(
    weeks=8,
    source=f"{REGS} reg 22(3); reg 22(4) for a decision not to amend",
)
AMENDMENT_LONG_STOP = Period(
    weeks=12,
    source="R (L, M and P) v Devon CC [2022] EWHC 493 (Admin), reading reg 20 with reg 22",
    note="4 weeks to the amendment notice plus 8 weeks to the final amended plan.",
)

# --- Phase transfer (reg 18) -----------------------------------------------------------------
PHASE_TRANSFER_SCHOOL = CalendarDay(
    month=2,
    day=15,
    source=f"{REGS} reg 18(1)(b)",
    note="Before 15 February of the calendar year of the transfer.",
)
PHASE_TRANSFER_POST_16 = CalendarDay(
    month=3,
    day=31,
    source=f"{REGS} reg 18(1)(a)",
    note="Before 31 March of the calendar year of the transfer to post-16 education.",
)
PHASE_TRANSFER_BETWEEN_POST_16 = Period(
    months=5,
    source=f"{REGS} reg 18(2)",
    note="At least 5 months before a move between post-16 institutions at any other time.",
)

# --- Redress -----------------------------------------------------------------------------------
HESC_RULES = "Tribunal Procedure (First-tier Tribunal) (HESC Chamber) Rules 2008 r.20"
APPEAL_AFTER_DECISION = Period(
    months=2,
    source=f"{HESC_RULES}(1)",
    confirmed=False,
    note="2 calendar months from the decision letter; rule number unconfirmed.",
)
APPEAL_AFTER_MEDIATION_CERTIFICATE = Period(
    months=1,
    source=f"{HESC_RULES}(1)",
    confirmed=False,
    note="1 calendar month from the mediation certificate; rule number unconfirmed.",
)

# Unopposed appeals: reg 45 as substituted by SI 2015/359 reg 8, counted from the day the local
# authority notified the tribunal that it would not oppose the appeal (send-rules.md §1.3).
REG_45 = "as substituted by SI 2015/359 reg 8"
UNOPPOSED_ASSESSMENT_NOTICE = Period(
    weeks=2,
    source=f"{REGS} reg 45(3), {REG_45}",
    note="Appeals under CFA s.51(2)(a) or (d): tell the family it will assess or re-assess.",
)
UNOPPOSED_NO_PLAN = Period(
    weeks=10,
    source=f"{REGS} reg 45(3A)(a), {REG_45}",
    note="After that assessment, notify a decision that no plan is needed, with reasons.",
)
UNOPPOSED_FINAL_PLAN = Period(
    weeks=14,
    source=f"{REGS} reg 45(3A)(b), {REG_45}",
    note="After that assessment, send the finalised plan.",
)
UNOPPOSED_AMENDED_PLAN = Period(
    weeks=5,
    source=f"{REGS} reg 45(4), {REG_45}",
    note="Appeals under CFA s.51(2)(c) on the plan's contents, or (e) a refusal to amend. The "
    "letters of the s.51(2) limbs are unconfirmed (send-rules.md §3.2).",
)
# Tribunal orders (reg 44) and mediation agreements (reg 42).
ORDER_TO_ASSESS = Period(
    weeks=14,
    source=f"{REGS} reg 44(2)",
    confirmed=False,
    note="Assessment and final plan within 14 weeks of an order to assess, as reported by "
    "senexpertsolicitors.co.uk; the reg 44 text was not read, and its other limits are not "
    "verified. A mediation agreement on an appealable matter runs the same (reg 42(2)).",
)
MEDIATION_AGREEMENT = Period(
    weeks=2,
    source=f"{REGS} reg 42(3)",
    note="A mediation agreement on matters that cannot be appealed. The parties may agree other "
    "times in writing (reg 42(5)).",
)

SEND_REGULATIONS_2014 = RuleSet(
    name="SEND Regulations 2014",
    in_force_from=datetime.date(2014, 9, 1),
    in_force_to=None,
    source="Children and Families Act 2014 Part 3; SI 2014/1530 as amended (SI 2015/359)",
    periods={
        "decision_to_assess": DECISION_TO_ASSESS,
        "advice": ADVICE,
        "decision_not_to_issue": DECISION_NOT_TO_ISSUE,
        "draft_comments": DRAFT_COMMENTS,
        "final_plan": FINAL_PLAN,
        "reassessment_decision": REASSESSMENT_DECISION,
        "reassessment": REASSESSMENT,
        "unopposed_assessment_notice": UNOPPOSED_ASSESSMENT_NOTICE,
        "unopposed_no_plan": UNOPPOSED_NO_PLAN,
        "unopposed_final_plan": UNOPPOSED_FINAL_PLAN,
        "unopposed_amended_plan": UNOPPOSED_AMENDED_PLAN,
        "order_to_assess": ORDER_TO_ASSESS,
        "mediation_agreement": MEDIATION_AGREEMENT,
        "annual_review": ANNUAL_REVIEW,
        "review_report": REVIEW_REPORT,
        "review_decision": REVIEW_DECISION,
        "amendment_notice": AMENDMENT_NOTICE,
        "amendment_representations": AMENDMENT_REPRESENTATIONS,
        "final_amended_plan": FINAL_AMENDED_PLAN,
        "amendment_long_stop": AMENDMENT_LONG_STOP,
        "phase_transfer_between_post_16": PHASE_TRANSFER_BETWEEN_POST_16,
        "appeal_after_decision": APPEAL_AFTER_DECISION,
        "appeal_after_mediation_certificate": APPEAL_AFTER_MEDIATION_CERTIFICATE,
    },
    calendar_days={
        "phase_transfer_school": PHASE_TRANSFER_SCHOOL,
        "phase_transfer_post_16": PHASE_TRANSFER_POST_16,
    },
    # One setting for the week convention (docs/decisions/0021): due = trigger + 7N days.
    week_counting=WeekCounting.TRIGGER_IS_DAY_ZERO,
    # reg 18 says "before" 15 February / 31 March: the last compliant day is the day before.
    phase_transfer_before_is_strict=True,
    # The next 12-month review period starts with the review meeting (send-rules.md §8 item 3).
    review_anchor=ReviewAnchor.MEETING,
    # Appeal deadlines falling 25 Dec-1 Jan or in August move to the next working day.
    appeal_holiday_adjustment=True,
    exception_windows={
        "coronavirus": (
            datetime.date(2020, 5, 1),
            datetime.date(2020, 9, 25),
            "SEND (Coronavirus) (Amendment) Regulations 2020 (SI 2020/471)",
        ),
    },
)
