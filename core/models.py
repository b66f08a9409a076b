from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from .choices import AuditAction, NeighbourSet, Role


class Region(models.Model):
    """An English region (ONS E12 code)."""

    code = models.CharField(max_length=9, unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LocalAuthority(models.Model):
    """An English local authority with education and SEND duties. Every SEND record belongs to one."""

    code = models.CharField("DfE code", max_length=3, unique=True, help_text="3-digit DfE LA number, e.g. 886")
    ons_code = models.CharField("ONS code", max_length=9, unique=True, help_text="9-character GSS code")
    sen2_ons_code = models.CharField(
        "ONS code used in SEN2 2025", max_length=9, blank=True,
        help_text="Older GSS code that DfE's 2025 SEN2 release still uses, where it differs",
    )
    name = models.CharField(max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="authorities")
    kind = models.CharField(max_length=60, blank=True, help_text="e.g. Unitary Authorities, London Boroughs")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class StatisticalNeighbour(models.Model):
    """One row of a DfE statistical neighbour set: ``neighbour`` is the ``rank``th closest to ``authority``."""

    neighbour_set = models.CharField(max_length=4, choices=NeighbourSet.choices)
    authority = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="neighbour_links")
    neighbour = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    closeness = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["neighbour_set", "authority", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["neighbour_set", "authority", "rank"], name="unique_neighbour_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.neighbour_set} #{self.rank}: {self.neighbour_id} for {self.authority_id}"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("Enter an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Someone who signs in. What they may see and do comes from their role assignments."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150)
    organisation = models.CharField(max_length=150, blank=True, help_text="e.g. the council, the ICB, a school")
    job_title = models.CharField(max_length=150, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May use the Django admin (superusers only)")
    date_joined = models.DateTimeField(default=timezone.now)
    failed_sign_ins = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class RoleAssignment(models.Model):
    """A person holds a role for one local authority."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=30, choices=Role.choices)
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="role_assignments")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["local_authority__name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "local_authority"], name="unique_role_assignment"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}, {self.local_authority.name}"


class AuditEvent(models.Model):
    """One entry in the audit trail. Written only by core.audit; never changed or deleted by the service."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(max_length=254, blank=True, help_text="Who, kept if the user is later removed")
    action = models.CharField(max_length=20, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField(max_length=100, blank=True, db_index=True, help_text="app_label.model")
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(max_length=200, blank=True)
    local_authority = models.ForeignKey(
        LocalAuthority, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changes = models.JSONField(default=dict, blank=True, help_text="{field: [before, after]}")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type} {self.object_id}"
