"""Demo data for the scorecard: published figures, case-based values, and 36 months of synthetic
local measures with targets and commentary for the demo authority. Safe to run again.

The local figures are made up (deterministic for the authority), plausible for a medium-sized
authority, and contain no personal data.
"""

from __future__ import annotations

import math
import random

from core import clock
from core.models import LocalAuthority, User

from . import periods, queries, services
from .choices import CommentaryKind, Geography, Rag
from .models import Commentary, Indicator, Target

MONTHS = 36

# code: (start, end, noise as a share of the level, seasonal swing as a share, whole numbers?)
LOCAL_SERIES = {
    "ehe_children": (430, 610, 0.02, 0.03, True),
    "reduced_timetables": (145, 92, 0.06, 0.08, True),
    "eotas_packages": (38, 71, 0.03, 0.0, True),
    "neet_send_pc": (9.6, 7.7, 0.03, 0.05, False),
    "adhd_wait_over_52wk": (610, 290, 0.03, 0.0, True),
    "autism_wait_over_52wk": (470, 190, 0.03, 0.0, True),
    "nd_assessment_median_wait_weeks": (71, 47, 0.02, 0.0, True),
    "salt_wait_over_18wk": (150, 4, 0.04, 0.0, True),
    "send_complaints": (19, 15, 0.25, 0.1, True),
    "send_complaints_in_time_pc": (61, 77, 0.04, 0.0, False),
    "local_offer_visits": (5900, 9400, 0.04, 0.12, True),
}
QUARTERLY_SERIES = {"parent_confidence_pc": (41.0, 52.0, 0.03)}

# code: (target value, months after the latest month for the target date)
TARGETS = {
    "adhd_wait_over_52wk": (0, 12),
    "autism_wait_over_52wk": (0, 12),
    "salt_wait_over_18wk": (0, 6),
    "reduced_timetables": (70, 12),
    "neet_send_pc": (6.5, 12),
    "send_complaints_in_time_pc": (90, 12),
    "local_offer_visits": (10_000, 12),
    "parent_confidence_pc": (60, 12),
    "nd_assessment_median_wait_weeks": (30, 12),
}
# Published measures: (target value, target year); baseline = the authority's 2023 figure.
PUBLISHED_TARGETS = {
    "ehcp_issued_20wk_ex_pc": (60.0, 2026),
    "ehcp_review_decisions_4wk_pc": (60.0, 2026),
    "send_tribunal_appeal_rate": (2.5, 2026),
}
EXCEPTION_TEXT = {
    "default": "Below target. The owner has reviewed the cause with the service leads; a recovery "
               "action is in the improvement plan and progress is reported to the next board.",
    "ehcp_issued_20wk_ex_pc": "Timeliness fell while requests rose 12% in a year. Two agency EHC "
                              "coordinators started in the autumn and a weekly tracker of plans at 16 weeks is "
                              "in place; we expect recovery over the next two quarters.",
    "adhd_wait_over_52wk": "The waiting list is falling but more slowly than the trajectory. The ICB has "
                           "commissioned extra assessment capacity from an independent provider from next "
                           "quarter.",
}


def _series(code: str, months: list[periods.Period], rng: random.Random) -> list[float]:
    start, end, noise, season, whole = LOCAL_SERIES[code]
    values = []
    for i, month in enumerate(months):
        trend = start + (end - start) * i / max(1, len(months) - 1)
        swing = 1 + season * math.sin(2 * math.pi * (month.start.month - 3) / 12)
        value = trend * swing * (1 + rng.uniform(-noise, noise))
        values.append(max(0, round(value)) if whole else round(value, 1))
    if code == "salt_wait_over_18wk":
        values[-1] = 3  # a small count: the public dashboard must suppress it
    return values


def _analyst(authority: LocalAuthority) -> User | None:
    return User.objects.filter(role_assignments__local_authority=authority,
                               role_assignments__role="performance_analyst").first()


