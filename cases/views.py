"""Casework pages: caseloads, the case page, events, assignment, early warning, backlog, officers,
and corrections to a case's records (a child's details, a removed exception, the named setting).

Thin function views: access through core.access ("case.view", "case.edit", "case.assign"; other
authorities' records answer 404), reads from cases.queries_ui, writes through one service each
(the forms in cases.forms call it). Pages are scoped by the authority's DfE code: /cases/810/...
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from core import access, clock
from core.http import posted

from . import forms, forms_records, queries, queries_records, queries_ui
from .choices import OPEN_STAGES, Stage
from .models import Child, Request

PAGE_SIZE = 50


def _page(request, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _case_or_404(request, code: str, pk: int, capability: str) -> Request:
    return access.object_or_404(
        request.user, capability,
        Request.objects.select_related("child", "officer", "team", "local_authority"),
        pk=pk, local_authority__code=code,
    )


def _nav(request, authority, current: str) -> dict:
    """Context shared by casework pages: the authority and the casework sub-menu."""
    can_edit = access.can(request.user, "case.edit", authority)
    return {
        "authority": authority,
        "current": current,
        "can_edit": can_edit,
        "can_assign": access.can(request.user, "case.assign", authority),
        "can_manage_teams": access.can(request.user, "team.manage", authority),
        "has_errors": False,
    }


def _submitted(request, form, *args) -> bool:
    """Whether a posted form was valid and its service recorded it (``form.submit(*args, by=)``).
    A problem the service finds goes beside the form's fields, to be shown with the form."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        form.submit(*args, by=request.user)
    except ValidationError as error:
        forms.apply_service_errors(form, error)
        return False
    return True


@require_GET
@login_required
def index(request):
    """Send the user to their authority's caseload, or let them choose if they work for several."""
    authorities = list(access.authorities_for(request.user, "case.view"))
    if not authorities:
        raise Http404("No casework for this account")
    if len(authorities) == 1:
        return redirect("cases:caseload", code=authorities[0].code)
    return render(request, "cases/index.html", {"authorities": authorities})


def _caseload(request, code, *, mine: bool):
    authority = access.authority_or_404(request.user, code, "case.view")
    today = clock.today()
    officers = list(queries_ui.officers_for(authority)) if not mine else []
    teams = list(queries_ui.teams_for(authority))
    form = forms.CaseloadFilterForm(request.GET or None, officers=officers, teams=teams, show_officer=not mine)
    filters = form.filters()
    if mine:
        filters["officer"] = request.user
    cases = queries_ui.caseload(authority, today=today, **filters)
    page = queries_ui.caseload_page(cases, request.GET.get("page"), local_authority=authority, today=today,
                                    per_page=PAGE_SIZE)
    return render(request, "cases/caseload.html", {
        **_nav(request, authority, "mine" if mine else "team"),
        "form": form, "form_html": queries_ui.filter_form_html(form),
        "page_obj": page, "rows": page.object_list, "today": today, "mine": mine,
        "has_errors": form.is_bound and bool(form.errors),
        "filtered": bool(request.GET.dict().keys() - {"page"}),
        # one reverse() for the page, not one a row
        "case_base": reverse("cases:case_detail", args=[authority.code, 0])[:-2],
    })


@require_GET
@login_required
def caseload(request, code):
    """My caseload: the live cases assigned to the signed-in officer."""
    return _caseload(request, code, mine=True)


@require_GET
@login_required
def team_caseload(request, code):
    """Every live case of the authority, filtered by team, officer, stage, need, setting or deadline."""
    return _caseload(request, code, mine=False)


@require_GET
@login_required
def case_detail(request, code, pk):
    case = _case_or_404(request, code, pk, "case.view")
    today = clock.today()
    view = queries_ui.case_view(case, today=today)
    view.timeline = queries_records.with_removed_exceptions(view.timeline, case)
    can_edit = access.can(request.user, "case.edit", case.local_authority)
    return render(request, "cases/case_detail.html", {
        **_nav(request, case.local_authority, "case"),
        "case": case, "child": case.child, "view": view, "records": view.records, "today": today,
        "events": forms.events_available(view.records) if can_edit else [],
    })


@require_http_methods(["GET", "POST"])
@login_required
def case_event(request, code, pk, event):
    """Record one event on a case through its GOV.UK form and its service."""
    form_class = forms.EVENT_FORMS.get(event)
    if form_class is None:
        raise Http404("No such event")
    case = _case_or_404(request, code, pk, "case.edit")
    records = queries.case_records(case)
    context = {**_nav(request, case.local_authority, "case"), "case": case, "child": case.child,
               "title": form_class.title}
    if not form_class.applies(records):
        # Not an error banner: the page explains why and links back (nothing is recorded).
        return render(request, "cases/case_event.html", {**context, "form": None, "unavailable": True})
    form = form_class(posted(request), records=records)
    if _submitted(request, form):
        messages.success(request, form_class.success)
        return redirect("cases:case_detail", code=code, pk=pk)
    return render(request, "cases/case_event.html", {**context, "form": form})


