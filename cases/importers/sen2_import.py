"""Import a SEN2 Blade export into one authority's case records: the "SEN2 return imported" event.

``import_sen2(local_authority=..., path=..., by=...)`` reads and checks the whole export first
(``sen2_parse``); one problem anywhere and nothing is written (``Sen2ImportError`` lists them
all). Then, in one transaction, it matches each record to the authority's existing ones, by the
case system's native id first, then (for a child) by UPN, then by its place under a matched
parent; it creates what is new and updates what changed with bulk queries, refreshes each
touched case's stage and next deadline, and writes ONE audit event with the counts.

Imported records are the same Child / Request / Assessment / EHCPlan / Placement / AnnualReview /
PhaseTransfer rows the web pages edit. The mapping is documented in
docs/decisions/0030-sen2-blade-import-export.md. Rules for updating:

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
from pathlib import Path

from django.db import connection, transaction
from django.db.models import Prefetch
from django.utils import timezone

from cases import models as m
from core import audit, clock
from core.choices import AuditAction

from . import sen2_blade as blade
from .sen2_parse import Progress, load

_GENERATED = re.compile(r"^SS-(C|R|A|P|AP|PL)-(\d+)$")


def generated_native_id(kind: str, pk: int) -> str:
    """The NativeId SENDsight writes for a record that has none of its own (C, R, A, P, AP, PL)."""
    return f"SS-{kind}-{pk}"


def _generated_pk(native_id: str, kind: str) -> int | None:
    match = _GENERATED.match(native_id or "")
    return int(match.group(2)) if match and match.group(1) == kind else None


@dataclass
class ImportSummary:
    year: int
    reference_date: datetime.date
    added: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

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


class _Writes:
    """New and changed instances of one model, written in bulk at the end."""

    def __init__(self, key: str, summary: ImportSummary):
        self.key, self.summary = key, summary
        self.new: list = []
        self.changed: dict[int, object] = {}
        self.fields: set[str] = set()
        self._new_ids: set[int] = set()

    def apply(self, obj, values: dict) -> bool:
        """Set the values; True if the record is new or changed by them."""
        if obj.pk is None:
            relations = _relations(type(obj))
            for name, value in values.items():
                field = relations.get(name)
                if field is None:
                    setattr(obj, name, value)
                else:  # what the related-object descriptor does, without its checks
                    field.set_cached_value(obj, value)
                    setattr(obj, field.attname, value.pk)
            if id(obj) not in self._new_ids:
                self._new_ids.add(id(obj))
                self.new.append(obj)
                self.summary.added[self.key] += 1
            return True
        differs = False
        for name, value in values.items():
            if hasattr(value, "_meta"):  # a related record: compare ids, never fetch it
                if value.pk is not None and getattr(obj, f"{name}_id") == value.pk:
                    continue
            elif getattr(obj, name) == value:
                continue
            setattr(obj, name, value)
            self.fields.add(name)
            differs = True
        if differs and obj.pk not in self.changed:
            self.summary.updated[self.key] += 1
            self.summary.unchanged[self.key] -= 1
            self.changed[obj.pk] = obj
        return differs

    def seen(self, obj) -> None:
        """Count an existing record once, as unchanged until ``apply`` says otherwise."""
        if obj.pk is not None and obj.pk not in self.changed:
            self.summary.unchanged[self.key] += 1

    def save(self, model) -> None:
        insert_rows(model, self.new)
        if self.changed and self.fields:
            update_rows(model, list(self.changed.values()), sorted(self.fields))


def _link(objs: list, relations: list) -> None:
    """Copy the id of a related record created earlier in this import onto its ``*_id`` field."""
    for obj in objs:
        for f in relations:
            if getattr(obj, f.attname) is None and f.is_cached(obj) and f.get_cached_value(obj):
                setattr(obj, f.attname, f.get_cached_value(obj).pk)


def _reserve_ids(model, count: int) -> list[int]:
    """``count`` new primary keys for ``model``'s table, taken inside the import's transaction."""
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [table, column, count])
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the transaction took the write lock when it began (transaction_mode IMMEDIATE),
        # so nobody else can insert between this read and our insert. AUTOINCREMENT never reuses
        # an id, so start after the highest ever given as well as the highest present.
        qn = connection.ops.quote_name
        cursor.execute(f"SELECT COALESCE(MAX({qn(column)}), 0) FROM {qn(table)}")
        start = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        start = max(start, row[0] if row else 0)
        return list(range(start + 1, start + count + 1))


def insert_rows(model, objs: list) -> None:
    """INSERT new records with one ``executemany``, giving each its primary key.

    Django's ``bulk_create`` compiles SQL for every field of every row, several times slower
    than the database takes to insert them; this writes the same values (``get_db_prep_save``).
    Databases other than SQLite and PostgreSQL use ``bulk_create``.
    """
    if not objs:
        return
    if connection.vendor not in ("sqlite", "postgresql"):
        model.objects.bulk_create(objs, batch_size=2000)
        return
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    _link(objs, [f for f in fields if f.is_relation])
    for obj, pk in zip(objs, _reserve_ids(model, len(objs)), strict=True):
        setattr(obj, meta.pk.attname, pk)
        obj._state.adding, obj._state.db = False, connection.alias
    qn = connection.ops.quote_name
    sql = (f"INSERT INTO {qn(meta.db_table)} ({qn(meta.pk.column)}, "
           + ", ".join(qn(f.column) for f in fields) + ") VALUES ("
           + ", ".join(["%s"] * (len(fields) + 1)) + ")")
    params = [[obj.pk] + [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]
              for obj in objs]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def update_rows(model, objs: list, fields: list[str]) -> None:
    """UPDATE each row's ``fields`` with one ``executemany`` (Django's ``bulk_update`` builds a
    CASE expression per field and row, which is many times slower for thousands of rows)."""
    if not objs:
        return
    qn = connection.ops.quote_name
    columns = [model._meta.get_field(name) for name in fields]
    sql = (f"UPDATE {qn(model._meta.db_table)} SET "
           + ", ".join(f"{qn(f.column)} = %s" for f in columns)
           + f" WHERE {qn(model._meta.pk.column)} = %s")
    _link(objs, [f for f in columns if f.is_relation])
    params = [[f.get_db_prep_save(getattr(obj, f.attname), connection) for f in columns] + [obj.pk]
              for obj in objs]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


_TEMPLATES: dict = {}


def _new(model, **values):
    """A new, unsaved instance, made the fast way Django loads rows (positional defaults).

    ``Model(**kwargs)`` looks up every field's default for every instance; with tens of
    thousands of new records that is the largest single cost of an import. Defaults are
    worked out once per import (so ``created_at`` is the same moment for every new record).
    """
    template = _TEMPLATES.get(model)
    if template is None:
        template = _TEMPLATES[model] = tuple(
            None if f.primary_key else f.get_default() for f in model._meta.concrete_fields)
    obj = model(*template)
    relations = _relations(model)
    for name, value in values.items():
        if name in relations:
            relations[name].set_cached_value(obj, value)
            setattr(obj, relations[name].attname, value.pk)
        else:
            setattr(obj, name, value)
    return obj


def _relations(model) -> dict:
    found = _RELATIONS.get(model)
    if found is None:
        found = _RELATIONS[model] = {f.name: f for f in model._meta.concrete_fields
                                     if f.is_relation}
    return found


_RELATIONS: dict = {}


def _index(objects, *keys):
    out = {}
    for obj in objects:
        key = tuple(getattr(obj, k) for k in keys) if len(keys) > 1 else getattr(obj, keys[0])
        out.setdefault(key, []).append(obj)
    return out


def _later(stored: datetime.date | None, census: datetime.date) -> bool:
    return stored is not None and stored > census


class _Importer:
    def __init__(self, local_authority, sen2: blade.Sen2Return):
        self.la, self.sen2 = local_authority, sen2
        _TEMPLATES.clear()  # defaults such as created_at are taken afresh for each import
        self.census = sen2.header.reference_date
        self.summary = ImportSummary(year=sen2.header.year, reference_date=self.census)
        keys = ["child", "request", "assessment", "plan", "placement", "review", "phase_transfer"]
        self.w = {key: _Writes(key, self.summary) for key in keys}
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
            name: {o.pk: o for o in objs}
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
        # The records of each NEW case, kept so its clock is worked out without reading them back.
        self.fresh: dict[int, dict] = {}

    def _fresh(self, req) -> dict | None:
        if req.pk is not None:
            return None
        return self.fresh.setdefault(id(req), {"assessments": [], "plans": [], "reviews": {},
                                               "transfers": {}})

    # -- matching --------------------------------------------------------------------------
    def _match(self, kind: str, native_id: str, candidates=()):
        """By stored native id, by SENDsight's own generated id, then the first unclaimed candidate."""
        found = self.native[kind].get(native_id) if native_id else None
        if found is None and native_id:
            pk = _generated_pk(native_id, kind)
            found = self.by_pk.get(kind, {}).get(pk) if pk else None
            if found is not None and found.native_id:
                found = None
        if found is None:
            found = next((c for c in candidates if (kind, id(c)) not in self.claimed), None)
        if found is not None:
            if (kind, id(found)) in self.claimed:
                return None  # two rows for one record: the second becomes a new record
            self.claimed.add((kind, id(found)))
        return found

    def _native(self, kind: str, native_id: str, obj) -> str:
        """The native id to store: none when the file only echoes SENDsight's generated id."""
        if (
            obj is not None
            and obj.pk is not None
            and native_id == generated_native_id(kind, obj.pk)
        ):
            return obj.native_id
        return native_id

    # -- records ---------------------------------------------------------------------------
    def run(self) -> ImportSummary:
        for person in self.sen2.persons:
            self.person(person)
        self.w["child"].save(m.Child)
        self.w["request"].save(m.Request)
        self.w["assessment"].save(m.Assessment)
        self.w["plan"].save(m.EHCPlan)
        self.w["placement"].save(m.Placement)
        self.w["review"].save(m.AnnualReview)
        self.w["phase_transfer"].save(m.PhaseTransfer)
        return self.summary

    def person(self, p: blade.Person) -> None:
        upn_matches = self.by_upn.get(p.upn, []) if p.upn else []
        child = self._match("C", p.native_id, upn_matches) or _new(m.Child, local_authority=self.la)
        self.w["child"].seen(child)
        self.w["child"].apply(
            child,
            {
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
            },
        )
        existing = self.requests_of.get(child.pk, []) if child.pk else []
        for r in p.requests:
            same_day = [e for e in existing if r.received_date and e.received_on == r.received_date]
            self.request(child, r, same_day)

    def request(self, child, r: blade.Request, candidates) -> None:
        req = self._match("R", r.native_id, candidates) or _new(m.Request, local_authority=self.la)
        self.w["request"].seen(req)
        outcome, outcome_on, received = r.outcome, r.outcome_date, r.received_date
        if req.pk is not None:
            if outcome == "H" and req.outcome in ("Y", "N", "W"):
                outcome, outcome_on = req.outcome, req.outcome_on
            elif outcome == "A" and req.outcome != "A":
                outcome, outcome_on = req.outcome, req.outcome_on  # "not yet" never undoes a decision
            received = received or req.received_on
        if self.w["request"].apply(
            req,
            {
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
            },
        ):
            self._touch(req)
        assessments = self.assessments_of.get(req.pk, []) if req.pk else []
        plan_for_active = None
        for a in r.assessments:
            plan = self.assessment(req, a, assessments)
            plan_for_active = plan or plan_for_active
        if r.active_plan is not None:
            plan = plan_for_active or self._latest_plan(req, child)
            if plan is not None:
                self.active(req, plan, r.active_plan)

    def _touch(self, req) -> None:
        if req.pk is not None:  # new requests are all refreshed anyway
            self.touched_requests[req.pk] = req

    def _latest_plan(self, req, child):
        """An active-plan record under a request with no named plan: the child's latest plan."""
        plans = [p for p in self.w["plan"].new if p.request.child is child]
        if child.pk:
            request_ids = {x.pk for x in self.requests_of.get(child.pk, [])}
            plans += [p for p in self.plans if p.request_id in request_ids]
        return max(plans, key=lambda p: p.start_on, default=None)

    def assessment(self, req, a: blade.Assessment, candidates):
        obj = self._match("A", a.native_id, candidates) or _new(m.Assessment)
        self.w["assessment"].seen(obj)
        outcome, outcome_on = a.outcome, a.outcome_date
        if obj.pk is not None:
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
        if obj.pk is None and req.outcome == "Y":
            values["started_on"] = req.outcome_on
        if self.w["assessment"].apply(obj, values):
            self._touch(req)
        if (parts := self._fresh(req)) is not None:
            parts["assessments"].append(obj)
        if a.named_plan is None:
            return None
        return self.plan(req, obj, a.named_plan)

    def plan(self, req, assessment, n: blade.NamedPlan):
        candidates = self.plans_of.get(assessment.pk, []) if assessment.pk else []
        plan = self._match("P", n.native_id, candidates) or _new(m.EHCPlan, local_authority=self.la)
        self.w["plan"].seen(plan)
        if (parts := self._fresh(req)) is not None and plan not in parts["plans"]:
            parts["plans"].append(plan)
        ceased_on, reason = n.cease_date, int(n.cease_reason) if n.cease_reason else None
        if plan.pk is not None and ceased_on is None and _later(plan.ceased_on, self.census):
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
        if self.w["plan"].apply(plan, values):
            self._touch(req)
        existing = self.placements_of.get(plan.pk, []) if plan.pk else []
        for detail in n.details:
            if detail is main:
                continue
            same = [x for x in existing if x.kind == "named" and x.rank == detail.rank]
            self.placement(plan, detail, "named", same)
        return plan

    def placement(self, plan, d, kind: str, candidates) -> None:
        obj = self._match("PL", d.native_id, candidates) or _new(m.Placement)
        self.w["placement"].seen(obj)
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
            if obj.pk is not None and leaving is None and _later(obj.leaving_on, self.census):
                leaving = obj.leaving_on
            values.update(
                {
                    "entry_on": d.entry_date,
                    "leaving_on": leaving,
                    "residential": d.res,
                    "work_based": d.wbp[:2],
                }
            )
        self.w["placement"].apply(obj, values)

    def active(self, req, plan, a: blade.ActivePlan) -> None:
        needs = {n.rank: n.sen_type for n in a.needs}
        values = {
            "active_native_id": a.native_id
            if a.native_id != generated_native_id("AP", plan.pk or 0)
            else plan.active_native_id,
            "transferred_in_from": a.transfer_la or plan.transferred_in_from,
        }
        if needs:
            values.update({"primary_need": needs.get(1, ""), "secondary_need": needs.get(2, "")})
        if self.w["plan"].apply(plan, values):
            self._touch(req)
        existing = self.placements_of.get(plan.pk, []) if plan.pk else []
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
        reviews = self.reviews_of.get(plan.pk, []) if plan.pk else []
        if a.review_meeting:
            same = [r for r in reviews if r.meeting_on == a.review_meeting]
        else:
            same = [r for r in reviews if r.meeting_on is None and r.decision_on == a.last_review]
        review = (
            next((r for r in same if ("AR", id(r)) not in self.claimed), None) or _new(m.AnnualReview)
        )
        self.claimed.add(("AR", id(review)))
        self.w["review"].seen(review)
        if (parts := self._fresh(req)) is not None:
            parts["reviews"].setdefault(id(plan), []).append(review)
        decision_on, outcome = a.last_review, a.review_outcome
        if (
            review.pk is not None
            and decision_on is None
            and _later(review.decision_on, self.census)
        ):
            decision_on, outcome = review.decision_on, review.outcome
        draft_on = a.review_draft
        if review.pk is not None and draft_on is None and _later(
            review.amendment_notice_on, self.census
        ):
            draft_on = review.amendment_notice_on
        if self.w["review"].apply(
            review,
            {
                "plan": plan,
                "meeting_on": a.review_meeting,
                "decision_on": decision_on,
                "outcome": outcome,
                "amendment_notice_on": draft_on,
            },
        ):
            self._touch(req)

    def phase_transfer(self, req, plan, a: blade.ActivePlan) -> None:
        due = a.phase_transfer_due
        transfers = self.transfers_of.get(plan.pk, []) if plan.pk else []
        transfer = next((t for t in transfers if t.due_on == due), None) or _new(
            m.PhaseTransfer,
            kind="post_16" if (due.month, due.day) == (3, 31) else "school",
            transfer_on=datetime.date(due.year, 9, 1),
        )
        self.w["phase_transfer"].seen(transfer)
        if (parts := self._fresh(req)) is not None:
            parts["transfers"].setdefault(id(plan), []).append(transfer)
        final_on = a.phase_transfer_final
        if transfer.pk is not None and final_on is None and _later(transfer.final_on, self.census):
            final_on = transfer.final_on
        if self.w["phase_transfer"].apply(
            transfer, {"plan": plan, "due_on": due, "final_on": final_on}
        ):
            self._touch(req)


