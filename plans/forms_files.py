"""Forms for importing a plan: the upload, and the column-mapping step for other layouts."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from core.govuk_forms import GovUKForm

from .choices import PlanKind
from .forms import text


class ImportForm(GovUKForm):
    local_authority = forms.TypedChoiceField(label="Local authority", coerce=int,
                                             error_messages={"required": "Select the local authority",
                                                             "invalid_choice": "Select a local authority whose plans you manage"})
    title = text("Title of the new plan", required=True, max_length=200, error="Enter the plan's title")
    kind = forms.ChoiceField(label="Kind of plan", choices=PlanKind.choices, initial=PlanKind.STRATEGIC)
    file = forms.FileField(label="Upload a file", help_text="An Excel workbook (.xlsx) or a CSV file",
                           error_messages={"required": "Select a file to import", "empty": "The selected file is empty"})

    def __init__(self, *args, authorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.authorities = {la.pk: la for la in authorities}
        self.fields["local_authority"].choices = [(la.pk, f"{la.name} ({la.code})") for la in authorities]
        if len(authorities) == 1:
            self.fields["local_authority"].widget = forms.HiddenInput()
            self.fields["local_authority"].initial = authorities[0].pk

    def clean_local_authority(self):
        pk = self.cleaned_data["local_authority"]
        if pk not in self.authorities:
            raise ValidationError("Select a local authority whose plans you manage")
        return self.authorities[pk]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not (name.endswith(".xlsx") or name.endswith(".csv")):
            raise ValidationError("The selected file must be an Excel workbook (.xlsx) or a CSV file")
        if upload.size > 10 * 1024 * 1024:
            raise ValidationError("The selected file must be smaller than 10MB")
        return upload


class ColumnMappingForm(GovUKForm):
    """Which column of the uploaded file holds each of ours, for layouts other than the plain one."""

    NOT_IN_FILE = ""

    def __init__(self, *args, columns, required, headers, initial_mapping=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.columns = list(columns)
        self.required = set(required)
        choices = [(self.NOT_IN_FILE, "Not in the file")] + [(h, h) for h in headers if h]
        self.names = {}
        for index, column in enumerate(self.columns):
            name = f"column_{index}"
            self.names[name] = column
            self.fields[name] = forms.ChoiceField(
                label=column, required=column in self.required, choices=choices,
                error_messages={"required": f"Select the column that holds {column.lower()}"},
                initial=(initial_mapping or {}).get(column, ""),
            )

    def clean(self):
        data = super().clean()
        chosen = {}
        for name, column in self.names.items():
            header = data.get(name)
            if header:
                if header in chosen.values():
                    self.add_error(name, f"Column ‘{header}’ is already chosen for "
                                         f"{next(c for c, h in chosen.items() if h == header).lower()}")
                chosen[column] = header
        return data

    def mapping(self) -> dict[str, str]:
        return {column: self.cleaned_data[name] for name, column in self.names.items()
                if self.cleaned_data.get(name)}
