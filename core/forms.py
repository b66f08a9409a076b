from django import forms
from django.contrib.auth import forms as auth_forms

from .choices import AuditAction, Role
from .govuk_forms import GovUKDateField, GovUKForm, GovUKFormMixin, GovUKModelForm
from .models import LocalAuthority, User


class SignInForm(GovUKForm):
    email = forms.EmailField(label="Email address", max_length=254,
                             error_messages={"required": "Enter your email address",
                                             "invalid": "Enter an email address in the correct format, like name@example.org"},
                             widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}))
    password = forms.CharField(label="Password", strip=False,
                               error_messages={"required": "Enter your password"},
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class PasswordResetForm(GovUKFormMixin, auth_forms.PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages = {
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        }


class SetPasswordForm(GovUKFormMixin, auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = "At least 12 characters. Avoid common words and your name."
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Confirm your new password"


def authority_choices(authorities):
    return [(la.pk, f"{la.name} ({la.code})") for la in authorities]


class UserForm(GovUKModelForm):
    class Meta:
        model = User
        fields = ["full_name", "email", "organisation", "job_title"]
        labels = {"full_name": "Full name", "email": "Email address", "organisation": "Organisation", "job_title": "Job title"}
        error_messages = {
            "full_name": {"required": "Enter the person's full name"},
            "email": {"required": "Enter the person's email address",
                      "invalid": "Enter an email address in the correct format, like name@example.org",
                      "unique": "Someone already has an account with this email address"},
        }

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Someone already has an account with this email address")
        return email


class RoleForm(GovUKForm):
    role = forms.ChoiceField(label="Role", choices=Role.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select a role"})
    local_authority = forms.TypedChoiceField(label="Local authority", coerce=int,
                                             error_messages={"required": "Select a local authority"})

    def __init__(self, *args, authorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_authority"].choices = [("", "Select a local authority"), *authority_choices(authorities)]
        self.authorities = {la.pk: la for la in authorities}

    def clean_local_authority(self):
        pk = self.cleaned_data["local_authority"]
        if pk not in self.authorities:
            raise forms.ValidationError("Select a local authority you administer")
        return self.authorities[pk]


class NewUserForm(UserForm):
    role = RoleForm.base_fields["role"]
    local_authority = RoleForm.base_fields["local_authority"]

    class Meta(UserForm.Meta):
        pass

    def __init__(self, *args, authorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_authority"].choices = [("", "Select a local authority"), *authority_choices(authorities)]
        self.authorities = {la.pk: la for la in authorities}

    clean_local_authority = RoleForm.clean_local_authority


class AuditFilterForm(GovUKForm):
    action = forms.ChoiceField(label="Action", required=False, choices=[("", "Any action"), *AuditAction.choices])
    actor = forms.CharField(label="Who (email contains)", required=False, max_length=254)
    object_type = forms.CharField(label="Record type", required=False, max_length=100,
                                  help_text="For example cases.request or plans.action")
    date_from = GovUKDateField(label="From", subject="the date to show changes from", required=False)
    date_to = GovUKDateField(label="To", subject="the date to show changes up to", required=False)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The date to show changes up to must be the same as or after the date from")
        return data


__all__ = ["SignInForm", "PasswordResetForm", "SetPasswordForm", "UserForm", "NewUserForm", "RoleForm",
           "AuditFilterForm", "LocalAuthority"]
