"""The SEN2 person-level return as a COLLECT "Blade" CSV export: its layout, code lists and data.

Pure Python (no Django, no "today"). ``sen2_read.read_export(path)`` reads a folder or a zip of
the nine module CSVs; ``sen2_parse.parse_export(files, expected_la=...)`` turns their rows into a tree of dataclasses
(``Sen2Return`` > ``Person`` > ``Request`` > ``Assessment`` > ``NamedPlan`` > ``PlanDetail``, and
``Request`` > ``ActivePlan`` > ``PlacementDetail`` / ``SenNeed``) and lists every problem found, each
naming the file, the row (the line in the file: the heading is row 1) and the column.

Layout and rules: ``../shared/reference/sen2-person-level.md`` sections 2, 3 and 5 (copied into
``docs/decisions/0030-sen2-blade-import-export.md``). Rule references such as ``V-REQ-2`` are the
local references of that file: DfE's numbered validation rules were not available.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

# ---- layout -------------------------------------------------------------------------------

#: Module name (as in the file name ``Blade-Export_<DD-MM-YYYY>_<module>.csv``) -> parent module.
MODULES: dict[str, str | None] = {
    "sen2": None,
    "person": "sen2",
    "requests": "person",
    "assessment": "requests",
    "namedplan": "assessment",
    "plandetail": "namedplan",
    "activeplans": "requests",
    "placementdetail": "activeplans",
    "senneed": "activeplans",
}

#: The data columns of each module, in the order the exporter writes them (the 2025 return, guide
#: v1.3). Older columns (``gendercurrent``, ``res``/``wbp`` on active plans, ``attendancepattern``)
#: are read when present and ignored otherwise.
DATA_COLUMNS: dict[str, list[str]] = {
    "sen2": [
        "collection",
        "year",
        "referencedate",
        "sourcelevel",
        "lea",
        "softwarecode",
        "release",
        "serialno",
        "datetime",
        "dmo",
        "dco",
        "dsco",
    ],
    "person": [
        "surname",
        "forename",
        "personbirthdate",
        "sex",
        "ethnicity",
        "postcode",
        "upn",
        "uniquelearnernumber",
        "upnunknown",
    ],
    "requests": [
        "receiveddate",
        "requestsource",
        "rya",
        "requestoutcomedate",
        "requestoutcome",
        "requestmediation",
        "requesttribunal",
        "exported",
    ],
    "assessment": [
        "assessmentoutcome",
        "assessmentoutcomedate",
        "assessmentmediation",
        "assessmenttribunal",
        "othermediation",
        "othertribunal",
        "week20",
    ],
    "namedplan": ["startdate", "planres", "planwbp", "pb", "oa", "dp", "ceasedate", "ceasereason"],
    "plandetail": [
        "urn",
        "ukprn",
        "sensetting",
        "sensettingother",
        "placementrank",
        "senunitindicator",
        "resourcedprovisionindicator",
    ],
    "activeplans": [
        "transferla",
        "reviewmeeting",
        "reviewoutcome",
        "reviewdraft",
        "phasetransferduedate",
        "phasetransferfinaldate",
        "lastreview",
    ],
    "placementdetail": [
        "urn",
        "ukprn",
        "sensetting",
        "sensettingother",
        "placementrank",
        "entrydate",
        "leavingdate",
        "senunitindicator",
        "resourcedprovisionindicator",
        "res",
        "wbp",
    ],
    "senneed": ["sentype", "sentyperank"],
}

#: Columns a file must have (besides its keys) for its rows to be read at all.
REQUIRED_COLUMNS: dict[str, list[str]] = {
    "sen2": ["year", "referencedate", "lea"],
    "person": ["surname", "forename", "personbirthdate", "upn"],
    "requests": ["receiveddate", "requestoutcomedate", "requestoutcome"],
    "assessment": ["assessmentoutcome", "assessmentoutcomedate"],
    "namedplan": ["startdate", "ceasedate", "ceasereason"],
    "plandetail": ["placementrank"],
    "activeplans": [],
    "placementdetail": ["placementrank", "entrydate"],
    "senneed": ["sentype", "sentyperank"],
}


def key_columns(module: str) -> list[str]:
    """``<module>tableid, NativeId, <module>orderseqcolumn, sourceid[, <parent>tableid]``."""
    keys = [f"{module}tableid", "NativeId", f"{module}orderseqcolumn", "sourceid"]
    if MODULES[module]:
        keys.append(f"{MODULES[module]}tableid")
    return keys


def all_columns(module: str) -> list[str]:
    return key_columns(module) + DATA_COLUMNS[module]


def file_name(module: str, export_date: datetime.date) -> str:
    return f"Blade-Export_{export_date:%d-%m-%Y}_{module}.csv"


# ---- code lists (sen2-person-level.md section 3) -----------------------------------------------

OUTCOMES = {"Y", "N", "A", "W", "H"}  # V-REQ-1, V-ASM-1
REQUEST_SOURCES = {"1", "2", "3", "4", "5"}  # V-REQ-6 (2025 return)
CEASE_REASONS = {str(n) for n in range(1, 10)}  # item 4.6
SEN_SETTINGS = {"OLA", "OPA", "EHE", "EYP", "OTH", "NEET", "NIEC", "NIEO"}  # items 4.7c / 5.7c
SEN_TYPES = {
    "SPLD",
    "MLD",
    "SLD",
    "PMLD",
    "SEMH",
    "SLCN",
    "HI",
    "VI",
    "MSI",
    "PD",
    "ASD",
    "DS",
    "OTH",
}
REVIEW_OUTCOMES = {"A", "C", "M"}  # item 5.5
UPN_UNKNOWN = {"UN1", "UN2", "UN3", "UN5", "UN8", "UN9", "UN10"}
SEXES = {"M", "F", "U"}  # 2024+; "U" is accepted though unconfirmed
GENDERS = {"0": "U", "1": "M", "2": "F", "9": "U"}  # 2023 GenderCurrent, mapped to Sex
RESIDENTIAL = {"A", "B"}  # A 38-51 weeks, B 52 weeks (unconfirmed letters)
ETHNICITY = re.compile(r"^[A-Z]{4}$")  # CBDS main and extended codes are all four capitals
UPN = re.compile(r"^[A-Z][0-9]{11}[0-9A-Z]$")
ULN = re.compile(r"^[0-9]{10}$")
URN = re.compile(r"^[0-9]{6}$")
UKPRN = re.compile(r"^[0-9]{8}$")
LA_CODE = re.compile(r"^[0-9]{3}$")

MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}
_BLADE_DATE = re.compile(r"^(\d{4})-([A-Za-z]{3})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")


# ---- the return as data -----------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None  # the line in the file (the heading is row 1); None for the file as a whole
    column: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file}, row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


@dataclass
class Header:
    year: int
    reference_date: datetime.date
    lea: str
    collection: str = "SEN2"
    source_level: str = "L"
    software_code: str = ""
    release: str = ""
    serial_no: str = ""
    created: str = ""
    dmo: str = ""
    dco: str = ""
    dsco: str = ""


@dataclass
class PlanDetail:
    native_id: str = ""
    urn: str = ""
    ukprn: str = ""
    sen_setting: str = ""
    sen_setting_other: str = ""
    rank: int = 1
    sen_unit: bool = False
    resourced_provision: bool = False


@dataclass
class PlacementDetail(PlanDetail):
    entry_date: datetime.date | None = None
    leaving_date: datetime.date | None = None
    res: str = ""
    wbp: str = ""


@dataclass
class SenNeed:
    sen_type: str
    rank: int
    native_id: str = ""


@dataclass
class NamedPlan:
    start_date: datetime.date
    native_id: str = ""
    plan_res: str = ""
    plan_wbp: str = ""
    pb: bool = False
    oa: bool = False
    dp: str = ""
    cease_date: datetime.date | None = None
    cease_reason: str = ""
    details: list[PlanDetail] = field(default_factory=list)


@dataclass
class Assessment:
    outcome: str
    native_id: str = ""
    outcome_date: datetime.date | None = None
    mediation: bool = False
    tribunal: bool = False
    other_mediation: bool = False
    other_tribunal: bool = False
    week20: bool = False
    named_plan: NamedPlan | None = None


@dataclass
class ActivePlan:
    native_id: str = ""
    transfer_la: str = ""
    review_meeting: datetime.date | None = None
    review_outcome: str = ""
    review_draft: datetime.date | None = None
    phase_transfer_due: datetime.date | None = None
    phase_transfer_final: datetime.date | None = None
    last_review: datetime.date | None = None
    placements: list[PlacementDetail] = field(default_factory=list)
    needs: list[SenNeed] = field(default_factory=list)


@dataclass
class Request:
    outcome: str
    native_id: str = ""
    received_date: datetime.date | None = None
    source: str = ""
    rya: bool = False
    outcome_date: datetime.date | None = None
    mediation: bool = False
    tribunal: bool = False
    exported: bool = False
    assessments: list[Assessment] = field(default_factory=list)
    active_plan: ActivePlan | None = None


@dataclass
class Person:
    surname: str
    forename: str
    birth_date: datetime.date
    native_id: str = ""
    sex: str = ""
    ethnicity: str = ""
    postcode: str = ""
    upn: str = ""
    uln: str = ""
    upn_unknown: str = ""
    requests: list[Request] = field(default_factory=list)


@dataclass
class Sen2Return:
    header: Header
    persons: list[Person] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        requests = [r for p in self.persons for r in p.requests]
        assessments = [a for r in requests for a in r.assessments]
        plans = [a.named_plan for a in assessments if a.named_plan]
        active = [r.active_plan for r in requests if r.active_plan]
        return {
            "person": len(self.persons),
            "requests": len(requests),
            "assessment": len(assessments),
            "namedplan": len(plans),
            "plandetail": sum(len(p.details) for p in plans),
            "activeplans": len(active),
            "placementdetail": sum(len(a.placements) for a in active),
            "senneed": sum(len(a.needs) for a in active),
        }


class Sen2ImportError(Exception):
    """The export cannot be imported. ``problems`` lists every reason, by file, row and column."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(
            f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in the SEN2 export"
        )


