"""Code lists for casework, as SEN2 (the DfE person-level return) spells them.

Where SEN2 has a code list the stored value IS the SEN2 code, so the importer and exporter copy
values straight across. Sources: ../shared/reference/sen2-person-level.md (section numbers below)
and send-rules.md. Lists marked "local" are SENDsight's own (SEN2 does not collect them).
"""

from django.db import models


class Sex(models.TextChoices):
    """SEN2 ``Sex`` (2024 return onwards; sen2-person-level.md 3.1). ``U`` is unconfirmed in SEN2."""

    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Not known"


class Ethnicity(models.TextChoices):
    """DfE Common Basic Data Set main ethnicity codes (SEN2 ``Ethnicity``, 3.1)."""

    WBRI = "WBRI", "White - British"
    WIRI = "WIRI", "White - Irish"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WOTH = "WOTH", "Any other White background"
    WROM = "WROM", "Gypsy / Roma"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Black Caribbean"
    BAFR = "BAFR", "Black - African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class UPNUnknown(models.TextChoices):
    """SEN2 ``UPNunknown``: why neither UPN nor ULN is given (3.1). UN4, UN6, UN7 are not used."""

    UN1 = "UN1", "Under 6 and not yet given a UPN"
    UN2 = "UN2", "Never attended a state-funded school in England"
    UN3 = "UN3", "Educated outside England"
    UN5 = "UN5", "Name or date of birth discrepancies prevent reliable matching"
    UN8 = "UN8", "New to the local authority and UPN or ULN not yet known"
    UN9 = "UN9", "Young person never attended a state-funded school or FE setting in England"
    UN10 = "UN10", "Request ended with no further action before UPN or ULN known"


class RequestSource(models.IntegerChoices):
    """SEN2 ``RequestSource`` (2025 return onwards; 3.2). Codes single-source, unconfirmed."""

    PARENT_OR_YOUNG_PERSON = 1, "Young person or parent"
    EDUCATION_SETTING = 2, "School or other education setting"
    HEALTH = 3, "Health care professional"
    SOCIAL_CARE = 4, "Social care professional"
    OTHER = 5, "Other"


class RequestOutcome(models.TextChoices):
    """SEN2 ``RequestOutcome`` (3.2): did the request proceed to an EHC needs assessment?"""

    ASSESS = "Y", "Decided to assess"
    NOT_ASSESS = "N", "Decided not to assess"
    AWAITING = "A", "Decision not yet made"
    WITHDRAWN = "W", "Withdrawn before the decision"
    HISTORICAL = "H", "Historical (decided before the collection period)"


class AssessmentOutcome(models.TextChoices):
    """SEN2 ``AssessmentOutcome`` (3.3): the decision whether to issue an EHC plan."""

    ISSUE = "Y", "Decided to issue a plan"
    NOT_ISSUE = "N", "Decided not to issue a plan"
    AWAITING = "A", "Decision not yet made"
    WITHDRAWN = "W", "Withdrawn before the decision"
    HISTORICAL = "H", "Historical (decided before the collection period)"


class ExceptionReason(models.TextChoices):
    """The reg 10(4)(a)-(d) exceptions to the 16- and 20-week limits (send-rules.md 1.2).

    They switch the time limit off for the case (SEN2 ``Week20`` = 1); they do not pause it.
    """

    SCHOOL_CLOSURE = "school_closure", "School or post-16 institution closed for 4 weeks or more"  # reg 10(4)(a)
    EARLY_YEARS_CLOSURE = "early_years_closure", "Early years provider closed for 4 weeks or more"  # reg 10(4)(b)
    PERSONAL_CIRCUMSTANCES = "personal_circumstances", "Exceptional personal circumstances"  # reg 10(4)(c)
    ABSENCE_FROM_AREA = "absence_from_area", "Absent from the area for 4 weeks or more"  # reg 10(4)(d)
    CORONAVIRUS = "coronavirus", "Coronavirus (1 May to 25 September 2020 only)"  # SI 2020/471


class AdviceBody(models.TextChoices):
    """Who is asked for advice during an assessment (reg 6(1); local list)."""

    EDUCATIONAL_PSYCHOLOGY = "ep", "Educational psychology"
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Social care"
    EDUCATION = "education", "Education (school or setting)"
    OTHER = "other", "Other"


