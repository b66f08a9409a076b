"""Teams of SEND officers: the list with each officer's caseload, a new team, moving an officer's
cases to someone else. For SEND managers and administrators ("team.manage" in core.access):
these pages show officers' names and counts, never a child's record.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core import access, clock
from core.http import posted

from . import forms, forms_records, queries_records, queries_ui
from .views import _nav


def _context(request, code) -> dict:
    authority = access.authority_or_404(request.user, code, "team.manage")
    # Administrators manage teams without seeing casework: the casework menu only for those who can.
    return {**_nav(request, authority, "teams"), "can_view": access.can(request.user, "case.view", authority)}


@require_GET
@login_required
def team_list(request, code):
    """The authority's teams, and within each the live cases each officer holds."""
    context = _context(request, code)
    today = clock.today()
    teams = queries_records.team_caseloads(context["authority"], today=today)
    return render(request, "cases/team_list.html", {**context, "teams": teams, "today": today})


@require_http_methods(["GET", "POST"])
@login_required
def team_create(request, code):
    context = _context(request, code)
    form = forms_records.TeamForm(posted(request), local_authority=context["authority"])
    if request.method == "POST" and form.is_valid():
        try:
            team = form.submit(by=request.user)
        except ValidationError as error:
            forms.apply_service_errors(form, error)
        else:
            messages.success(request, f"Team {team.name} created")
            return redirect("cases:team_list", code=code)
    return render(request, "cases/team_create.html", {**context, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def case_move(request, code):
    """Move every live case one officer holds to another officer (and team): audited case by case."""
    context = _context(request, code)
    authority = context["authority"]
    holders = queries_records.officers_holding_cases(authority)
    initial = {"from_officer": request.GET.get("officer", "")}
    form = forms_records.MoveCasesForm(
        posted(request), initial=initial, local_authority=authority, holders=holders,
        officers=queries_ui.officers_for(authority), teams=queries_ui.teams_for(authority))
    if request.method == "POST" and form.is_valid():
        try:
            moved = form.submit(by=request.user)
        except ValidationError as error:
            forms.apply_service_errors(form, error)
        else:
            source, target = form.moving_from, form.moving_to
            messages.success(request, f"{moved} case{'' if moved == 1 else 's'} moved from "
                                      f"{source.full_name or source.email} to {target.full_name or target.email}")
            return redirect("cases:team_list", code=code)
    return render(request, "cases/case_move.html", {**context, "form": form, "holders": holders})
