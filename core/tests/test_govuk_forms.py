"""The GOV.UK form renderer: markup from one place, as the Design System shows it."""

import datetime

import pytest
from django import forms

from core.govuk_forms import GovUKDateField, GovUKForm


class ExampleForm(GovUKForm):
    name = forms.CharField(label="Name", help_text="As it appears on the plan",
                           widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}))
    need = forms.ChoiceField(label="Primary need", choices=[("ASD", "Autistic spectrum disorder"), ("SLCN", "Speech, language and communication needs")],
                             widget=forms.RadioSelect)
    received = GovUKDateField(label="Date the request was received", subject="the date the request was received")


def test_a_widgets_own_classes_are_kept_beside_the_components():
    html = str(ExampleForm()["name"])
    assert 'class="govuk-input govuk-input--width-20"' in html


def test_an_error_adds_the_error_modifier_and_describes_the_input():
    form = ExampleForm({"name": ""})
    form.is_valid()
    html = form["name"].as_field_group()
    assert "govuk-form-group--error" in html and "govuk-input--error" in html
    assert 'aria-describedby="id_name-hint id_name-error"' in html
    assert '<span class="govuk-visually-hidden">Error:</span> This field is required.' in html


def test_radios_are_a_fieldset_with_a_legend():
    html = ExampleForm()["need"].as_field_group()
    assert '<fieldset class="govuk-fieldset"' in html and "govuk-fieldset__legend" in html
    assert 'class="govuk-radios__input"' in html


@pytest.mark.parametrize(("day", "month", "year", "message"), [
    ("", "", "", "Enter the date the request was received"),
    ("12", "", "2026", "The date the request was received must include a month"),
    ("", "", "2026", "The date the request was received must include a day and a month"),
    ("31", "2", "2026", "The date the request was received must be a real date"),
    ("1", "13", "2026", "The date the request was received must be a real date"),
    ("one", "2", "2026", "The date the request was received must be a real date"),
    ("1", "2", "26", "Year must include 4 numbers"),
])
def test_date_errors_follow_the_design_system(day, month, year, message):
    form = ExampleForm({"name": "x", "need": "ASD", "received_day": day, "received_month": month, "received_year": year})
    assert not form.is_valid()
    assert form.errors["received"] == [message]


def test_a_real_date_including_29_february_in_a_leap_year_is_accepted():
    form = ExampleForm({"name": "x", "need": "ASD", "received_day": "29", "received_month": "2", "received_year": "2028"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["received"] == datetime.date(2028, 2, 29)


def test_the_error_summary_links_to_the_first_box_of_a_date(rf):
    from core.templatetags.govuk import govuk_error_summary

    form = ExampleForm({"name": "x", "need": "ASD", "received_day": "40", "received_month": "1", "received_year": "2026"})
    form.is_valid()
    items = govuk_error_summary(form)["items"]
    assert items == [{"text": "The date the request was received must be a real date", "href": "#id_received_0"}]
    assert 'id="id_received_0"' in str(form["received"])
