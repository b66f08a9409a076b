"""Sign-in through Django's ModelBackend, with the per-request user read as one plain statement."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from . import identity


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        user = identity.user_by_id(get_user_model(), user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