class AdviceException(models.TextChoices):
    """Reg 8(2): when a body need not give advice within 6 weeks (send-rules.md A2)."""

    EXCEPTIONAL_CIRCUMSTANCES = "exceptional_circumstances", "Exceptional circumstances"  # reg 8(2)(a)
    ABSENCE_FROM_AREA = "absence_from_area", "Absent from the area for 4 weeks or more"  # reg 8(2)(b)
    MISSED_APPOINTMENT = "missed_appointment", "Missed an appointment"  # reg 8(2)(c)


class NeedType(models.TextChoices):
    """SEN2 ``SENtype`` (send-rules.md 6; sen2-person-level.md 3.8). DS is counted as OTH in DfE tables."""

    SPLD = "SPLD", "Specific learning difficulty"
    MLD = "MLD", "Moderate learning difficulty"
    SLD = "SLD", "Severe learning difficulty"
    PMLD = "PMLD", "Profound and multiple learning difficulty"
    SEMH = "SEMH", "Social, emotional and mental health"
    SLCN = "SLCN", "Speech, language and communication needs"
    HI = "HI", "Hearing impairment"
    VI = "VI", "Vision impairment"
    MSI = "MSI", "Multi-sensory impairment"
    PD = "PD", "Physical disability"
    ASD = "ASD", "Autistic spectrum disorder"
    DS = "DS", "Down syndrome"
    OTH = "OTH", "Other difficulty or disability"


class SENSetting(models.TextChoices):
    """SEN2 ``SENsetting``: the kind of setting where there is no URN or UKPRN (3.5)."""

    OLA = "OLA", "Other arrangements made by the local authority (EOTAS)"
    OPA = "OPA", "Other arrangements made by parents or young person"
    EHE = "EHE", "Elective home education"
    EYP = "EYP", "Early years provider with no URN"
    OTH = "OTH", "Other (for example, only a type of setting named)"
    NEET = "NEET", "Not in education, employment or training (16 to 25)"
    NIEC = "NIEC", "Not in education or training: notice to cease issued"
    NIEO = "NIEO", "Not in education or training: other"


class CeaseReason(models.IntegerChoices):
    """SEN2 ``CeaseReason`` (item 4.6)."""

    MAX_AGE = 1, "Reached maximum age"
    NEEDS_MET = 2, "Needs met without an EHC plan"
    HIGHER_EDUCATION = 3, "Moved on to higher education"
    EMPLOYMENT = 4, "Moved on to paid employment"
    TRANSFERRED = 5, "Transferred to another local authority"
    NO_LONGER_ENGAGING = 6, "Young person no longer wishes to engage in education or training"
    OUTSIDE_ENGLAND = 7, "Moved outside England"
    DECEASED = 8, "Deceased"
    OTHER = 9, "Other"


class ReviewOutcome(models.TextChoices):
    """SEN2 ``ReviewOutcome`` (item 5.5): the local authority's decision after the review meeting."""

    MAINTAIN = "M", "Maintain the plan as it is"
    AMEND = "A", "Amend the plan"
    CEASE = "C", "Cease the plan"


class PlacementKind(models.TextChoices):
    """Whether a placement row is a setting named in the plan (SEN2 PlanDetail) or attended (PlacementDetail)."""

    NAMED = "named", "Named in the plan"
    ATTENDED = "attended", "Attended"


class PhaseTransferKind(models.TextChoices):
    """Reg 18: which phase-transfer deadline applies (send-rules.md 2.3)."""

    SCHOOL = "school", "Between school phases (by 15 February)"  # reg 18(1)(b)
    POST_16 = "post_16", "Secondary school to post-16 (by 31 March)"  # reg 18(1)(a)
    POST_16_OTHER = "post_16_other", "Between post-16 institutions (5 months before)"  # reg 18(2)


class ConsultationResponse(models.TextChoices):
    """A setting's reply to a consultation on being named (CFA s.39-40; local list)."""

    AWAITING = "awaiting", "Awaiting response"
    CAN_MEET_NEEDS = "can_meet", "Can meet needs"
    CANNOT_MEET_NEEDS = "cannot_meet", "Cannot meet needs"
    NO_RESPONSE = "no_response", "No response"


