"""GOV.UK forms for re-assessment, appeals not opposed and tribunal orders (events on a case).

Each calls one service (cases.services); they are registered in ``cases.forms.EVENT_FORMS`` and
shown through the same event page as every other event. Business rules live in
cases/casework_rules.py and reach the page through the service's ``ValidationError``.
"""

from __future__ import annotations

from django import forms

from . import services
from .choices import (
    ExceptionReason,
    OrderKind,
    OrderMadeBy,
    ReassessmentCompletion,
    ReassessmentDecision,
    ReassessmentRequester,
    TribunalOutcome,
)
from .forms import (
    EVENT_FORMS,
    EventForm,
    _long,
    _optional_date,
    _plan_in_force,
    _required_date,
    radios,
)

REASSESSMENT = "Re-assessment"
DISAGREEMENTS = "Disagreements"


def _under_way(records) -> bool:
    return any(r.decision != ReassessmentDecision.NOT_REASSESS and r.completed_on is None
               for r in records.reassessments)


def _describe_reassessment(reassessment) -> str:
    if reassessment.requested_on:
        return f"Requested {_long(reassessment.requested_on)}"
    return f"Decided {_long(reassessment.decided_on)}" if reassessment.decided_on else "Re-assessment"


class ReassessmentRequestForm(EventForm):
    slug, title, group = "reassessment-request", "Request to re-assess the plan", REASSESSMENT
    success = "Request to re-assess recorded: the decision is due within 15 days"
    requested_by = radios([c for c in ReassessmentRequester.choices if c[0] != ReassessmentRequester.LOCAL_AUTHORITY],
                          label="Who asked for the re-assessment?", required=False)
    requested_on = _required_date("Date the request was received", "the date the request was received",
                                  "The decision whether to re-assess is due within 15 days (regulation 25(1))")

    @classmethod
    def applies(cls, records):
        return _plan_in_force(records) and not _under_way(records)

    def submit(self, *, by):
        data = self.cleaned_data
        return services.request_reassessment(self.records.plan, requested_by=data["requested_by"] or "",
                                             requested_on=data["requested_on"], by=by)


class ReassessmentOwnDecisionForm(EventForm):
    slug, title, group = "reassessment-own-decision", "Local authority decides to re-assess", REASSESSMENT
    success = "Decision to re-assess recorded: the new plan is due within 14 weeks"
    decided_on = _required_date("Date the family was told", "the date of the decision",
                                "The amended or replacement plan is due within 14 weeks (regulation 27(2))")

    @classmethod
    def applies(cls, records):
        return _plan_in_force(records) and not _under_way(records)

    def submit(self, *, by):
        return services.decide_to_reassess(self.records.plan, decided_on=self.cleaned_data["decided_on"], by=by)


class _ReassessmentEvent(EventForm):
    group = REASSESSMENT
    pick_label, pick_subject = "Which re-assessment?", "which re-assessment"

    def describe(self, reassessment):
        return _describe_reassessment(reassessment)

    @classmethod
    def applies(cls, records):
        return _plan_in_force(records) and bool(cls.candidates_for(records))


class ReassessmentDecisionForm(_ReassessmentEvent):
    slug, title = "reassessment-decision", "Decision whether to re-assess"
    success = "Decision recorded"
    decision = radios([(ReassessmentDecision.REASSESS, "Yes, re-assess the plan"),
                       (ReassessmentDecision.NOT_REASSESS, "No, do not re-assess")],
                      label="What did the local authority decide?", required=False)
    decided_on = _required_date("Date the family was told the decision", "the date the family was told",
                                "A decision to re-assess starts 14 weeks for the new plan (regulation 27(2))")

    @classmethod
    def candidates_for(cls, records):
        return [r for r in records.reassessments if r.decision == ReassessmentDecision.AWAITING]

    def submit(self, *, by):
        data = self.cleaned_data
        return services.record_reassessment_decision(self.picked, decision=data["decision"] or "",
                                                     decided_on=data["decided_on"], by=by)


def _reassessments_under_way(records):
    return [r for r in records.reassessments
            if r.decision == ReassessmentDecision.REASSESS and r.completed_on is None]


