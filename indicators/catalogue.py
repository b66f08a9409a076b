"""The seeded indicator catalogue: DfE SEN2 measures, other published measures, and local measures.

``CATALOGUE`` is plain data. ``sync(Indicator)`` creates the shared indicators that are missing
and refreshes the catalogue fields of those that exist (it never touches an authority's own
indicators). Data migrations call it with the historical model, so a new entry here needs a new
migration that calls ``sync`` again.

Flows are counted over a calendar year (2024 = January to December 2024); stocks at the January
census (2025 = January 2025); school absence by academic year, suspensions and attendance by term.
"""

FLOW = "Flow: counted over the calendar year (January to December)."
STOCK = "Stock: counted at the January census date (2025 means January 2025)."
SEN2 = "DfE, Education, health and care plans (SEN2 return)"
SEN2_URL = "https://explore-education-statistics.service.gov.uk/find-statistics/education-health-and-care-plans"
LOCAL = "Local partnership data, entered or uploaded monthly"

_DEFAULTS = {
    "public_description": "",
    "numerator": "",
    "denominator": "",
    "source": LOCAL,
    "source_url": "",
    "unit": "count",
    "decimal_places": 0,
    "polarity": "neither",
    "frequency": "monthly",
    "period_type": "month",
    "owner_role": "",
    "owner": "",
    "quadrant": "how_much",
    "theme": "ehc_plans",
    "is_public": False,
    "is_statutory": False,
    "rag_basis": "trajectory",
    "rag_amber_margin": 5.0,
    "case_statistic": "",
}


def _sen2(code, title, definition, *, stock=False, **fields):
    fields.setdefault("source", SEN2)
    fields.setdefault("source_url", SEN2_URL)
    fields.setdefault("frequency", "monthly" if fields.get("case_statistic") else "annual")
    fields.setdefault("period_type", "census" if stock else "calendar_year")
    fields.setdefault("is_statutory", True)
    fields.setdefault("owner_role", "send_manager")
    fields.setdefault("owner", "SEND service (local authority)")
    return {"code": code, "title": title, "definition": f"{definition} {STOCK if stock else FLOW}", **fields}


def _pc(**fields):
    return {"unit": "percent", "decimal_places": 1, **fields}