def _new_case(request, code, form_class, *, title: str, success: str):
    authority = access.authority_or_404(request.user, code, "case.edit")
    child = None
    if request.GET.get("child"):
        child = access.object_or_404(request.user, "case.edit", Child, pk=_int_or_404(request.GET["child"]),
                                     local_authority=authority)
    form = form_class(posted(request), local_authority=authority, child=child,
                      officers=queries_ui.officers_for(authority), teams=queries_ui.teams_for(authority),
                      initial={"officer": str(request.user.pk)})
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # a new child and their case are recorded together or not at all
                case = form.submit(by=request.user)
        except ValidationError as error:
            forms.apply_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("cases:case_detail", code=code, pk=case.pk)
    return render(request, "cases/case_new.html", {
        **_nav(request, authority, "new"), "form": form, "title": title, "child": child,
    })


def _int_or_404(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("No such record") from None


@require_http_methods(["GET", "POST"])
@login_required
def case_create(request, code):
    """Record a request for an EHC needs assessment: the case starts and its clocks run."""
    return _new_case(request, code, forms.NewRequestForm, title="Record a request for an EHC needs assessment",
                     success="Request recorded: the 20-week clock has started")


@require_http_methods(["GET", "POST"])
@login_required
def case_transfer_in(request, code):
    """Record a child who moves into the area with a plan made by another local authority."""
    return _new_case(request, code, forms.TransferInForm, title="Record a plan transferred in",
                     success="Plan transferred in recorded")


@require_http_methods(["GET", "POST"])
@login_required
def case_assign(request, code, pk):
    """Assign or reassign a case to an officer and team (audited by the service)."""
    case = _case_or_404(request, code, pk, "case.assign")
    authority = case.local_authority
    form = forms.AssignForm(posted(request), officers=queries_ui.officers_for(authority),
                            teams=queries_ui.teams_for(authority), case=case)
    if _submitted(request, form, case):
        messages.success(request, "Case assigned")
        return redirect("cases:case_detail", code=code, pk=pk)
    return render(request, "cases/case_assign.html", {
        **_nav(request, authority, "case"), "case": case, "child": case.child, "form": form,
    })


@require_GET
@login_required
def early_warning(request, code):
    """Requests that will pass 20 weeks in the next 4 weeks."""
    authority = access.authority_or_404(request.user, code, "case.view")
    today = clock.today()
    page = _page(request, queries.passing_20_weeks(authority, today=today))
    rows = [(case, case.received_on + queries.FINAL_PLAN_DAYS * queries_ui.DAY) for case in page.object_list]
    return render(request, "cases/early_warning.html", {
        **_nav(request, authority, "warning"), "page_obj": page, "rows": rows, "today": today, "kind": "requests",
        "horizon": today + queries_ui.WARNING_HORIZON_DAYS * queries_ui.DAY,
    })


@require_GET
@login_required
def early_warning_reviews(request, code):
    """Annual reviews whose decision (4 weeks after the meeting) is due in the next 4 weeks or overdue."""
    authority = access.authority_or_404(request.user, code, "case.view")
    today = clock.today()
    page = _page(request, queries.reviews_awaiting_decision(authority, today=today,
                                                            within_days=queries_ui.WARNING_HORIZON_DAYS))
    # Worked out here rather than read from the query's annotation, which SQLite returns as text.
    rows = [(review, review.meeting_on + queries.REVIEW_DECISION_DAYS * queries_ui.DAY) for review in page.object_list]
    return render(request, "cases/early_warning.html", {
        **_nav(request, authority, "warning"), "page_obj": page, "rows": rows, "today": today, "kind": "reviews",
        "horizon": today + queries_ui.WARNING_HORIZON_DAYS * queries_ui.DAY,
    })


@require_GET
@login_required
def early_warning_duties(request, code):
    """Re-assessments, appeals not opposed and tribunal orders with a duty overdue or due in the next 4 weeks."""
    authority = access.authority_or_404(request.user, code, "case.view")
    today = clock.today()
    page = _page(request, queries.redress_due(authority, today=today, horizon_days=queries_ui.WARNING_HORIZON_DAYS))
    return render(request, "cases/early_warning.html", {
        **_nav(request, authority, "warning"), "page_obj": page, "rows": page.object_list, "today": today,
        "kind": "duties", "horizon": today + queries_ui.WARNING_HORIZON_DAYS * queries_ui.DAY,
    })


@require_GET
@login_required
def backlog(request, code):
    """Open requests and assessments by age band; annual reviews overdue; amendments waiting."""
    authority = access.authority_or_404(request.user, code, "case.view")
    today = clock.today()
    bands = queries.backlog_by_age(authority, today=today)
    largest = max([row.total for row in bands] + [1])
    chart = [{"band": row.band, "by_stage": [row.request, row.assessment, row.drafting], "total": row.total,
              "width": round(460 * row.total / largest), "y": 10 + i * 40} for i, row in enumerate(bands)]
    summary = queries.backlog_summary(authority, today=today)
    return render(request, "cases/backlog.html", {
        **_nav(request, authority, "backlog"), "bands": chart, "today": today,
        "stages": [Stage(stage).label for stage in OPEN_STAGES],
        "open_total": sum(row.total for row in bands),
        "reviews_overdue": summary["reviews_overdue"],
        "amendments_waiting": summary["amendments_waiting"],
        "chart_height": 20 + 40 * len(bands),
    })


@require_GET
@login_required
def backlog_reviews(request, code):
    """Plans in force whose annual review is overdue."""
    authority = access.authority_or_404(request.user, code, "case.view")
    today = clock.today()
    page = _page(request, queries.reviews_overdue(authority, today=today))
    return render(request, "cases/backlog_list.html", {
        **_nav(request, authority, "backlog"), "page_obj": page, "today": today, "kind": "reviews",
    })


@require_GET
@login_required
def backlog_amendments(request, code):
    """Reviews that decided to amend the plan where the amended plan is not yet issued."""
    authority = access.authority_or_404(request.user, code, "case.view")
    today = clock.today()
    page = _page(request, queries.amendments_waiting(authority))
    return render(request, "cases/backlog_list.html", {
        **_nav(request, authority, "backlog"), "page_obj": page, "today": today, "kind": "amendments",
    })


@require_GET
@login_required
def officer_caseloads(request, code):
    """Caseload per officer: live cases, plans, overdue and due in the next 4 weeks."""
    authority = access.authority_or_404(request.user, code, "case.view")
    today = clock.today()
    rows = queries_ui.caseload_per_officer(authority, today=today)
    page = _page(request, rows)
    return render(request, "cases/officer_caseloads.html", {
        **_nav(request, authority, "officers"), "page_obj": page, "rows": page.object_list, "today": today,
        "totals": {key: sum(r[key] for r in rows) for key in ("open", "plans", "overdue", "due_soon", "total")},
    })


# ---- corrections to a case's records ------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def child_edit(request, code, pk):
    """Correct the child's details (audited before and after by the service)."""
    case = _case_or_404(request, code, pk, "case.edit")
    form = forms_records.ChildDetailsForm(posted(request), record=case.child)
    if _submitted(request, form):
        messages.success(request, "Details saved")
        return redirect("cases:case_detail", code=code, pk=pk)
    return render(request, "cases/child_edit.html", {
        **_nav(request, case.local_authority, "case"), "case": case, "child": case.child, "form": form,
    })


@require_http_methods(["GET", "POST"])
@login_required
def exception_remove(request, code, pk, exception_pk):
    """Remove a reg 10(4) exception recorded in error: a confirmation page that asks why it no
    longer applies, then the service recomputes the 20-week flag and the case's deadlines."""
    case = _case_or_404(request, code, pk, "case.edit")
    exception = case.exceptions.filter(pk=exception_pk).first()
    if exception is None:
        raise Http404("No such exception")
    # An exception on a re-assessment switches off its 14 weeks only (reg 27(3)); others the 16 and 20.
    limits, verb = (("the 14-week time limit of the re-assessment", "applies") if exception.reassessment_id
                    else ("the 16 and 20-week time limits", "apply"))
    others = case.exceptions.filter(reassessment_id=exception.reassessment_id).exclude(pk=exception.pk).exists()
    form = forms_records.ExceptionRemovalForm(posted(request), exception=exception)
    if _submitted(request, form):
        messages.success(request, f"Exception removed. Another exception still switches {limits} off" if others
                         else f"Exception removed: {limits} {verb} to this case again")
        return redirect("cases:case_detail", code=code, pk=pk)
    return render(request, "cases/exception_remove.html", {
        **_nav(request, case.local_authority, "case"), "case": case, "child": case.child,
        "exception": exception, "others": others, "limits": limits, "form": form,
    })


@require_http_methods(["GET", "POST"])
@login_required
def plan_setting_change(request, code, pk):
    """Change the setting named in section I of the case's plan in force."""
    case = _case_or_404(request, code, pk, "case.edit")
    plan = case.plans.order_by("-start_on", "-pk").first()  # the plan the case page shows
    if plan is None:
        raise Http404("No plan on this case")
    context = {**_nav(request, case.local_authority, "case"), "case": case, "child": case.child, "plan": plan}
    if plan.ceased_on is not None:
        # Not an error banner: the page explains why and links back (nothing is changed).
        return render(request, "cases/plan_setting_change.html", {**context, "form": None})
    form = forms_records.PlanSettingForm(posted(request), plan=plan)
    if _submitted(request, form):
        messages.success(request, "Setting named in the plan changed")
        return redirect("cases:case_detail", code=code, pk=pk)
    return render(request, "cases/plan_setting_change.html", {**context, "form": form})
