"""Matching the records of a SEN2 return to an authority's stored case records.

``Matcher(local_authority, sen2)`` reads the authority's stored children, requests, assessments,
plans, placements, reviews and phase transfers once, then ``match()`` walks the return: each
record is matched by the case system's native id first (or SENDsight's own generated id), then
(for a child) by UPN, then by its place under a matched parent; what matches nothing is a new,
unsaved record. Values are set through ``sen2_write.Writes``, which counts what is added, updated
and unchanged. Nothing is written here. Rules for updating:

* a value in the file replaces the stored one, except that an outcome of ``H`` (historical) or
  ``A`` (not yet decided) never replaces a recorded decision, and a blank never removes a date
  the service holds that is after the file's census date (a cease, a leaving date, a review
  decision ...);
* records the file does not mention are left alone (a return holds only part of the history).
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from cases import models as m

from . import sen2_blade as blade
from .sen2_refresh import apply_states, new_case_records
from .sen2_write import Writes, reset_defaults

_GENERATED = re.compile(r"^SS-(C|R|A|P|AP|PL)-(\d+)$")


def generated_native_id(kind: str, pk: int) -> str:
    """The NativeId SENDsight writes for a record that has none of its own (C, R, A, P, AP, PL)."""
    return f"SS-{kind}-{pk}"


def _generated_pk(native_id: str, kind: str) -> int | None:
    match = _GENERATED.match(native_id)
    return int(match.group(2)) if match and match.group(1) == kind else None


@dataclass
class ImportSummary:
    year: int
    reference_date: datetime.date
    added: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    cases: int = 0  # cases created or changed, whose clock was worked out again
    seconds: dict[str, float] = field(default_factory=dict)  # wall-clock time of each phase

    LABELS = {
        "child": "Children and young people",
        "request": "Requests",
        "assessment": "Assessments",
        "plan": "EHC plans",
        "placement": "Placements",
        "review": "Annual reviews",
        "phase_transfer": "Phase transfers",
    }

    def lines(self) -> list[str]:
        return [
            f"{label}: {self.added[key]} added, {self.updated[key]} updated, "
            f"{self.unchanged[key]} unchanged"
            for key, label in self.LABELS.items()
            if self.added[key] or self.updated[key] or self.unchanged[key]
        ]

    def as_dict(self) -> dict:
        return {
            "added": dict(self.added),
            "updated": dict(self.updated),
            "unchanged": dict(self.unchanged),
        }


def _index(objects, *keys):
    out = {}
    for obj in objects:
        key = tuple(getattr(obj, k) for k in keys) if len(keys) > 1 else getattr(obj, keys[0])
        out.setdefault(key, []).append(obj)
    return out


def _no_parts() -> dict:
    return {"assessments": [], "plans": [], "reviews": {}, "transfers": {}}


def _later(stored: datetime.date | None, census: datetime.date) -> bool:
    return stored is not None and stored > census


class Matcher:
    """Matches a return's records to an authority's stored ones; collects what to add and change."""

    ORDER = (("child", m.Child), ("request", m.Request), ("assessment", m.Assessment),
             ("plan", m.EHCPlan), ("placement", m.Placement), ("review", m.AnnualReview),
             ("phase_transfer", m.PhaseTransfer))  # parents before children

    def __init__(self, local_authority, sen2: blade.Sen2Return):
        self.la, self.sen2 = local_authority, sen2
        reset_defaults()  # defaults such as created_at are taken afresh for each import
        self.census = sen2.header.reference_date
        self.summary = ImportSummary(year=sen2.header.year, reference_date=self.census)
        self.w = {key: Writes(key, model, self.summary) for key, model in self.ORDER}
        self.touched_requests: dict[int, m.Request] = {}
        la = local_authority
        self.children = list(m.Child.objects.filter(local_authority=la))
        self.requests = list(m.Request.objects.filter(local_authority=la))
        self.assessments = list(m.Assessment.objects.filter(request__local_authority=la))
        self.plans = list(m.EHCPlan.objects.filter(local_authority=la))
        self.placements = list(m.Placement.objects.filter(plan__local_authority=la))
        self.reviews = list(m.AnnualReview.objects.filter(plan__local_authority=la))
        self.transfers = list(m.PhaseTransfer.objects.filter(plan__local_authority=la))
        self.by_pk = {
            name: {o.id: o for o in objs}
            for name, objs in (
                ("C", self.children),
                ("R", self.requests),
                ("A", self.assessments),
                ("P", self.plans),
                ("PL", self.placements),
            )
        }
        self.native = {
            name: {o.native_id: o for o in objs if o.native_id}
            for name, objs in (
                ("C", self.children),
                ("R", self.requests),
                ("A", self.assessments),
                ("P", self.plans),
                ("PL", self.placements),
            )
        }
        self.native["AP"] = {p.active_native_id: p for p in self.plans if p.active_native_id}
        self.by_upn = _index([c for c in self.children if c.upn], "upn")
        self.requests_of = _index(self.requests, "child_id")
        self.assessments_of = _index(self.assessments, "request_id")
        self.plans_of = _index(self.plans, "assessment_id")
        self.placements_of = _index(self.placements, "plan_id")
        self.reviews_of = _index(self.reviews, "plan_id")
        self.transfers_of = _index(self.transfers, "plan_id")
        self.claimed: set[tuple[str, int]] = set()
        self.new_plans: list = []
        # The records of each NEW case, kept so its clock is worked out without reading them back.
        self.fresh: dict[int, dict] = {}

    def _fresh(self, req) -> dict | None:
        if req.id is not None:
            return None
        parts = self.fresh.get(id(req))
        if parts is None:
            parts = self.fresh[id(req)] = _no_parts()
        return parts

    # -- matching --------------------------------------------------------------------------
    def _match(self, kind: str, native_id: str, candidates=()):
        """By stored native id, by SENDsight's own generated id, then the first unclaimed candidate."""
        found = None
        if native_id:
            found = self.native[kind].get(native_id)
            if found is None and native_id.startswith("SS-"):
                pk = _generated_pk(native_id, kind)
                found = self.by_pk.get(kind, {}).get(pk) if pk else None
                if found is not None and found.native_id:
                    found = None
        if found is None:
            if not candidates:
                return None
            found = next((c for c in candidates if (kind, id(c)) not in self.claimed), None)
            if found is None:
                return None
        claim = (kind, id(found))
        if claim in self.claimed:
            return None  # two rows for one record: the second becomes a new record
        self.claimed.add(claim)
        return found

    def _native(self, kind: str, native_id: str, obj) -> str:
        """The native id to store: none when the file only echoes SENDsight's generated id."""
        if (
            obj is not None
            and obj.id is not None
            and native_id == generated_native_id(kind, obj.id)
        ):
            return obj.native_id
        return native_id

    # -- records ---------------------------------------------------------------------------
    def match(self) -> None:
        """Match every record of the return to a stored one, or make a new one (nothing written)."""
        for person in self.sen2.persons:
            self.person(person)
        for writes in self.w.values():  # parents before children
            writes.number()

    def clock_new_cases(self, *, today: datetime.date) -> list:
        """Work out the state of each new case in memory, so it is written once, with its state.

        Returns the plans that existed before the import whose review dates this changed.
        """
        records = [new_case_records(request, self.fresh.get(id(request)) or _no_parts())
                   for request in self.w["request"].new]
        _, plans = apply_states(records, today=today, now=timezone.now())
        return [plan for plan in plans if not self.w["plan"].is_new(plan)]

    def save(self) -> None:
        for writes in self.w.values():
            writes.save()

    def _put(self, key: str, obj, values: dict):
        """Create the record (``obj`` None) or set ``values`` on the matched one.

        Returns (the record, whether it is new or changed).
        """
        writes = self.w[key]
        if obj is None:
            return writes.create(values), True
        writes.seen(obj)
        return obj, writes.apply(obj, values)

    def person(self, p: blade.Person) -> None:
        upn_matches = self.by_upn.get(p.upn, []) if p.upn else []
        child = self._match("C", p.native_id, upn_matches)
        values = {
            "native_id": self._native("C", p.native_id, child),
            "forename": p.forename,
            "surname": p.surname,
            "date_of_birth": p.birth_date,
            "sex": p.sex,
            "ethnicity": p.ethnicity,
            "postcode": p.postcode[:8],
            "upn": p.upn,
            "uln": p.uln,
            "upn_unknown": p.upn_unknown,
        }
        if child is None:
            values["local_authority"] = self.la
        child, _ = self._put("child", child, values)
        existing = self.requests_of.get(child.id, []) if child.id else []
        self.new_plans = []  # of this child (each request belongs to one person row)
        for r in p.requests:
            same_day = [e for e in existing if r.received_date and e.received_on == r.received_date]
            self.request(child, r, same_day)

    def request(self, child, r: blade.Request, candidates) -> None:
        req = self._match("R", r.native_id, candidates)
        outcome, outcome_on, received = r.outcome, r.outcome_date, r.received_date
        if req is not None:
            if outcome == "H" and req.outcome in ("Y", "N", "W"):
                outcome, outcome_on = req.outcome, req.outcome_on
            elif outcome == "A" and req.outcome != "A":
                outcome, outcome_on = req.outcome, req.outcome_on  # "not yet" never undoes a decision
            received = received or req.received_on
        values = {
            "native_id": self._native("R", r.native_id, req),
            "child": child,
            "received_on": received,
            "source": int(r.source) if r.source else None,
            "rya": r.rya,
            "outcome": outcome,
            "outcome_on": outcome_on,
            "mediation": r.mediation,
            "tribunal": r.tribunal,
            "exported": r.exported,
        }
        if req is None:
            values["local_authority"] = self.la
        req, changed = self._put("request", req, values)
        if changed:
            self._touch(req)
        assessments = self.assessments_of.get(req.id, []) if req.id else []
        plan_for_active = None
        for a in r.assessments:
            plan = self.assessment(req, a, assessments)
            plan_for_active = plan or plan_for_active
        if r.active_plan is not None:
            plan = plan_for_active or self._latest_plan(req, child)
            if plan is not None:
                self.active(req, plan, r.active_plan)

    def _touch(self, req) -> None:
        if req.id is not None:  # new requests are all worked out anyway
            self.touched_requests[req.id] = req

    def _latest_plan(self, req, child):
        """An active-plan record under a request with no named plan: the child's latest plan."""
        plans = [p for p in self.new_plans if p.request.child is child]
        if child.id:
            request_ids = {x.id for x in self.requests_of.get(child.id, [])}
            plans += [p for p in self.plans if p.request_id in request_ids]
        return max(plans, key=lambda p: p.start_on, default=None)

    def assessment(self, req, a: blade.Assessment, candidates):
        obj = self._match("A", a.native_id, candidates)
        outcome, outcome_on = a.outcome, a.outcome_date
        if obj is not None:
            if outcome == "H" and obj.outcome in ("Y", "N", "W"):
                outcome, outcome_on = obj.outcome, obj.outcome_on
            elif outcome == "A" and obj.outcome != "A":
                outcome, outcome_on = obj.outcome, obj.outcome_on  # "not yet" never undoes a decision
            elif outcome == "Y" and not outcome_on and obj.outcome == "Y" and obj.outcome_on:
                outcome_on = obj.outcome_on  # plan issued since the return was made
        values = {
            "native_id": self._native("A", a.native_id, obj),
            "request": req,
            "outcome": outcome,
            "outcome_on": outcome_on,
            "week20": a.week20,
            "mediation": a.mediation,
            "tribunal": a.tribunal,
            "other_mediation": a.other_mediation,
            "other_tribunal": a.other_tribunal,
        }
        if obj is None and req.outcome == "Y":
            values["started_on"] = req.outcome_on
        obj, changed = self._put("assessment", obj, values)
        if changed:
            self._touch(req)
        if (parts := self._fresh(req)) is not None:
            parts["assessments"].append(obj)
        if a.named_plan is None:
            return None
        return self.plan(req, obj, a.named_plan)

    def plan(self, req, assessment, n: blade.NamedPlan):
        candidates = self.plans_of.get(assessment.id, []) if assessment.id else []
        plan = self._match("P", n.native_id, candidates)
        ceased_on, reason = n.cease_date, int(n.cease_reason) if n.cease_reason else None
        if plan is not None and ceased_on is None and _later(plan.ceased_on, self.census):
            ceased_on, reason = plan.ceased_on, plan.cease_reason
        main = next((d for d in n.details if d.rank == 1), n.details[0] if n.details else None)
        values = {
            "native_id": self._native("P", n.native_id, plan),
            "request": req,
            "assessment": assessment,
            "start_on": n.start_date,
            "residential": n.plan_res,
            "work_based": n.plan_wbp[:2],
            "personal_budget": n.pb,
            "organised_arrangements": n.oa,
            "direct_payments": n.dp[:10],
            "ceased_on": ceased_on,
            "cease_reason": reason,
        }
        if main is not None:
            values.update(
                {
                    "setting_urn": main.urn,
                    "setting_ukprn": main.ukprn,
                    "setting_code": main.sen_setting,
                    "setting_other": main.sen_setting_other,
                    "sen_unit": main.sen_unit,
                    "resourced_provision": main.resourced_provision,
                }
            )
        if plan is None:
            values["local_authority"] = self.la
            plan = self.w["plan"].create(values)
            self.new_plans.append(plan)
            changed = True
        else:
            plan, changed = self._put("plan", plan, values)
        if changed:
            self._touch(req)
        if (parts := self._fresh(req)) is not None and plan not in parts["plans"]:
            parts["plans"].append(plan)
        existing = self.placements_of.get(plan.id, []) if plan.id else []
        for detail in n.details:
            if detail is main:
                continue
            same = [x for x in existing if x.kind == "named" and x.rank == detail.rank]
            self.placement(plan, detail, "named", same)
        return plan

    def placement(self, plan, d, kind: str, candidates) -> None:
        obj = self._match("PL", d.native_id, candidates)
        values = {
            "plan": plan,
            "native_id": self._native("PL", d.native_id, obj),
            "kind": kind,
            "rank": d.rank,
            "urn": d.urn,
            "ukprn": d.ukprn,
            "setting_code": d.sen_setting,
            "setting_other": d.sen_setting_other,
            "sen_unit": d.sen_unit,
            "resourced_provision": d.resourced_provision,
        }
        if isinstance(d, blade.PlacementDetail):
            leaving = d.leaving_date
            if obj is not None and leaving is None and _later(obj.leaving_on, self.census):
                leaving = obj.leaving_on
            values.update(
                {
                    "entry_on": d.entry_date,
                    "leaving_on": leaving,
                    "residential": d.res,
                    "work_based": d.wbp[:2],
                }
            )
        self._put("placement", obj, values)

    def active(self, req, plan, a: blade.ActivePlan) -> None:
        needs = {n.rank: n.sen_type for n in a.needs}
        values = {
            "active_native_id": a.native_id
            if a.native_id != generated_native_id("AP", plan.id or 0)
            else plan.active_native_id,
            "transferred_in_from": a.transfer_la or plan.transferred_in_from,
        }
        if needs:
            values.update({"primary_need": needs.get(1, ""), "secondary_need": needs.get(2, "")})
        if self.w["plan"].apply(plan, values):
            self._touch(req)
        existing = self.placements_of.get(plan.id, []) if plan.id else []
        for p in a.placements:
            same = [
                x
                for x in existing
                if x.kind == "attended" and x.rank == p.rank and x.entry_on == p.entry_date
            ]
            self.placement(plan, p, "attended", same)
        if a.review_meeting or a.last_review:
            self.review(req, plan, a)
        if a.phase_transfer_due:
            self.phase_transfer(req, plan, a)

    def review(self, req, plan, a: blade.ActivePlan) -> None:
        reviews = self.reviews_of.get(plan.id, []) if plan.id else []
        if a.review_meeting:
            same = [r for r in reviews if r.meeting_on == a.review_meeting]
        else:
            same = [r for r in reviews if r.meeting_on is None and r.decision_on == a.last_review]
        review = next((r for r in same if ("AR", id(r)) not in self.claimed), None)
        if review is not None:
            self.claimed.add(("AR", id(review)))
        decision_on, outcome = a.last_review, a.review_outcome
        if review is not None and decision_on is None and _later(review.decision_on, self.census):
            decision_on, outcome = review.decision_on, review.outcome
        draft_on = a.review_draft
        if review is not None and draft_on is None and _later(review.amendment_notice_on, self.census):
            draft_on = review.amendment_notice_on
        values = {
            "plan": plan,
            "meeting_on": a.review_meeting,
            "decision_on": decision_on,
            "outcome": outcome,
            "amendment_notice_on": draft_on,
        }
        review, changed = self._put("review", review, values)
        if changed:
            self._touch(req)
        if (parts := self._fresh(req)) is not None:
            parts["reviews"].setdefault(id(plan), []).append(review)

    def phase_transfer(self, req, plan, a: blade.ActivePlan) -> None:
        due = a.phase_transfer_due
        transfers = self.transfers_of.get(plan.id, []) if plan.id else []
        transfer = next((t for t in transfers if t.due_on == due), None)
        final_on = a.phase_transfer_final
        if transfer is not None and final_on is None and _later(transfer.final_on, self.census):
            final_on = transfer.final_on
        values = {"plan": plan, "due_on": due, "final_on": final_on}
        if transfer is None:
            values["kind"] = "post_16" if (due.month, due.day) == (3, 31) else "school"
            values["transfer_on"] = datetime.date(due.year, 9, 1)
        transfer, changed = self._put("phase_transfer", transfer, values)
        if changed:
            self._touch(req)
        if (parts := self._fresh(req)) is not None:
            parts["transfers"].setdefault(id(plan), []).append(transfer)