CATALOGUE: list[dict] = [
    # --- DfE SEN2: requests and assessments -------------------------------------------------
    _sen2(
        "ehcp_requests", "Initial requests for an EHC needs assessment",
        "Initial requests for an EHC needs assessment received in the year.",
        public_description="How many requests the council received to assess a child's or young person's needs.",
        case_statistic="requests_received", is_public=True, sort_order=10,
    ),
    _sen2(
        "ehcp_requests_refused", "Requests refused (decided not to assess)",
        "Initial requests received in the year where the council decided not to carry out an assessment.",
        public_description="How many requests for an assessment the council turned down.",
        case_statistic="requests_refused", sort_order=11,
    ),
    _sen2(
        "ehcp_requests_refused_pc", "Requests refused (%)",
        "Requests decided not to assess as a percentage of initial requests received in the year.",
        numerator="Requests decided not to assess", denominator="Initial requests received",
        public_description="Out of every 100 requests for an assessment, how many the council turned down.",
        case_statistic="pc_requests_refused", is_public=True, sort_order=12, **_pc(),
    ),
    _sen2(
        "ehcp_requests_6wk_pc", "Requests decided within 6 weeks (%)",
        "Requests whose decision to assess or not was made within 6 weeks of the request being received.",
        numerator="Requests decided within 6 weeks", denominator="Requests decided",
        public_description="Out of every 100 requests, how many got a decision within the 6 weeks the law allows.",
        case_statistic="pc_requests_decided_within_6_weeks", polarity="higher", quadrant="how_well",
        is_public=True, sort_order=13, **_pc(),
    ),
    _sen2(
        "ehcp_assessments", "EHC needs assessments",
        "EHC needs assessments with an outcome in the year.",
        sort_order=14,
    ),
    _sen2(
        "ehcp_not_issue_16wk_pc", "Decisions not to issue a plan made within 16 weeks (%)",
        "Assessments ending in a decision not to issue a plan, notified within 16 weeks of the request.",
        numerator="Decisions not to issue within 16 weeks", denominator="Decisions not to issue",
        case_statistic="pc_decisions_not_to_issue_within_16_weeks", polarity="higher", quadrant="how_well",
        sort_order=15, **_pc(),
    ),
    # --- DfE SEN2: plans ---------------------------------------------------------------------
    _sen2(
        "ehcp_new_plans", "New EHC plans issued",
        "New EHC plans issued in the year (first plans, not transfers in).",
        public_description="How many new education, health and care plans were issued.",
        case_statistic="plans_issued", is_public=True, sort_order=20,
    ),
    _sen2(
        "ehcp_issued_20wk_ex_pc", "EHC plans issued within 20 weeks, excluding exceptions (%)",
        "New EHC plans issued in the year, for which no 20-week exception applies, that were issued "
        "within 20 weeks of the request. Plans with an exception are left out of both numerator and "
        "denominator. The headline DfE timeliness measure.",
        numerator="Plans issued within 20 weeks (no exception)", denominator="Plans issued (no exception)",
        public_description="Out of every 100 new plans, how many were finished within the 20 weeks the law allows.",
        case_statistic="pc_plans_issued_within_20_weeks_ex", polarity="higher", quadrant="how_well",
        rag_basis="trajectory", is_public=True, sort_order=21, **_pc(),
    ),
    _sen2(
        "ehcp_issued_20wk_pc", "EHC plans issued within 20 weeks, including exceptions (%)",
        "All new EHC plans issued in the year that were issued within 20 weeks of the request.",
        numerator="Plans issued within 20 weeks", denominator="Plans issued",
        case_statistic="pc_plans_issued_within_20_weeks", polarity="higher", quadrant="how_well",
        sort_order=22, **_pc(),
    ),
    _sen2(
        "ehcp_issued_over_52wk_ex_pc", "EHC plans issued after more than a year, excluding exceptions (%)",
        "New EHC plans issued in the year, with no exception, that took more than 52 weeks from the request.",
        numerator="Plans issued after 52 weeks (no exception)", denominator="Plans issued (no exception)",
        case_statistic="pc_plans_issued_after_52_weeks_ex", polarity="lower", quadrant="how_well",
        sort_order=23, **_pc(),
    ),
    _sen2(
        "ehcp_plans_in_force", "EHC plans in force",
        "Children and young people with an EHC plan maintained by the council on the January census day.",
        stock=True,
        public_description="How many children and young people have an education, health and care plan.",
        case_statistic="plans_in_force", is_public=True, sort_order=24,
    ),
    _sen2(
        "ehcp_mainstream_pc", "EHC plans with a mainstream school placement (%)",
        "Plans in force at January whose placement is a mainstream school, as a percentage of all plans.",
        stock=True, numerator="Plans placed in mainstream schools", denominator="Plans in force",
        public_description="Out of every 100 children with a plan, how many go to a mainstream school.",
        is_public=True, theme="inclusion", sort_order=25, **_pc(),
    ),
    _sen2(
        "ehcp_special_pc", "EHC plans with a special school placement (%)",
        "Plans in force at January whose placement is a special school, as a percentage of all plans.",
        stock=True, numerator="Plans placed in special schools", denominator="Plans in force",
        theme="inclusion", sort_order=26, **_pc(),
    ),
    _sen2(
        "ehcp_elective_home_education", "Children with an EHC plan who are electively home educated",
        "Plans in force at January whose placement is elective home education.",
        stock=True, theme="inclusion", sort_order=27,
    ),
    _sen2(
        "ehcp_eotas", "Children with an EHC plan educated otherwise than at school",
        "Plans in force at January with other arrangements made by the council (education otherwise "
        "than at school, section 61).",
        stock=True, theme="inclusion", sort_order=28,
    ),
    _sen2(
        "ehcp_neet", "Young people with an EHC plan not in education, employment or training",
        "Plans in force at January for young people aged 16 to 25 who are not in education, "
        "employment or training.",
        stock=True, polarity="lower", quadrant="better_off", theme="adulthood", sort_order=29,
    ),
    _sen2(
        "ehcp_personal_budgets", "EHC plans with a personal budget",
        "Plans in force at January with a personal budget taken up.",
        stock=True, sort_order=30,
    ),
    # --- DfE SEN2: reviews and ceasing ---------------------------------------------------------
    _sen2(
        "ehcp_review_decisions_4wk_pc", "Annual review decisions within 4 weeks (%)",
        "Annual reviews with a meeting and a decision in the year where the decision was sent within "
        "4 weeks of the review meeting.",
        numerator="Decisions within 4 weeks", denominator="Decisions within 4 weeks plus those over 4 weeks",
        public_description="Out of every 100 annual reviews, how many families heard the council's decision "
        "within the 4 weeks the law allows.",
        case_statistic="pc_review_decisions_within_4_weeks", polarity="higher", quadrant="how_well",
        theme="reviews", is_public=True, sort_order=40, **_pc(),
    ),
    _sen2(
        "ehcp_reviews_maintain", "Annual reviews: decided to maintain the plan",
        "Annual review decisions in the year to keep the plan as it is.",
        case_statistic="review_outcomes.maintain", theme="reviews", sort_order=41,
    ),
    _sen2(
        "ehcp_reviews_amend", "Annual reviews: decided to amend the plan",
        "Annual review decisions in the year to amend the plan.",
        case_statistic="review_outcomes.amend", theme="reviews", sort_order=42,
    ),
    _sen2(
        "ehcp_reviews_cease", "Annual reviews: decided to cease the plan",
        "Annual review decisions in the year to cease the plan.",
        case_statistic="review_outcomes.cease", theme="reviews", sort_order=43,
    ),
    _sen2(
        "ehcp_plans_ceased", "EHC plans ceased",
        "Plans that stopped being maintained in the year, for any reason.",
        case_statistic="plans_ceased", theme="reviews", sort_order=44,
    ),
    _sen2(
        "ehcp_ceased_needs_met", "EHC plans ceased because needs were met",
        "Plans ceased in the year because the child's or young person's needs were met without a plan.",
        case_statistic="plans_ceased_by_reason.2", polarity="higher", quadrant="better_off",
        theme="reviews", sort_order=45,
    ),
    # --- Redress -------------------------------------------------------------------------------
    _sen2(
        "send_tribunal_appeal_rate", "SEND Tribunal appeal rate (%)",
        "Appeals registered with the SEND Tribunal in the year as a percentage of total appealable "
        "decisions (requests refused, assessments not leading to a plan, plans in force at January, "
        "and plans ceased because needs were met).",
        numerator="Appeals registered", denominator="Total appealable decisions",
        source="Ministry of Justice and DfE, SEND Tribunal appeal rate table (EHC plans 2025 release)",
        public_description="Out of every 100 decisions families could appeal, how many were appealed to the "
        "SEND Tribunal.",
        polarity="lower", quadrant="better_off", theme="experience", is_public=True, sort_order=50,
        rag_basis="england", **_pc(decimal_places=1),
    ),
    # --- Attendance, absence, suspensions (DfE by SEN status) ---------------------------------
    *[
        {
            "code": f"{group}_absence_pc", "title": f"Overall absence: pupils {label} (%)",
            "definition": f"Half-day sessions missed through absence by pupils {label} in state-funded "
            "schools, as a percentage of possible sessions. Academic year.",
            "numerator": "Sessions missed", "denominator": "Possible sessions",
            "source": "DfE, Pupil absence in schools in England (by SEN status)",
            "public_description": f"How much school pupils {label} missed." if group == "ehcp" else "",
            "frequency": "annual", "period_type": "academic_year", "polarity": "lower",
            "quadrant": "better_off", "theme": "inclusion", "is_public": group == "ehcp",
            "is_statutory": True, "rag_basis": "neighbours", "owner": "Education (schools and attendance)",
            "sort_order": 60 + i, **_pc(),
        }
        for i, (group, label) in enumerate([("ehcp", "with an EHC plan"), ("sen_support", "on SEN support")])
    ],
    *[
        {
            "code": f"{group}_persistent_absence_pc", "title": f"Persistent absence: pupils {label} (%)",
            "definition": f"Pupils {label} who missed 10% or more of possible sessions, as a percentage of "
            "those pupils. Academic year.",
            "numerator": "Pupils missing 10% or more", "denominator": "Pupils",
            "source": "DfE, Pupil absence in schools in England (by SEN status)",
            "frequency": "annual", "period_type": "academic_year", "polarity": "lower",
            "quadrant": "better_off", "theme": "inclusion", "is_statutory": True, "rag_basis": "neighbours",
            "owner": "Education (schools and attendance)", "sort_order": 62 + i, **_pc(),
        }
        for i, (group, label) in enumerate([("ehcp", "with an EHC plan"), ("sen_support", "on SEN support")])
    ],
    {
        "code": "ehcp_attendance_pc", "title": "Attendance: pupils with an EHC plan (%)",
        "definition": "Sessions attended by pupils with an EHC plan as a percentage of possible sessions, "
        "by term.",
        "numerator": "Sessions attended", "denominator": "Possible sessions",
        "source": "DfE, Pupil attendance in schools (by SEN status)",
        "public_description": "How much of the school term children with a plan were in school.",
        "frequency": "termly", "period_type": "term", "polarity": "higher", "quadrant": "better_off",
        "theme": "inclusion", "is_public": True, "is_statutory": True, "rag_basis": "neighbours",
        "owner": "Education (schools and attendance)", "sort_order": 64, **_pc(),
    },
    *[
        {
            "code": f"{group}_suspension_rate", "title": f"Suspensions: pupils {label} (per 100 pupils)",
            "definition": f"Suspensions of pupils {label} in the term per 100 such pupils.",
            "numerator": "Suspensions", "denominator": "Pupils (per 100)",
            "source": "DfE, Suspensions and permanent exclusions in England (by SEN status)",
            "frequency": "termly", "period_type": "term", "unit": "rate", "decimal_places": 2,
            "polarity": "lower", "quadrant": "better_off", "theme": "inclusion", "is_statutory": True,
            "rag_basis": "neighbours", "owner": "Education (inclusion)", "sort_order": 65 + i,
        }
        for i, (group, label) in enumerate([("ehcp", "with an EHC plan"), ("sen_support", "on SEN support")])
    ],
    {
        "code": "ehcp_permanent_exclusion_rate", "title": "Permanent exclusions: pupils with an EHC plan "
        "(per 100 pupils)",
        "definition": "Permanent exclusions of pupils with an EHC plan in the term per 100 such pupils.",
        "numerator": "Permanent exclusions", "denominator": "Pupils (per 100)",
        "source": "DfE, Suspensions and permanent exclusions in England (by SEN status)",
        "frequency": "termly", "period_type": "term", "unit": "rate", "decimal_places": 2,
        "polarity": "lower", "quadrant": "better_off", "theme": "inclusion", "is_statutory": True,
        "rag_basis": "neighbours", "owner": "Education (inclusion)", "sort_order": 67,
    },
    # --- Local measures (monthly, entered or uploaded by the partnership) ---------------------
    {
        "code": "ehcp_open_requests_over_20wk", "title": "Open requests older than 20 weeks",
        "definition": "Requests for an EHC needs assessment still without a final plan or a decision "
        "not to issue, more than 20 weeks after they were received, at the end of the month.",
        "case_statistic": "open_requests_older_than_20_weeks", "polarity": "lower", "quadrant": "how_well",
        "owner_role": "send_manager", "owner": "SEND service (local authority)", "rag_amber_margin": 10,
        "sort_order": 70,
    },
    {
        "code": "ehe_children", "title": "Children electively home educated",
        "definition": "Children of compulsory school age known to the council to be electively home "
        "educated at the end of the month.",
        "theme": "inclusion", "owner": "Education (elective home education team)", "sort_order": 71,
    },
    {
        "code": "reduced_timetables", "title": "Pupils with SEND on a reduced timetable",
        "definition": "Pupils with an EHC plan or on SEN support on a part-time (reduced) timetable at the "
        "end of the month, as reported by schools.",
        "polarity": "lower", "quadrant": "better_off", "theme": "inclusion",
        "owner": "Education (inclusion)", "rag_amber_margin": 10, "sort_order": 72,
    },
    {
        "code": "eotas_packages", "title": "Children receiving an EOTAS package",
        "definition": "Children and young people with an EHC plan whose provision is education otherwise "
        "than at school (section 61) at the end of the month.",
        "theme": "inclusion", "owner_role": "send_manager", "owner": "SEND service (local authority)",
        "rag_amber_margin": 5, "sort_order": 73,
    },
    {
        "code": "neet_send_pc", "title": "Young people with SEND not in education, employment or training (%)",
        "definition": "Young people aged 16 and 17 with an EHC plan or on SEN support who are NEET, as a "
        "percentage of those whose activity is known, at the end of the month.",
        "numerator": "Young people with SEND who are NEET", "denominator": "Young people with SEND, activity known",
        "polarity": "lower", "quadrant": "better_off", "theme": "adulthood",
        "owner": "Post-16 participation and careers", "sort_order": 74, **_pc(),
    },
    {
        "code": "adhd_wait_over_52wk", "title": "Children waiting over 52 weeks for an ADHD assessment",
        "definition": "Children and young people on the ADHD assessment waiting list at the end of the month "
        "who have waited more than 52 weeks since referral. The ambition is that no child waits over 52 weeks.",
        "source": "Integrated care board (community paediatrics and CAMHS waiting lists)",
        "public_description": "How many children have waited more than a year for an ADHD assessment.",
        "polarity": "lower", "quadrant": "how_well", "theme": "health", "owner": "Integrated care board (ICB)",
        "is_public": True, "rag_amber_margin": 25, "sort_order": 80,
    },
    {
        "code": "autism_wait_over_52wk", "title": "Children waiting over 52 weeks for an autism assessment",
        "definition": "Children and young people on the autism assessment waiting list at the end of the month "
        "who have waited more than 52 weeks since referral. The ambition is that no child waits over 52 weeks.",
        "source": "Integrated care board (neurodevelopmental pathway waiting list)",
        "public_description": "How many children have waited more than a year for an autism assessment.",
        "polarity": "lower", "quadrant": "how_well", "theme": "health", "owner": "Integrated care board (ICB)",
        "is_public": True, "rag_amber_margin": 25, "sort_order": 81,
    },
    {
        "code": "nd_assessment_median_wait_weeks", "title": "Median wait for an ADHD or autism assessment (weeks)",
        "definition": "Median number of weeks waited so far by children on the ADHD and autism assessment "
        "waiting lists at the end of the month.",
        "source": "Integrated care board (neurodevelopmental pathway waiting list)",
        "unit": "weeks", "decimal_places": 0, "polarity": "lower", "quadrant": "how_well", "theme": "health",
        "owner": "Integrated care board (ICB)", "rag_amber_margin": 4, "sort_order": 82,
    },
    {
        "code": "salt_wait_over_18wk", "title": "Children waiting over 18 weeks for speech and language therapy",
        "definition": "Children on the speech and language therapy waiting list at the end of the month who "
        "have waited more than 18 weeks since referral. The ambition is that no child waits over 18 weeks.",
        "source": "Integrated care board (community health provider)",
        "public_description": "How many children have waited more than 18 weeks for speech and language therapy.",
        "polarity": "lower", "quadrant": "how_well", "theme": "health", "owner": "Integrated care board (ICB)",
        "is_public": True, "rag_amber_margin": 10, "sort_order": 83,
    },
    {
        "code": "send_complaints", "title": "SEND complaints received",
        "definition": "Formal complaints about SEND services received in the month (council and health).",
        "polarity": "lower", "theme": "experience", "owner": "Customer services and complaints",
        "rag_amber_margin": 3, "sort_order": 90,
    },
    {
        "code": "send_complaints_in_time_pc", "title": "SEND complaints answered on time (%)",
        "definition": "Formal SEND complaints closed in the month that were answered within the published "
        "timescale, as a percentage of those closed.",
        "numerator": "Complaints answered on time", "denominator": "Complaints closed",
        "polarity": "higher", "quadrant": "how_well", "theme": "experience",
        "owner": "Customer services and complaints", "sort_order": 91, **_pc(),
    },
    {
        "code": "local_offer_visits", "title": "Local Offer website visits",
        "definition": "Visits (sessions) to the Local Offer website in the month.",
        "source": "Local Offer website analytics",
        "public_description": "How many times families visited the Local Offer website.",
        "polarity": "higher", "theme": "experience", "owner": "Local Offer team", "is_public": True,
        "rag_amber_margin": 500, "sort_order": 92,
    },
    {
        "code": "parent_confidence_pc", "title": "Parents and carers confident in the SEND system (%)",
        "definition": "Parents and carers answering the partnership survey who agree they are confident "
        "their child's needs will be met, as a percentage of those answering. Quarterly.",
        "numerator": "Respondents who agree", "denominator": "Respondents",
        "source": "Partnership parent and carer survey (with the parent carer forum)",
        "public_description": "Out of every 100 parents and carers who answered our survey, how many feel "
        "confident their child's needs will be met.",
        "frequency": "quarterly", "polarity": "higher", "quadrant": "better_off", "theme": "experience",
        "owner": "Parent carer forum and SEND partnership", "is_public": True, "sort_order": 93, **_pc(),
    },
]

