"""Reporting cycles and the board highlight report page. Thin views: reads through queries,
writes through services. (The report's files and print page are in plans/views_files.py.)"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core.clock import today
from core.http import posted

from . import forms, forms_setup, queries, services
from . import queries_ui as ui
from .models import ReportingCycle
from .view_helpers import form_errors as _form_errors
from .view_helpers import plan_context as _plan_context


@require_GET
@login_required
def cycle_list(request, pk):
    plan = ui.plan_or_404(request.user, pk)
    cycles = list(plan.cycles.all())
    return render(request, "plans/cycle_list.html", _plan_context(
        request, plan, cycles=cycles, current=queries.current_cycle(plan, today())))


@require_http_methods(["GET", "POST"])
@login_required
def cycle_create(request, pk):
    plan = ui.plan_or_404(request.user, pk, "plan.manage")
    form = forms.CycleForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.create_cycle(plan, by=request.user, **data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, f"Reporting cycle added for the {data['board']}")
            return redirect("plans:cycle_list", pk=plan.pk)
    return render(request, "plans/cycle_form.html", _plan_context(request, plan, form=form))


def _months(cycles) -> str:
    return ", ".join(f"{cycle.period_start:%B %Y}" for cycle in cycles)


@require_http_methods(["GET", "POST"])
@login_required
def cycle_schedule(request, pk):
    """Add a series of monthly or quarterly cycles in one go; any the board already has are skipped."""
    plan = ui.plan_or_404(request.user, pk, "plan.manage")
    form = forms_setup.CycleScheduleForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            result = services.schedule_cycles(plan, by=request.user, **form.service_fields())
        except ValidationError as error:
            _form_errors(form, error)
        else:
            board = form.cleaned_data["board"]
            words = (f"Added {len(result.created)} reporting cycle{'s' if len(result.created) != 1 else ''} "
                     f"for the {board}" + (f": {_months(result.created)}" if result.created else ""))
            if result.skipped:
                words += (f". Skipped {len(result.skipped)} the board already had: {_months(result.skipped)}")
            messages.success(request, words)
            return redirect("plans:cycle_list", pk=plan.pk)
    return render(request, "plans/cycle_schedule.html", _plan_context(
        request, plan, form=form, title="Add a series of reporting cycles"))


@require_GET
@login_required
def cycle_report(request, pk):
    """The board highlight report for a cycle, as a web page with PDF and Word downloads."""
    cycle = ui.record_or_404(request.user, ReportingCycle, pk)
    plan = cycle.plan
    from . import reports

    report = reports.board_report(cycle, today=today())
    return render(request, "plans/cycle_report.html", _plan_context(request, plan, cycle=cycle, report=report))
