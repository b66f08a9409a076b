"""Demo data for `make demo`: synthetic people for every role at one authority.

Each app may have a ``demo.py`` with ``load(authority, *, stdout)`` that adds its own demo data
idempotently; ``sendsight load_demo`` calls them in the order below.
"""

from django.db import transaction

from . import services
from .app_hooks import app_modules
from .choices import Role
from .models import LocalAuthority, User

DEMO_AUTHORITY_CODE = "810"  # Kingston upon Hull: its improvement plan is one of our seed documents
DEMO_PASSWORD = "demo-password-2026"
DEMO_PEOPLE = [
    (Role.ADMINISTRATOR, "admin@example.org", "Alex Administrator", "Example Council"),
    (Role.SEND_MANAGER, "manager@example.org", "Morgan Manager", "Example Council"),
    (Role.CASEWORKER, "caseworker@example.org", "Casey Worker", "Example Council"),
    (Role.PERFORMANCE_ANALYST, "analyst@example.org", "Ari Analyst", "Example Council"),
    (Role.PLAN_CONTRIBUTOR, "contributor@example.org", "Pat Contributor", "Example Integrated Care Board"),
    (Role.BOARD_MEMBER, "board@example.org", "Bobbie Board", "Example Parent Carer Forum"),
    (Role.PRACTITIONER, "practitioner@example.org", "Robin Reader", "Example Primary School"),
]


@transaction.atomic
def load_people(authority: LocalAuthority) -> list[User]:
    people = []
    for role, email, name, organisation in DEMO_PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = services.create_user(email=email, full_name=name, organisation=organisation,
                                        password=DEMO_PASSWORD, by=None)
        services.assign_role(user, role=role, local_authority=authority, by=None)
        people.append(user)
    return people


def load(*, stdout) -> None:
    authority = LocalAuthority.objects.get(code=DEMO_AUTHORITY_CODE)
    load_people(authority)
    stdout.write(f"Demo people for {authority.name}: ready")
    for module in app_modules("demo"):
        module.load(authority, stdout=stdout)
