"""Choices for improvement plans: kinds of plan, sources of actions, date precision, statuses.

A plan's status scale is its own list of ``StatusOption`` rows (so each plan can word and colour
its statuses as its board does). Every option carries a ``StatusMeaning``: the flags, roll-ups and
board report reason about the meaning, never about the words.
"""

from django.db import models


class PlanKind(models.TextChoices):
    STRATEGIC = "strategic", "Strategic plan"
    PRIORITY_ACTION = "priority_action", "Priority action plan (after inspection)"
    WRITTEN_STATEMENT = "written_statement", "Written statement of action"
    DBV = "dbv", "Delivering Better Value programme"
    OTHER = "other", "Other improvement plan"


class SourceKind(models.TextChoices):
    """Where an action comes from (the Hull plan's "SEF/DBV/AFI (no)" column)."""

    SELF_EVALUATION = "sef", "Self-evaluation"
    DBV = "dbv", "Delivering Better Value"
    AREA_FOR_IMPROVEMENT = "afi", "Inspection area for improvement"
    PRIORITY_ACTION = "priority_action", "Inspection priority action"
    WRITTEN_STATEMENT = "wsoa", "Written statement of action"
    OTHER = "other", "Other"


# Source kinds that must name an inspection finding.
FINDING_SOURCE_KINDS = frozenset({SourceKind.AREA_FOR_IMPROVEMENT, SourceKind.PRIORITY_ACTION})


class FindingKind(models.TextChoices):
    """What an inspection asked the partnership to do."""

    AREA_FOR_IMPROVEMENT = "afi", "Area for improvement"
    PRIORITY_ACTION = "priority_action", "Priority action"


class DatePrecision(models.TextChoices):
    """How exactly a start or due date is known. ``MONTH`` dates are stored as the 1st."""

    NONE = "", "Not given"
    DAY = "day", "Day"
    MONTH = "month", "Month"
    TBC = "tbc", "To be confirmed"


class LeadKind(models.TextChoices):
    STRATEGIC = "strategic", "Strategic lead"
    DELIVERY = "delivery", "Delivery lead"


class StatusMeaning(models.TextChoices):
    """What a status means for flags, roll-ups and board reports, whatever the plan calls it."""

    NOT_DUE = "not_due", "Not due yet"
    ON_TRACK = "on_track", "On track, no concerns"
    SOME_CONCERNS = "some_concerns", "On track, some concerns"
    OFF_TRACK = "off_track", "Off track"
    COMPLETED = "completed", "Completed"
    SUSTAINED = "sustained", "Completed, embedded and sustained"


COMPLETE_MEANINGS = frozenset({StatusMeaning.COMPLETED, StatusMeaning.SUSTAINED})
EXCEPTION_MEANINGS = frozenset({StatusMeaning.OFF_TRACK, StatusMeaning.SOME_CONCERNS})


class StatusScalePreset(models.TextChoices):
    COMMON = "common", "Common six-point scale"
    RAGP = "ragp", "Red, amber, green, purple (RAGP)"


# (code, label, GOV.UK tag colour, meaning), in order. Copied into each new plan's scale.
STATUS_SCALE_PRESETS: dict[str, list[tuple[str, str, str, str]]] = {
    StatusScalePreset.COMMON: [
        ("not_due", "Not due yet", "grey", StatusMeaning.NOT_DUE),
        ("on_track", "On track, no concerns", "green", StatusMeaning.ON_TRACK),
        ("some_concerns", "On track, some concerns", "yellow", StatusMeaning.SOME_CONCERNS),
        ("off_track", "Off track", "red", StatusMeaning.OFF_TRACK),
        ("completed", "Completed", "blue", StatusMeaning.COMPLETED),
        ("sustained", "Completed, embedded and sustained", "purple", StatusMeaning.SUSTAINED),
    ],
    # Hull's RAGP: purple marks actions completed and embedded.
    StatusScalePreset.RAGP: [
        ("not_due", "Not due yet", "grey", StatusMeaning.NOT_DUE),
        ("green", "Green: on track, no concerns", "green", StatusMeaning.ON_TRACK),
        ("amber", "Amber: on track, some concerns", "orange", StatusMeaning.SOME_CONCERNS),
        ("red", "Red: off track", "red", StatusMeaning.OFF_TRACK),
        ("completed", "Completed", "blue", StatusMeaning.COMPLETED),
        ("purple", "Purple: completed, embedded and sustained", "purple", StatusMeaning.SUSTAINED),
    ],
}

TAG_COLOURS = ["grey", "green", "turquoise", "blue", "light-blue", "purple", "pink", "red",
               "orange", "yellow"]


class CycleFrequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    OTHER = "other", "Other"


class ReminderKind(models.TextChoices):
    LEAD_BEFORE_DEADLINE = "lead_before_deadline", "Reminder to a lead before the deadline"
    OWNER_MISSING_UPDATES = "owner_missing_updates", "Missing updates, to the plan owner"


class Flag(models.TextChoices):
    """Automatic flags on an action (worked out in plans/status.py)."""

    PAST_DUE = "past_due", "Past due and not complete"
    NOT_UPDATED = "not_updated", "Status not updated this cycle"
    INDICATOR_OFF_TRAJECTORY = "indicator_off_trajectory", "Linked indicator off trajectory"
