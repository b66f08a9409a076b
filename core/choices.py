from django.db import models


class Role(models.TextChoices):
    """What a person does in the partnership. Permissions follow from the role (core/access.py)."""

    ADMINISTRATOR = "administrator", "Administrator"
    SEND_MANAGER = "send_manager", "SEND manager"
    CASEWORKER = "caseworker", "Caseworker"
    PERFORMANCE_ANALYST = "performance_analyst", "Performance analyst"
    PLAN_CONTRIBUTOR = "plan_contributor", "Plan contributor"
    BOARD_MEMBER = "board_member", "Board member"
    PRACTITIONER = "practitioner", "Read-only practitioner"


class AuditAction(models.TextChoices):
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    DELETE = "delete", "Deleted"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"
    SIGN_OUT = "sign_out", "Signed out"
    LOCKED_OUT = "locked_out", "Locked out"
    PASSWORD_RESET = "password_reset", "Password reset"
    IMPORT = "import", "Imported"
    EXPORT = "export", "Exported"


class NeighbourSet(models.TextChoices):
    """DfE children's services statistical neighbour sets."""

    SN_2025 = "2025", "DfE statistical neighbours (May 2025)"
    SN_2021 = "2021", "DfE statistical neighbours (April 2021)"