def refresh_cases(requests: list, *, today: datetime.date, known: dict | None = None,
                  chunk: int = 1000) -> None:
    """Recompute many cases' stage, next deadline and review dates in bulk.

    The same rule as ``cases.services.refresh_case`` (``cases.case_state.case_state``). A case
    whose records are all in ``known`` (``{id(request): parts}``, for cases the import has just
    created) is worked out from them; the others are read a chunk at a time.
    """
    from cases.case_state import CaseRecords, case_state

    known = known or {}
    now = timezone.now()
    records = []
    for request in requests:
        parts = known.get(id(request))
        if parts is None:
            continue
        assessment = max(parts["assessments"], key=lambda a: a.pk, default=None)
        plan = max(parts["plans"], key=lambda p: (p.start_on, p.pk), default=None)
        records.append(CaseRecords(
            request=request, assessment=assessment, plan=plan,
            reviews=parts["reviews"].get(id(plan), []) if plan else [],
            phase_transfers=parts["transfers"].get(id(plan), []) if plan else []))
    ids = sorted({r.pk for r in requests if id(r) not in known})
    for start in range(0, len(ids), chunk):
        batch = m.Request.objects.filter(pk__in=ids[start:start + chunk]).prefetch_related(
            "exceptions", "mediations", "tribunal_appeals",
            Prefetch("assessments", queryset=m.Assessment.objects.prefetch_related(
                "advice_requests", "drafts")),
            Prefetch("plans", queryset=m.EHCPlan.objects.prefetch_related("reviews", "phase_transfers")),
        )
        for request in batch:
            assessment = max(request.assessments.all(), key=lambda a: a.pk, default=None)
            plan = max(request.plans.all(), key=lambda p: (p.start_on, p.pk), default=None)
            records.append(CaseRecords(
                request=request, assessment=assessment,
                advice=list(assessment.advice_requests.all()) if assessment else [],
                drafts=list(assessment.drafts.all()) if assessment else [],
                plan=plan, reviews=list(plan.reviews.all()) if plan else [],
                phase_transfers=list(plan.phase_transfers.all()) if plan else [],
                exceptions=list(request.exceptions.all()),
                mediations=list(request.mediations.all()),
                appeals=list(request.tribunal_appeals.all()),
            ))
    changed_requests, changed_plans = [], []
    for case in records:
        state = case_state(case, today=today)
        request, plan = case.request, case.plan
        if (request.stage, request.next_deadline_on, request.next_deadline_label) != (
                state.stage, state.next_deadline_on, state.next_deadline_label):
            request.stage = state.stage
            request.next_deadline_on = state.next_deadline_on
            request.next_deadline_label = state.next_deadline_label
            request.updated_at = now
            changed_requests.append(request)
        if plan is not None and (plan.review_due_on, plan.last_reviewed_on) != (
                state.review_due_on, state.last_reviewed_on):
            plan.review_due_on, plan.last_reviewed_on = state.review_due_on, state.last_reviewed_on
            changed_plans.append(plan)
    update_rows(m.Request, changed_requests,
                ["stage", "next_deadline_on", "next_deadline_label", "updated_at"])
    update_rows(m.EHCPlan, changed_plans, ["review_due_on", "last_reviewed_on"])


@transaction.atomic
def import_sen2(
    *, local_authority, path: str | Path, by, progress: Progress | None = None,
    today: datetime.date | None = None,
) -> ImportSummary:
    """Import the Blade export at ``path`` (folder or zip) into ``local_authority``'s case records.

    Raises ``Sen2ImportError`` (listing every problem by file, row and column) and writes nothing
    when the export does not pass every check.
    """
    sen2 = load(path, expected_la=local_authority.code, progress=progress)
    importer = _Importer(local_authority, sen2)
    summary = importer.run()
    touched = list(importer.touched_requests.values()) + importer.w["request"].new
    refresh_cases(touched, today=today or clock.today(), known=importer.fresh)
    audit.record(
        action=AuditAction.IMPORT,
        by=by,
        local_authority=local_authority,
        object_type="cases.sen2_return",
        object_id=str(sen2.header.year),
        object_label=f"SEN2 return {sen2.header.year} imported from {Path(path).name}",
        changes=summary.as_dict(),
        note=f"Census date {sen2.header.reference_date:%d %B %Y}; {len(touched)} cases touched",
    )
    return summary