def load(authority: LocalAuthority, *, stdout) -> None:
    if not services.published_data_loaded():
        reports = services.load_published_data()
        stdout.write(f"Published data: {sum(r.created for r in reports):,} figures for England, regions and "
                     "every authority")
    today = clock.today()
    latest_month = periods.month_start(today, -1)  # the last complete month
    month_list = periods.months_ending(latest_month, MONTHS)
    by = _analyst(authority)

    computed = services.compute_case_values(
        local_authority=authority, years=range(today.year - 6, today.year),
        month_ends=[m.end for m in month_list], by=None,
    )
    if computed:
        stdout.write(f"Indicators computed from case records: {computed} values")

    rng = random.Random(f"sendsight-demo-{authority.code}")
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=[*LOCAL_SERIES, *QUARTERLY_SERIES,
                                                                         *PUBLISHED_TARGETS])}
    new = []
    for code in LOCAL_SERIES:
        for month, value in zip(month_list, _series(code, month_list, rng), strict=True):
            new.append(services.NewValue(indicators[code].pk, Geography.LOCAL_AUTHORITY, authority.code,
                                         authority.pk, authority.region_id, month, float(value),
                                         source_detail="Demo data (synthetic)"))
    quarters = sorted({periods.quarter(m.start.year, (m.start.month - 1) // 3 + 1) for m in month_list
                       if periods.quarter(m.start.year, (m.start.month - 1) // 3 + 1).end <= latest_month})
    for code, (start, end, noise) in QUARTERLY_SERIES.items():
        for i, quarter in enumerate(quarters):
            value = (start + (end - start) * i / max(1, len(quarters) - 1)) * (1 + rng.uniform(-noise, noise))
            new.append(services.NewValue(indicators[code].pk, Geography.LOCAL_AUTHORITY, authority.code,
                                         authority.pk, authority.region_id, quarter, round(value, 1),
                                         source_detail="Demo data (synthetic)"))
    created = services.save_local_values(local_authority=authority, values=new, by=by,
                                         description="Demo local measures")
    stdout.write(f"Local measures for {authority.name}: {created} monthly and quarterly values added")

    targets = 0
    has_target = set(Target.objects.filter(local_authority=authority, is_current=True)
                     .values_list("indicator__code", flat=True))
    first, last = month_list[0], month_list[-1]
    for code, (target_value, months_ahead) in TARGETS.items():
        if code in has_target:
            continue
        baseline = next((v.value for v in new if v.indicator_id == indicators[code].pk), None)
        if baseline is None:
            continue
        services.set_target(indicator=indicators[code], local_authority=authority, baseline_value=baseline,
                            baseline_date=first.end, target_value=target_value,
                            target_date=periods.month_end(periods.month_start(last.end, months_ahead)), by=by,
                            note="Demo target")
        targets += 1
    for code, (target_value, year) in PUBLISHED_TARGETS.items():
        if code in has_target:
            continue
        history = queries.indicator_history(indicators[code], authority)["published"]
        baseline = next((row for row in reversed(history) if row.value is not None and row.period.year <= 2023),
                        None)
        if baseline is None:
            continue
        services.set_target(indicator=indicators[code], local_authority=authority, baseline_value=baseline.value,
                            baseline_date=baseline.period.end, target_value=target_value,
                            target_date=periods.calendar_year(year).end, by=by, note="Demo target")
        targets += 1

    comments = 0
    commented = set(Commentary.objects.filter(local_authority=authority).values_list("indicator_id", flat=True))
    for row in queries.scorecard(authority):
        if row.rag_status == Rag.RED and row.indicator.pk not in commented:
            text = EXCEPTION_TEXT.get(row.indicator.code, EXCEPTION_TEXT["default"])
            services.add_commentary(indicator=row.indicator, local_authority=authority, text=text, by=by,
                                    kind=CommentaryKind.EXCEPTION, period=row.latest_period, rag=Rag.RED)
            comments += 1
    stdout.write(f"Scorecard demo for {authority.name}: {targets} targets and {comments} exception "
                 "commentaries added")
