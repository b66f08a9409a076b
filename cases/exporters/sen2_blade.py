"""Write a ``Sen2Return`` as a COLLECT "Blade" CSV export: nine module files in one folder.

Pure Python. Table ids are numbered 1, 2, 3 ... per module in the order of the return, so the
same return always gives the same bytes (the round-trip test depends on it). The layout is the
one ``cases.importers.sen2_blade`` reads (2025 return columns; UTF-8, CRLF line ends as COLLECT).
"""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

from cases.importers.sen2_blade import (
    MODULES,
    PlacementDetail,
    PlanDetail,
    Sen2Return,
    all_columns,
    file_name,
    format_date,
)


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _setting(detail: PlanDetail) -> dict[str, str]:
    return {
        "urn": detail.urn, "ukprn": detail.ukprn, "sensetting": detail.sen_setting,
        "sensettingother": detail.sen_setting_other, "placementrank": str(detail.rank),
        "senunitindicator": _flag(detail.sen_unit),
        "resourcedprovisionindicator": _flag(detail.resourced_provision),
    }


def rows_of(sen2: Sen2Return) -> dict[str, list[dict[str, str]]]:
    """The rows of each module file, keys included, as text."""
    rows: dict[str, list[dict[str, str]]] = {module: [] for module in MODULES}

    def add(module: str, native_id: str, parent_id: str, values: dict[str, str]) -> str:
        table_id = str(len(rows[module]) + 1)
        row = {f"{module}tableid": table_id, "NativeId": native_id,
               f"{module}orderseqcolumn": table_id, "sourceid": ""}
        if MODULES[module]:
            row[f"{MODULES[module]}tableid"] = parent_id
        row.update(values)
        rows[module].append(row)
        return table_id

    h = sen2.header
    sen2_id = add("sen2", "", "", {
        "collection": h.collection, "year": str(h.year), "referencedate": format_date(h.reference_date),
        "sourcelevel": h.source_level, "lea": h.lea, "softwarecode": h.software_code,
        "release": h.release, "serialno": h.serial_no, "datetime": h.created,
        "dmo": h.dmo, "dco": h.dco, "dsco": h.dsco,
    })
    for person in sen2.persons:
        person_id = add("person", person.native_id, sen2_id, {
            "surname": person.surname, "forename": person.forename,
            "personbirthdate": format_date(person.birth_date), "sex": person.sex,
            "ethnicity": person.ethnicity, "postcode": person.postcode, "upn": person.upn,
            "uniquelearnernumber": person.uln, "upnunknown": person.upn_unknown,
        })
        for request in person.requests:
            request_id = add("requests", request.native_id, person_id, {
                "receiveddate": format_date(request.received_date), "requestsource": request.source,
                "rya": _flag(request.rya), "requestoutcomedate": format_date(request.outcome_date),
                "requestoutcome": request.outcome, "requestmediation": _flag(request.mediation),
                "requesttribunal": _flag(request.tribunal), "exported": _flag(request.exported),
            })
            for assessment in request.assessments:
                assessment_id = add("assessment", assessment.native_id, request_id, {
                    "assessmentoutcome": assessment.outcome,
                    "assessmentoutcomedate": format_date(assessment.outcome_date),
                    "assessmentmediation": _flag(assessment.mediation),
                    "assessmenttribunal": _flag(assessment.tribunal),
                    "othermediation": _flag(assessment.other_mediation),
                    "othertribunal": _flag(assessment.other_tribunal),
                    "week20": _flag(assessment.week20),
                })
                plan = assessment.named_plan
                if plan is None:
                    continue
                plan_id = add("namedplan", plan.native_id, assessment_id, {
                    "startdate": format_date(plan.start_date), "planres": plan.plan_res,
                    "planwbp": plan.plan_wbp, "pb": _flag(plan.pb), "oa": _flag(plan.oa), "dp": plan.dp,
                    "ceasedate": format_date(plan.cease_date), "ceasereason": plan.cease_reason,
                })
                for detail in plan.details:
                    add("plandetail", detail.native_id, plan_id, _setting(detail))
            active = request.active_plan
            if active is None:
                continue
            active_id = add("activeplans", active.native_id, request_id, {
                "transferla": active.transfer_la, "reviewmeeting": format_date(active.review_meeting),
                "reviewoutcome": active.review_outcome, "reviewdraft": format_date(active.review_draft),
                "phasetransferduedate": format_date(active.phase_transfer_due),
                "phasetransferfinaldate": format_date(active.phase_transfer_final),
                "lastreview": format_date(active.last_review),
            })
            for placement in active.placements:
                add("placementdetail", placement.native_id, active_id, _placement(placement))
            for need in active.needs:
                add("senneed", need.native_id, active_id, {"sentype": need.sen_type,
                                                           "sentyperank": str(need.rank)})
    return rows


def _placement(placement: PlacementDetail) -> dict[str, str]:
    values = _setting(placement)
    values.update({"entrydate": format_date(placement.entry_date),
                   "leavingdate": format_date(placement.leaving_date),
                   "res": placement.res, "wbp": placement.wbp})
    return values


def write_export(sen2: Sen2Return, out_dir: str | Path, *, export_date: datetime.date) -> list[Path]:
    """Write the nine module files into ``out_dir`` (created if needed); return their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for module, module_rows in rows_of(sen2).items():
        path = out_dir / file_name(module, export_date)
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=all_columns(module), lineterminator="\r\n")
            writer.writeheader()
            writer.writerows(module_rows)
        paths.append(path)
    return paths