class DisputeSubject(models.TextChoices):
    """What a mediation or tribunal appeal is about (CFA s.51(2), paraphrased; local list)."""

    REFUSAL_TO_ASSESS = "refusal_to_assess", "Refusal to assess"  # s.51(2)(a)
    DECISION_NOT_TO_ISSUE = "not_to_issue", "Decision not to issue a plan"  # s.51(2)(b)
    PLAN_CONTENT = "plan_content", "Content of the plan (sections B and F)"  # s.51(2)(c)(iii)-(iv)
    PLACEMENT = "placement", "Setting named in the plan (section I)"  # s.51(2)(c)(i)-(ii)
    REFUSAL_TO_REASSESS = "refusal_to_reassess", "Refusal to re-assess"  # s.51(2)(d)
    REFUSAL_TO_AMEND = "refusal_to_amend", "Refusal to amend after a review"  # s.51(2)(e)
    CEASE = "cease", "Decision to cease the plan"  # s.51(2)(f)
    OTHER = "other", "Other"


class ReassessmentRequester(models.TextChoices):
    """Who asked for a re-assessment of a plan (reg 24; local list), or the authority itself (s.44(3))."""

    PARENT = "parent", "The child's parent"
    YOUNG_PERSON = "young_person", "The young person"
    INSTITUTION = "institution", "The school or college (governing body, proprietor or principal)"
    LOCAL_AUTHORITY = "local_authority", "The local authority, on its own initiative"


class ReassessmentDecision(models.TextChoices):
    """The decision whether to re-assess (reg 25(1)); a refusal can be appealed (s.51(2)(d))."""

    REASSESS = "Y", "Decided to re-assess"
    NOT_REASSESS = "N", "Decided not to re-assess"
    AWAITING = "A", "Decision not yet made"


class ReassessmentCompletion(models.TextChoices):
    """How a re-assessment ended (reg 27): a new plan, or no change (appealable, s.51(2)(e))."""

    AMENDED = "amended", "Final amended plan issued"
    REPLACEMENT = "replacement", "Replacement plan issued"
    NO_CHANGE = "no_change", "Decided not to amend or replace the plan"


class UnopposedAppealKind(models.TextChoices):
    """Which time limits apply when the authority does not oppose an appeal (reg 45, SI 2015/359)."""

    ASSESSMENT = "assessment", "Refusal to assess or re-assess"  # s.51(2)(a), (d): reg 45(3), (3A)
    AMENDMENT = "amendment", "The plan's contents or setting, or a refusal to amend"  # (c), (e): 45(4)


class OrderMadeBy(models.TextChoices):
    """Who made an order: the tribunal, or the parties in mediation (reg 42(2): treated as an order)."""

    TRIBUNAL = "tribunal", "The First-tier Tribunal"
    MEDIATION = "mediation", "A mediation agreement"


class OrderKind(models.TextChoices):
    """What an order or mediation agreement requires, as far as the clock can count it (regs 42, 44)."""

    ASSESS = "assess", "Carry out an EHC needs assessment"  # reg 44(2), 14 weeks (unconfirmed)
    NOT_APPEALABLE = "not_appealable", "Something that cannot be appealed (mediation only)"  # reg 42(3)
    OTHER = "other", "Something else"  # reg 44's other limits are not verified: no deadline


class MediationOutcome(models.TextChoices):
    """How a mediation case ended (local list)."""

    ONGOING = "ongoing", "Ongoing"
    CERTIFICATE_NO_MEDIATION = "certificate_only", "Certificate issued without mediation"
    AGREEMENT = "agreement", "Agreement reached"
    NO_AGREEMENT = "no_agreement", "No agreement"
    WITHDRAWN = "withdrawn", "Withdrawn"


class TribunalOutcome(models.TextChoices):
    """How an appeal to the First-tier Tribunal (SEND) ended (local list)."""

    ONGOING = "ongoing", "Ongoing"
    CONCEDED = "conceded", "Conceded by the local authority"
    WITHDRAWN = "withdrawn", "Withdrawn by the appellant"
    UPHELD = "upheld", "Appeal upheld (in full or part)"
    DISMISSED = "dismissed", "Appeal dismissed"


class Stage(models.TextChoices):
    """Where a case (a request and what followed it) is now. Kept on Request by the services."""

    REQUEST = "request", "Request: deciding whether to assess"
    ASSESSMENT = "assessment", "Assessment: deciding whether to issue"
    DRAFTING = "drafting", "Drafting: plan to be issued"
    PLAN = "plan", "Plan in force"
    CEASED = "ceased", "Plan ceased"
    CLOSED = "closed", "Closed without a plan"


OPEN_STAGES = (Stage.REQUEST, Stage.ASSESSMENT, Stage.DRAFTING)
"""Stages of a case that is still working towards a decision or a plan."""
