"""Turn the rows of a Blade export into a checked ``Sen2Return``; collect every problem.

Pure Python. Each module's rows are read into dataclasses, linked to their parents by
``<parent>tableid``, then checked against the SEN2 validation rules (local references V-xxx from
``sen2-person-level.md`` section 5). Nothing stops at the first problem: the caller gets them all.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from .sen2_blade import (
    CEASE_REASONS,
    ETHNICITY,
    GENDERS,
    LA_CODE,
    MODULES,
    OUTCOMES,
    REQUEST_SOURCES,
    REQUIRED_COLUMNS,
    RESIDENTIAL,
    REVIEW_OUTCOMES,
    SEN_SETTINGS,
    SEN_TYPES,
    SEXES,
    UKPRN,
    ULN,
    UPN,
    UPN_UNKNOWN,
    URN,
    ActivePlan,
    Assessment,
    Header,
    NamedPlan,
    Person,
    PlacementDetail,
    PlanDetail,
    Problem,
    Request,
    Sen2ImportError,
    Sen2Return,
    SenNeed,
)
from .sen2_read import ModuleFile, Row, read_export

Progress = Callable[[int, int], None]  # (rows done, rows in all)


def _check_columns(module: str, file: ModuleFile, problems: list[Problem]) -> bool:
    wanted = [f"{module}tableid"] + ([f"{MODULES[module]}tableid"] if MODULES[module] else [])
    wanted += REQUIRED_COLUMNS[module]
    missing = [c for c in wanted if c not in file.columns]
    if module == "person" and "sex" not in file.columns and "gendercurrent" not in file.columns:
        missing.append("sex")
    for column in missing:
        problems.append(Problem(file.name, 1, column, f"The file has no {column} column"))
    return not missing


def _rows(module: str, file: ModuleFile, problems: list[Problem], tick: Callable[[], None]):
    """(row, table id, parent table id) for each non-blank row; duplicate ids noted."""
    seen: set[str] = set()
    key = f"{module}tableid"
    parent_column = f"{MODULES[module]}tableid" if MODULES[module] else ""
    for index, values in enumerate(file.rows, start=2):
        tick()
        if not values:
            continue
        row = Row(file, index, values, problems)
        table_id = values.get(key, "")
        if not table_id:
            row.problem(key, "Enter the record's table id")
        elif table_id in seen:
            row.problem(key, f"Table id {table_id!r} is used by an earlier row")
        seen.add(table_id)
        yield row, table_id, values.get(parent_column, "") if parent_column else ""


def _parent(row: Row, module: str, parent_id: str, parents: dict):
    column = f"{MODULES[module]}tableid"
    if not parent_id:
        row.problem(column, f"Enter the {MODULES[module]} record this row belongs to")
        return None
    parent = parents.get(parent_id)
    if parent is None:
        row.problem(column, f"There is no {MODULES[module]} record with table id {parent_id!r}")
    return parent


def _placement_fields(row: Row) -> dict:
    fields = {
        "native_id": row.values.get("nativeid", ""),
        "urn": row.pattern("urn", URN, "a 6-digit URN"),
        "ukprn": row.pattern("ukprn", UKPRN, "an 8-digit UKPRN"),
        "sen_setting": row.code("sensetting", SEN_SETTINGS, label="SENsetting"),
        "sen_setting_other": row.text("sensettingother"),
        "rank": row.integer("placementrank", {1, 2}, label="PlacementRank", rule="V-PLC-2") or 1,
        "sen_unit": row.flag("senunitindicator"),
        "resourced_provision": row.flag("resourcedprovisionindicator"),
    }
    if not (fields["urn"] or fields["ukprn"] or fields["sen_setting"]) and not any(
            row.values.get(c) for c in ("urn", "ukprn", "sensetting")):
        row.problem("urn", "Enter a URN, a UKPRN or a SENsetting code (V-PLC-1)")
    return fields


def parse_export(files: dict[str, ModuleFile], *, expected_la: str | None = None,
                 progress: Progress | None = None) -> tuple[Sen2Return | None, list[Problem]]:
    """Build and check the return. Returns (the return or None, every problem found)."""
    problems: list[Problem] = []
    columns_ok = [_check_columns(m, files[m], problems) for m in MODULES if m in files]
    if not all(columns_ok) or len(files) < len(MODULES):
        return None, problems
    total = sum(len(f.rows) for f in files.values())
    done = 0

    def tick():
        nonlocal done
        done += 1
        if progress and (done % 5000 == 0 or done == total):
            progress(done, total)

    header = _header(files["sen2"], problems, expected_la, tick)
    ref = header.reference_date if header else None

    def not_after_census(row: Row, column: str, value: datetime.date | None, rule: str) -> None:
        if value and ref and value > ref:
            row.problem(column, f"{column} must be on or before the census date {ref:%d %B %Y} ({rule})")

    persons: dict[str, Person] = {}
    for row, tid, _sen2 in _rows("person", files["person"], problems, tick):
        sex = row.code("sex", SEXES, label="Sex") if "sex" in row.file.columns else GENDERS.get(
            row.code("gendercurrent", set(GENDERS), label="GenderCurrent"), "")
        person = Person(
            native_id=row.values.get("nativeid", ""),
            surname=row.text("surname", required=True, label="surname"),
            forename=row.text("forename", required=True, label="forename"),
            birth_date=row.date("personbirthdate", required=True, label="date of birth"),
            sex=sex,
            ethnicity=row.pattern("ethnicity", ETHNICITY, "a 4-letter CBDS ethnicity code"),
            postcode=row.text("postcode").upper(),
            upn=row.pattern("upn", UPN, "13 characters: a letter, 11 digits and a digit or letter"),
            uln=row.pattern("uniquelearnernumber", ULN, "a 10-digit ULN"),
            upn_unknown=row.code("upnunknown", UPN_UNKNOWN, label="UPNunknown", rule="V-PER-1"),
        )
        not_after_census(row, "personbirthdate", person.birth_date, "V-PER-3")
        if not (person.upn or person.uln or person.upn_unknown) and not any(
                row.values.get(c) for c in ("upn", "uniquelearnernumber", "upnunknown")):
            row.problem("upn", "Enter a UPN, a ULN or a UPNunknown reason (V-PER-1)")
        persons[tid] = person

    requests: dict[str, Request] = {}
    for row, tid, parent_id in _rows("requests", files["requests"], problems, tick):
        outcome = row.code("requestoutcome", OUTCOMES, required=True, label="RequestOutcome",
                           rule="V-REQ-1")
        request = Request(
            native_id=row.values.get("nativeid", ""), outcome=outcome,
            received_date=row.date("receiveddate", required=outcome != "H", label="date the request was received"),
            source=row.code("requestsource", REQUEST_SOURCES, label="RequestSource", rule="V-REQ-6"),
            rya=row.flag("rya"),
            outcome_date=row.date("requestoutcomedate", required=outcome in ("Y", "N"),
                                  label="request outcome date (V-REQ-2)"),
            mediation=row.flag("requestmediation"), tribunal=row.flag("requesttribunal"),
            exported=row.flag("exported"),
        )
        if request.outcome_date and request.received_date and request.outcome_date < request.received_date:
            row.problem("requestoutcomedate", "The request outcome date must be on or after the date "
                        "the request was received (V-REQ-3)")
        not_after_census(row, "receiveddate", request.received_date, "V-REQ-4")
        not_after_census(row, "requestoutcomedate", request.outcome_date, "V-REQ-4")
        person = _parent(row, "requests", parent_id, persons)
        if person:
            person.requests.append(request)
        requests[tid] = request

    assessments: dict[str, Assessment] = {}
    for row, tid, parent_id in _rows("assessment", files["assessment"], problems, tick):
        outcome = row.code("assessmentoutcome", OUTCOMES, required=True, label="AssessmentOutcome",
                           rule="V-ASM-1")
        assessment = Assessment(
            native_id=row.values.get("nativeid", ""), outcome=outcome,
            outcome_date=row.date("assessmentoutcomedate", required=outcome == "N",
                                  label="assessment outcome date (V-ASM-2)"),
            mediation=row.flag("assessmentmediation"), tribunal=row.flag("assessmenttribunal"),
            other_mediation=row.flag("othermediation"), other_tribunal=row.flag("othertribunal"),
            week20=row.flag("week20"),
        )
        not_after_census(row, "assessmentoutcomedate", assessment.outcome_date, "V-REQ-4")
        request = _parent(row, "assessment", parent_id, requests)
        if request:
            if request.outcome not in ("Y", "H", ""):
                row.problem("requeststableid", f"An assessment needs a request with outcome Y or H, "
                            f"not {request.outcome} (V-REQ-5)")
            earliest = request.outcome_date or request.received_date
            if assessment.outcome_date and earliest and assessment.outcome_date < earliest:
                row.problem("assessmentoutcomedate", "The assessment outcome date must be on or after "
                            "the request was received and decided (V-ASM-3)")
            request.assessments.append(assessment)
        assessments[tid] = assessment

    plans: dict[str, NamedPlan] = {}
    for row, tid, parent_id in _rows("namedplan", files["namedplan"], problems, tick):
        plan = NamedPlan(
            native_id=row.values.get("nativeid", ""),
            start_date=row.date("startdate", required=True, label="EHC plan start date"),
            plan_res=row.code("planres", RESIDENTIAL, label="PlanRes"), plan_wbp=row.text("planwbp"),
            pb=row.flag("pb"), oa=row.flag("oa"), dp=row.text("dp"),
            cease_date=row.date("ceasedate", label="date the plan ceased"),
            cease_reason=row.code("ceasereason", CEASE_REASONS, label="CeaseReason", rule="V-PLN-2"),
        )
        if plan.cease_date and not row.values.get("ceasereason"):
            row.problem("ceasereason", "Enter the reason the plan ceased (V-PLN-2)")
        if row.values.get("ceasereason") and not row.values.get("ceasedate"):
            row.problem("ceasedate", "Enter the date the plan ceased, or remove the reason (V-PLN-2)")
        if plan.cease_date and plan.start_date and plan.cease_date < plan.start_date:
            row.problem("ceasedate", "The date the plan ceased must be on or after its start date (V-PLN-3)")
        not_after_census(row, "startdate", plan.start_date, "V-PLN-3")
        not_after_census(row, "ceasedate", plan.cease_date, "V-PLN-3")
        assessment = _parent(row, "namedplan", parent_id, assessments)
        if assessment:
            if assessment.outcome not in ("Y", "H", ""):
                row.problem("assessmenttableid", f"A named plan needs an assessment with outcome Y or H, "
                            f"not {assessment.outcome} (V-ASM-4, V-PLN-1)")
            elif assessment.named_plan is not None:
                row.problem("assessmenttableid", "This assessment already has a named plan")
            assessment.named_plan = plan
        plans[tid] = plan

    for row, _tid, parent_id in _rows("plandetail", files["plandetail"], problems, tick):
        detail = PlanDetail(**_placement_fields(row))
        plan = _parent(row, "plandetail", parent_id, plans)
        if plan:
            plan.details.append(detail)

    active_plans: dict[str, ActivePlan] = {}
    for row, tid, parent_id in _rows("activeplans", files["activeplans"], problems, tick):
        active = ActivePlan(
            native_id=row.values.get("nativeid", ""),
            transfer_la=row.pattern("transferla", LA_CODE, "a 3-digit DfE LA code"),
            review_meeting=row.date("reviewmeeting", label="annual review meeting date"),
            review_outcome=row.code("reviewoutcome", REVIEW_OUTCOMES, label="ReviewOutcome", rule="V-AR-1"),
            review_draft=row.date("reviewdraft"),
            phase_transfer_due=row.date("phasetransferduedate"),
            phase_transfer_final=row.date("phasetransferfinaldate"),
            last_review=row.date("lastreview", label="annual review decision date"),
        )
        if active.review_outcome and not active.review_meeting:
            row.problem("reviewoutcome", "Enter the review meeting date, or remove the review outcome (V-AR-1)")
        if active.last_review and active.review_meeting and active.last_review < active.review_meeting:
            row.problem("lastreview", "The review decision date must be on or after the review meeting (V-AR-2)")
        for column, value in (("reviewmeeting", active.review_meeting), ("lastreview", active.last_review)):
            not_after_census(row, column, value, "V-AR-2")
        request = _parent(row, "activeplans", parent_id, requests)
        if request:
            if request.active_plan is not None:
                row.problem("requeststableid", "This request already has an active plan record")
            request.active_plan = active
        active_plans[tid] = active

    for row, _tid, parent_id in _rows("placementdetail", files["placementdetail"], problems, tick):
        placement = PlacementDetail(
            **_placement_fields(row),
            entry_date=row.date("entrydate", required=True, label="placement entry date"),
            leaving_date=row.date("leavingdate", label="placement leaving date"),
            res=row.code("res", RESIDENTIAL, label="RES"), wbp=row.text("wbp"),
        )
        if placement.leaving_date and placement.entry_date and placement.leaving_date < placement.entry_date:
            row.problem("leavingdate", "The leaving date must be on or after the entry date (V-PLC-3)")
        active = _parent(row, "placementdetail", parent_id, active_plans)
        if active:
            active.placements.append(placement)

    need_rows: dict[int, list[tuple[Row, SenNeed]]] = {}
    for row, _tid, parent_id in _rows("senneed", files["senneed"], problems, tick):
        need = SenNeed(native_id=row.values.get("nativeid", ""),
                       sen_type=row.code("sentype", SEN_TYPES, required=True, label="SENtype"),
                       rank=row.integer("sentyperank", {1, 2}, label="SENtypeRank", rule="V-NEED-1") or 0)
        active = _parent(row, "senneed", parent_id, active_plans)
        if active:
            active.needs.append(need)
            need_rows.setdefault(id(active), []).append((row, need))
    for rows in need_rows.values():
        ranks = [n.rank for _, n in rows]
        if len(rows) > 2 or ranks.count(1) > 1 or ranks.count(2) > 1 or (ranks and 1 not in ranks and 0 not in ranks):
            rows[-1][0].problem("sentyperank", "An active plan has one primary need (rank 1) and at most "
                                "one secondary need (rank 2) (V-NEED-1)")

    if header is None or problems:
        return None, problems
    return Sen2Return(header=header, persons=list(persons.values())), problems


def _header(file: ModuleFile, problems: list[Problem], expected_la: str | None, tick) -> Header | None:
    rows = [values for values in file.rows if values]
    for _ in file.rows:
        tick()
    if len(rows) != 1:
        problems.append(Problem(file.name, None, "", f"The sen2 file must have one row, not {len(rows)}"))
        return None
    row = Row(file, next(i for i, v in enumerate(file.rows, start=2) if v), rows[0], problems)
    year = row.integer("year", set(range(2015, 2100)), label="Year")
    reference = row.date("referencedate", required=True, label="census reference date")
    lea = row.pattern("lea", LA_CODE, "a 3-digit DfE LA code")
    if expected_la and lea and lea != expected_la:
        row.problem("lea", f"This export is for local authority {lea}, not {expected_la}")
    if reference and year and reference.year != year:
        row.problem("referencedate", f"The census reference date must be in January {year}")
    if year is None or reference is None or not lea:
        return None
    return Header(year=year, reference_date=reference, lea=lea,
                  collection=row.text("collection") or "SEN2", source_level=row.text("sourcelevel") or "L",
                  software_code=row.text("softwarecode"), release=row.text("release"),
                  serial_no=row.text("serialno"), created=row.text("datetime"),
                  dmo=row.text("dmo"), dco=row.text("dco"), dsco=row.text("dsco"))


def load(path, *, expected_la: str | None = None, progress: Progress | None = None) -> Sen2Return:
    """Read and check an export; raise ``Sen2ImportError`` listing every problem."""
    files, problems = read_export(path)
    result, more = parse_export(files, expected_la=expected_la, progress=progress) if not problems else (None, [])
    problems += more
    if problems or result is None:
        raise Sen2ImportError(problems)
    return result