def parse_date(value: str) -> datetime.date | None:
    """A Blade date (``2024-Sep-28 00:00:00``) or an XML one (``2024-09-28``); None if not a date."""
    value = value.strip()
    match = _BLADE_DATE.match(value)
    if match:
        month = MONTHS.get(match.group(2).lower())
        if month is None:
            return None
        year, day = int(match.group(1)), int(match.group(3))
    else:
        match = _ISO_DATE.match(value)
        if not match:
            return None
        year, month, day = (int(g) for g in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def format_date(value: datetime.date | None) -> str:
    """The Blade spelling of a date: ``2024-Sep-28 00:00:00``."""
    if value is None:
        return ""
    month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][
        value.month - 1
    ]
    return f"{value.year:04d}-{month}-{value.day:02d} 00:00:00"


# ---- census dates (sen2-person-level.md 1.1) ----------------------------------------------------

CENSUS_DATES = {
    2018: datetime.date(2018, 1, 18),
    2021: datetime.date(2021, 1, 14),
    2023: datetime.date(2023, 1, 19),
    2024: datetime.date(2024, 1, 18),
    2025: datetime.date(2025, 1, 16),
    2026: datetime.date(2026, 1, 15),
    2027: datetime.date(2027, 1, 21),
}


def census_date(year: int) -> datetime.date:
    """The SEN2 reference date of the return made in January ``year``.

    The published dates where known; otherwise the third Thursday of January, which every
    published date from 2023 to 2027 is.
    """
    if year in CENSUS_DATES:
        return CENSUS_DATES[year]
    first = datetime.date(year, 1, 1)
    first_thursday = first + datetime.timedelta(days=(3 - first.weekday()) % 7)
    return first_thursday + datetime.timedelta(weeks=2)