class ReassessmentExceptionForm(_ReassessmentEvent):
    slug, title = "reassessment-exception", "Exception to the re-assessment time limit"
    success = "Exception recorded: the 14 weeks do not apply to this re-assessment"
    reason = radios(ExceptionReason.choices, label="Which exception applies? (regulation 27(3))", required=False)
    starts_on = _required_date("Date the exception started", "the date the exception started")
    ends_on = _optional_date("Date the exception ended", "the date the exception ended")
    note = forms.CharField(label="Note (optional)", max_length=300, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    @classmethod
    def candidates_for(cls, records):
        return _reassessments_under_way(records)

    def submit(self, *, by):
        data = self.cleaned_data
        return services.record_exception(self.case, reason=data["reason"] or "", starts_on=data["starts_on"],
                                         ends_on=data["ends_on"], note=data["note"], reassessment=self.picked,
                                         by=by)


class ReassessmentFinishedForm(_ReassessmentEvent):
    slug, title = "reassessment-finished", "Re-assessment finished"
    success = "End of the re-assessment recorded"
    completion = radios(ReassessmentCompletion.choices, label="How did the re-assessment end?", required=False)
    completed_on = _required_date("Date the plan was issued or the family was told",
                                  "the date the re-assessment ended",
                                  "Due within 14 weeks of the decision to re-assess (regulation 27(2))")

    @classmethod
    def candidates_for(cls, records):
        return _reassessments_under_way(records)

    def submit(self, *, by):
        data = self.cleaned_data
        return services.finish_reassessment(self.picked, completed_on=data["completed_on"],
                                            completion=data["completion"] or "", by=by)


class UnopposedAppealForm(EventForm):
    slug, title, group = "appeal-not-opposed", "Appeal not opposed", DISAGREEMENTS
    success = "Recorded: the appeal is conceded and the regulation 45 time limits have started"
    pick_label, pick_subject = "Which appeal?", "which appeal"
    notified_on = _required_date("Date the local authority told the tribunal it would not oppose the appeal",
                                 "the date the tribunal was told",
                                 "The time limits of regulation 45 run from this day")

    @classmethod
    def candidates_for(cls, records):
        done = {u.appeal_id for u in records.unopposed_appeals}
        return [a for a in records.appeals if a.pk not in done and a.subject in services.UNOPPOSED_KINDS
                and a.outcome in (TribunalOutcome.ONGOING, TribunalOutcome.CONCEDED)]

    def describe(self, appeal):
        return f"{appeal.get_subject_display()}, registered {_long(appeal.registered_on)}"

    def submit(self, *, by):
        return services.record_unopposed_appeal(self.picked, notified_on=self.cleaned_data["notified_on"], by=by)


class UnopposedStepForm(EventForm):
    slug, title, group = "appeal-not-opposed-step", "Step after an appeal not opposed", DISAGREEMENTS
    success = "Step recorded"
    pick_label, pick_subject = "Which appeal?", "which appeal"
    step = radios([("told_family", "Told the family the assessment or re-assessment will go ahead (2 weeks)"),
                   ("no_plan", "Told the family no plan is needed (10 weeks)"),
                   ("plan_issued", "Issued the plan: the final plan (14 weeks) or the amended plan (5 weeks)")],
                  label="What was done?", required=False)
    done_on = _required_date("Date it was done", "the date it was done")

    @classmethod
    def candidates_for(cls, records):
        return [u for u in records.unopposed_appeals if u.plan_issued_on is None and u.no_plan_on is None]

    def describe(self, unopposed):
        return f"{unopposed.get_kind_display()}, tribunal told {_long(unopposed.notified_on)}"

    def submit(self, *, by):
        data = self.cleaned_data
        return services.record_unopposed_appeal_step(self.picked, step=data["step"] or "", done_on=data["done_on"],
                                                     by=by)


class TribunalOrderForm(EventForm):
    slug, title, group = "tribunal-order", "Tribunal order or mediation agreement", DISAGREEMENTS
    success = "Order recorded"
    made_by = radios(OrderMadeBy.choices, label="Who made it?", required=False,
                     help_text="A written mediation agreement is carried out as if it were an order "
                               "(regulation 42(2))")
    kind = radios(OrderKind.choices, label="What does it require?", required=False,
                  help_text="An assessment is due within 14 weeks (regulation 44(2)); a mediation agreement on "
                            "matters that cannot be appealed within 2 weeks (regulation 42(3))")
    made_on = _required_date("Date of the order or agreement", "the date of the order")
    detail = forms.CharField(label="What it says (optional)", max_length=300, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))

    @classmethod
    def applies(cls, records):
        return bool(records.appeals or records.mediations)

    def submit(self, *, by):
        data = self.cleaned_data
        return services.record_tribunal_order(self.case, made_by=data["made_by"] or "", kind=data["kind"] or "",
                                              made_on=data["made_on"], detail=data["detail"], by=by)


class OrderCompliedForm(EventForm):
    slug, title, group = "order-complied", "Order or agreement carried out", DISAGREEMENTS
    success = "Recorded as carried out"
    pick_label, pick_subject = "Which order or agreement?", "which order or agreement"
    complied_on = _required_date("Date it was carried out", "the date it was carried out")

    @classmethod
    def candidates_for(cls, records):
        return [o for o in records.tribunal_orders if o.complied_on is None]

    def describe(self, order):
        return f"{order.get_made_by_display()}: {order.get_kind_display().lower()}, {_long(order.made_on)}"

    def submit(self, *, by):
        return services.record_order_complied(self.picked, complied_on=self.cleaned_data["complied_on"], by=by)


REDRESS_FORMS = (
    ReassessmentRequestForm, ReassessmentOwnDecisionForm, ReassessmentDecisionForm, ReassessmentExceptionForm,
    ReassessmentFinishedForm, UnopposedAppealForm, UnopposedStepForm, TribunalOrderForm, OrderCompliedForm,
)
EVENT_FORMS.update({form.slug: form for form in REDRESS_FORMS})