CODES = [entry["code"] for entry in CATALOGUE]
SEN2_CODES = [
    "ehcp_issued_20wk_ex_pc", "ehcp_issued_20wk_pc", "ehcp_requests", "ehcp_requests_refused",
    "ehcp_new_plans", "ehcp_plans_in_force", "ehcp_review_decisions_4wk_pc", "send_tribunal_appeal_rate",
]


def entries() -> list[dict]:
    """The catalogue with every field filled in."""
    return [{**_DEFAULTS, **entry} for entry in CATALOGUE]


def sync(indicator_model, *, refresh: bool = False) -> tuple[int, int]:
    """Create missing shared indicators; with ``refresh``, also reset existing shared ones to the
    catalogue text (otherwise an analyst's edits are kept). Returns (created, updated)."""
    existing = {i.code: i for i in indicator_model.objects.filter(code__in=CODES)}
    known = {f.name for f in indicator_model._meta.get_fields()}  # a migration's model may be older
    created = updated = 0
    for entry in entries():
        fields = {k: v for k, v in entry.items() if k != "code" and k in known}
        indicator = existing.get(entry["code"])
        if indicator is None:
            indicator_model.objects.create(code=entry["code"], **fields)
            created += 1
        elif refresh and indicator.local_authority_id is None:
            changed = [k for k, v in fields.items() if getattr(indicator, k) != v]
            for name in changed:
                setattr(indicator, name, fields[name])
            if changed:
                indicator.save(update_fields=changed)
                updated += 1
    return created, updated
