"""Synthetic people for tests. Never real names or identifiers."""

import factory
from factory.django import DjangoModelFactory

from core.models import LocalAuthority, RoleAssignment, User

TEST_PASSWORD = "a-long-test-password-2026"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    organisation = "Example Council"
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


class RoleAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = "caseworker"
    local_authority = factory.LazyFunction(lambda: LocalAuthority.objects.get(code="810"))


def user_with_role(role: str, authority: LocalAuthority, **fields) -> User:
    user = UserFactory(**fields)
    RoleAssignment.objects.create(user=user, role=role, local_authority=authority)
    return user
