"""Choices for the indicator catalogue, values, targets and RAG.

The values stored are short stable strings; the labels are what people read.
"""

from django.db import models


class Polarity(models.TextChoices):
    """Which direction is better. Drives RAG, ranks and quartile bands (1 = best quartile)."""

    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"
    NEITHER = "neither", "Neither (context only)"


class Unit(models.TextChoices):
    PERCENT = "percent", "Percentage"
    COUNT = "count", "Number"
    RATE = "rate", "Rate per 100 pupils"
    WEEKS = "weeks", "Weeks"
    SCORE = "score", "Score"


class Frequency(models.TextChoices):
    """How often the partnership updates the figure."""

    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    TERMLY = "termly", "Termly"
    ANNUAL = "annual", "Annual"


class Quadrant(models.TextChoices):
    """Results-Based Accountability performance-measure quadrant (send-rules.md §7)."""

    HOW_MUCH = "how_much", "How much did we do?"
    HOW_WELL = "how_well", "How well did we do it?"
    BETTER_OFF = "better_off", "Is anyone better off?"


class Theme(models.TextChoices):
    EHC_PLANS = "ehc_plans", "EHC needs assessments and plans"
    REVIEWS = "reviews", "Annual reviews"
    INCLUSION = "inclusion", "Attendance and inclusion"
    ADULTHOOD = "adulthood", "Preparing for adulthood"
    HEALTH = "health", "Health"
    EXPERIENCE = "experience", "Families' experience and redress"


class PeriodType(models.TextChoices):
    """What a value's period is. ``period_start``/``period_end`` on a value give the exact dates.

    DfE labels flows by calendar year (2024 = January to December 2024) and stocks by the
    January census (202425 = January 2025); see indicators/periods.py.
    """

    MONTH = "month", "Month"
    ROLLING_12 = "rolling_12", "12 months ending"
    QUARTER = "quarter", "Quarter"
    TERM = "term", "Term"
    CALENDAR_YEAR = "calendar_year", "Calendar year"
    CENSUS = "census", "January census"
    ACADEMIC_YEAR = "academic_year", "Academic year"
    FINANCIAL_YEAR = "financial_year", "Financial year"


class Geography(models.TextChoices):
    NATIONAL = "national", "England"
    REGIONAL = "regional", "Region"
    LOCAL_AUTHORITY = "local_authority", "Local authority"


class ValueSource(models.TextChoices):
    PUBLISHED = "published", "Published (DfE or other official statistics)"
    COMPUTED = "computed", "Computed from case records"
    MANUAL = "manual", "Entered by hand"
    UPLOAD = "upload", "Uploaded from a spreadsheet"


class Symbol(models.TextChoices):
    """Why a published value is missing (DfE/EES symbols). Blank means there is a number."""

    NONE = "", "Value"
    UNAVAILABLE = "x", "Not available"
    NOT_APPLICABLE = "z", "Not applicable"
    CONFIDENTIAL = "c", "Confidential (suppressed)"
    LOW = "low", "Rounds to zero but is not zero"
    UNRELIABLE = "u", "Low reliability"
    NO_DATA = "-", "No data"


class RagBasis(models.TextChoices):
    """What a RAG status compares the latest value with (indicators/rag.py)."""

    TARGET = "target", "Against the target"
    TRAJECTORY = "trajectory", "Against the trajectory to the target"
    ENGLAND = "england", "Against England"
    NEIGHBOURS = "neighbours", "Against statistical neighbours' average"
    NONE = "none", "No RAG status"


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class CommentaryKind(models.TextChoices):
    EXCEPTION = "exception", "Exception commentary (red indicator)"
    UPDATE = "update", "Update"


class ImportKind(models.TextChoices):
    EES = "ees", "Explore Education Statistics release"
    PUBLISHED = "published", "Other published file"
    UPLOAD = "upload", "Spreadsheet upload"
    COMPUTED = "computed", "Computed from case records"
