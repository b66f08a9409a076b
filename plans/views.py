"""Improvement plan pages: thin function views. Reads through queries, writes through services."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import access
from core.clock import today
from core.http import posted, posted_files
from core.models import User

from . import forms, gantt, permissions, queries, services
from . import queries_ui as ui
from . import status as rules
from .models import Action, Evidence, IndicatorLink, Inspection, ReportingCycle, Section

PAGE_SIZE = 50
# Larger plans show the tree to objective level with counts, each linking to its actions, so the
# overview stays quick (bench/plans_pages.py); "?all=1" lists every action anyway.
OVERVIEW_ACTION_LIMIT = 150


# ---- helpers --------------------------------------------------------------------------------


def _people(authority_id) -> list[User]:
    """Active people with a role at the authority: the leads and owners a form may choose."""
    return list(User.objects.filter(role_assignments__local_authority_id=authority_id, is_active=True)
                .distinct().order_by("full_name", "email"))


def _form_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = name if name in form.fields else None
            for item in errors:
                form.add_error(target, item.messages[0] if hasattr(item, "messages") else str(item))
    else:
        for message in error.messages:
            form.add_error(None, message)


def _status_rows(options, counts) -> list[dict]:
    """One row per status on the plan's scale (the first option of each meaning), then no update."""
    rows, seen = [], set()
    for option in options:
        if option.meaning in seen:
            continue
        seen.add(option.meaning)
        rows.append({"label": option.label, "colour": option.colour, "count": counts.get(option.meaning, 0)})
    rows.append({"label": "No update yet", "colour": "", "count": counts.get(rules.NO_UPDATE, 0)})
    return rows


def _plan_context(request, plan, **extra) -> dict:
    return {
        "plan": plan,
        "can_manage": permissions.can_manage_plan(request.user, plan),
        "can_update": access.can(request.user, "plan.update", plan.local_authority_id),
        **extra,
    }


# ---- plans ----------------------------------------------------------------------------------


@require_GET
@login_required
def index(request):
    """The plans this person can see, grouped by authority."""
    if not access.can_anywhere(request.user, "plan.view"):
        raise Http404("No such page")
    plans = list(ui.plans_visible_to(request.user))
    manage_ids = set(access.authority_ids_for(request.user, "plan.manage"))
    groups: dict = {}
    for plan in plans:
        groups.setdefault(plan.local_authority, []).append(plan)
    return render(request, "plans/plan_list.html", {
        "groups": list(groups.items()), "plans": plans, "can_create": bool(manage_ids),
    })


@require_http_methods(["GET", "POST"])
@login_required
def plan_create(request):
    authorities = list(access.authorities_for(request.user, "plan.manage"))
    if not authorities:
        if access.can_anywhere(request.user, "plan.view"):
            raise PermissionDenied("Your role does not allow this")
        raise Http404("No such page")
    authority_id = request.POST.get("local_authority") or authorities[0].pk
    form = forms.PlanForm(posted(request), authorities=authorities,
                          people=_people(authority_id if str(authority_id).isdigit() else authorities[0].pk))
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(local_authority=form.cleaned_data["local_authority"], by=request.user,
                                        status_scale=form.cleaned_data["status_scale"], **form.service_fields())
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, f"Plan created: {plan.title}")
            return redirect("plans:plan_detail", pk=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "title": "Create an improvement plan"})


@require_http_methods(["GET", "POST"])
@login_required
def plan_edit(request, pk):
    plan = ui.plan_or_404(request.user, pk, "plan.manage")
    form = forms.PlanForm(posted(request), authorities=[plan.local_authority],
                          people=_people(plan.local_authority_id), plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_plan(plan, by=request.user, **form.service_fields())
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "Plan details saved")
            return redirect("plans:plan_detail", pk=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan, "title": f"Change {plan.title}"})


def _light(plan, day):
    """The plan's sections, current cycle and action rows, as the list pages read them."""
    sections = ui.section_values(plan)
    cycle = queries.current_cycle(plan, day)
    rows = ui.light_rows(plan, today=day, cycle=cycle, sections=sections)
    return sections, cycle, rows


@require_GET
@login_required
def plan_detail(request, pk):
    """The overview: the tree of priorities, objectives and actions, with status counts."""
    plan = ui.plan_or_404(request.user, pk)
    day = today()
    sections = ui.section_values(plan)
    cycle = queries.current_cycle(plan, day)
    show_actions = request.GET.get("all") == "1" or plan.actions.count() <= OVERVIEW_ACTION_LIMIT
    if show_actions:
        rows = ui.light_rows(plan, today=day, cycle=cycle, sections=sections)
        roots, total = ui.light_tree(plan, rows, sections)
        count = len(rows)
    else:
        roots, total, count = ui.count_tree(plan, sections)
    options = queries.status_scale(plan)
    for root in roots:
        root.status_rows = _status_rows(options, root.counts)
    return render(request, "plans/plan_detail.html", _plan_context(
        request, plan, roots=roots, total_rows=_status_rows(options, total), action_count=count,
        percent_complete=rules.percent_complete(total), cycle=cycle, today=day, show_actions=show_actions,
    ))


@require_GET
@login_required
def action_list(request, pk):
    """Every action, filtered and sorted in the database, 50 to a page."""
    plan = ui.plan_or_404(request.user, pk)
    day = today()
    sections = ui.section_values(plan)
    cycle = queries.current_cycle(plan, day)
    names, organisations = ui.lead_and_organisation_choices(plan)
    form = forms.ActionFilterForm(
        request.GET or None, plan=plan, roots=[Section(pk=s["pk"], code=s["code"], title=s["title"])
                                               for s in sections if s["parent_id"] is None],
        leads=[(name, name) for name in names], organisations=organisations,
        options=queries.status_scale(plan), findings=ui.findings_for(plan),
    )
    part = next((s for s in sections if str(s["pk"]) == request.GET.get("section")), None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    ids = ui.filtered_action_ids(plan, data, sections=sections, today=day, part=part)
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = ui.light_rows(plan, today=day, cycle=cycle, sections=sections, ids=list(page.object_list))
    return render(request, "plans/action_list.html", _plan_context(
        request, plan, form=form, page_obj=page, rows=rows, total=plan.actions.count(),
        shown=page.paginator.count, has_errors=form.is_bound and bool(form.errors), cycle=cycle, part=part,
        filtered=bool(form.is_bound and any(v for k, v in request.GET.items() if k not in ("page", "sort"))),
    ))


@require_GET
@login_required
def my_actions(request, pk):
    """A lead's actions in this plan, those due an update this cycle first."""
    plan = ui.plan_or_404(request.user, pk)
    day = today()
    sections, cycle, rows = _light(plan, day)
    mine = ui.my_light_rows(rows, request.user, sections, today=day, cycle=cycle)
    return render(request, "plans/my_actions.html", _plan_context(
        request, plan, rows=mine, cycle=cycle, due_count=sum(1 for r in mine if r.due_update),
    ))


@require_GET
@login_required
def plan_gantt(request, pk):
    """The timeline by priority and action, with the same facts in a table."""
    plan = ui.plan_or_404(request.user, pk)
    day = today()
    sections, _cycle, rows = _light(plan, day)
    roots, _total = ui.light_tree(plan, rows, sections)
    only = next((r.section for r in roots if str(r.section["pk"]) == request.GET.get("priority")), None)
    timeline = ui.gantt_rows(roots, only=only["pk"] if only else None)
    chart = gantt.build(timeline, today=day, title=f"Timeline of {plan.title}", chart_id="plan-gantt")
    return render(request, "plans/plan_gantt.html", _plan_context(
        request, plan, chart=chart, rows=timeline, roots=roots, only=only, today=day,
    ))


# ---- sections and actions ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def section_create(request, pk):
    plan = ui.plan_or_404(request.user, pk, "plan.manage")
    form = forms.SectionForm(posted(request), plan=plan, people=_people(plan.local_authority_id),
                             initial={"parent": request.GET.get("parent", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            section = services.add_section(plan, by=request.user, title=data["title"], parent=data["parent"],
                                           code=data["code"], description=data["description"],
                                           lead_name=data["lead_name"], lead_user=data["lead_user"])
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, f"Added {plan.level_label(section.level).lower()} {section}")
            return redirect(reverse("plans:plan_detail", args=[plan.pk]) + f"#section-{section.pk}")
    return render(request, "plans/section_form.html", _plan_context(
        request, plan, form=form, title=f"Add a {plan.level_label(1).lower()} or {plan.level_label(2).lower()}"))


@require_http_methods(["GET", "POST"])
@login_required
def section_edit(request, pk):
    section = ui.record_or_404(request.user, Section, pk, "plan.manage")
    plan = section.plan
    form = forms.SectionForm(posted(request), plan=plan, people=_people(plan.local_authority_id),
                             section=section)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_section(section, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, f"Saved {section}")
            return redirect(reverse("plans:plan_detail", args=[plan.pk]) + f"#section-{section.pk}")
    return render(request, "plans/section_form.html", _plan_context(
        request, plan, form=form, section=section, title=f"Change {plan.level_label(section.level).lower()} {section.code}".strip()))


@require_http_methods(["GET", "POST"])
@login_required
def action_create(request, pk):
    plan = ui.plan_or_404(request.user, pk, "plan.manage")
    form = forms.ActionForm(posted(request), plan=plan, people=_people(plan.local_authority_id),
                            initial={"section": request.GET.get("section", "")})
    if request.method == "POST" and form.is_valid():
        try:
            action = services.add_action(plan, by=request.user, **form.service_fields())
            services.set_action_leads(action, leads=form.leads(), by=request.user)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, f"Added {plan.action_label.lower()} {action.code or action.title[:60]}")
            return redirect("plans:action_detail", pk=action.pk)
    return render(request, "plans/action_form.html", _plan_context(
        request, plan, form=form, title=f"Add an {plan.action_label.lower()}"
        if plan.action_label[:1].lower() in "aeiou" else f"Add a {plan.action_label.lower()}"))


@require_http_methods(["GET", "POST"])
@login_required
def action_edit(request, pk):
    action = ui.record_or_404(request.user, Action, pk, "plan.manage")
    plan = action.plan
    form = forms.ActionForm(posted(request), plan=plan, people=_people(plan.local_authority_id), action=action)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_action(action, by=request.user, **form.service_fields())
            services.set_action_leads(action, leads=form.leads(), by=request.user)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "Action saved")
            return redirect("plans:action_detail", pk=action.pk)
    return render(request, "plans/action_form.html", _plan_context(
        request, plan, form=form, action=action, title=f"Change {plan.action_label.lower()} {action.code}".strip()))


@require_GET
@login_required
def action_detail(request, pk):
    """An action: what it is, its flags, linked indicators and its whole update history."""
    found = ui.record_or_404(request.user, Action, pk)
    action = queries.action_detail(found.pk)
    plan = action.plan
    day = today()
    cycle = queries.current_cycle(plan, day)
    links = list(action.indicator_links.all())
    summaries = queries.indicator_summaries([link.indicator for link in links], plan.local_authority)
    off = tuple((summaries.get(link.indicator_id) or {}).get("off_trajectory") for link in links)
    flags = rules.flags(queries.facts_for(action, off_trajectory=off), today=day,
                        cycle_start=cycle.period_start if cycle else None)
    sections, section = [], action.section
    while section is not None:
        sections.insert(0, section)
        section = section.parent
    return render(request, "plans/action_detail.html", _plan_context(
        request, plan, action=action, flags=flags, cycle=cycle,
        links=[_indicator_view(link, summaries.get(link.indicator_id)) for link in links], sections=sections,
        updates=list(action.updates.all()), can_update_action=permissions.can_update_action(request.user, action),
        leads=list(action.leads.all()), sources=list(action.sources.all()),
    ))


def _indicator_view(link, summary) -> dict:
    """A linked indicator for the action page: its latest figure, target, RAG and trend."""
    view = {"link": link, "summary": summary, "sparkline": ""}
    if summary and summary.get("trend"):
        periods = [label for label, _value in summary["trend"]]
        values = [value for _label, value in summary["trend"]]
        try:
            from indicators.charts import sparkline
        except ImportError:
            sparkline = None
        if sparkline is not None:
            view["sparkline"] = sparkline(values, chart_id=f"trend-{link.pk}", title=link.indicator.title,
                                          periods=periods, unit=summary.get("unit") or "")
    return view


@require_GET
@login_required
def evidence_download(request, pk):
    """An evidence file, to people who may see the plan (files are never served publicly)."""
    evidence = ui.record_or_404(request.user, Evidence, pk, path="update__action__plan",
                                queryset=Evidence.objects.select_related("update__action__plan__local_authority"))
    if not evidence.file:
        raise Http404("No file")
    name = evidence.file.name.rsplit("/", 1)[-1]
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=name)


@require_http_methods(["GET", "POST"])
@login_required
def update_create(request, pk):
    """A lead submits a status update. Contributors may update only the actions they lead."""
    action = ui.record_or_404(request.user, Action, pk, "plan.update",
                              queryset=Action.objects.select_related("plan__local_authority", "status"))
    if not permissions.can_update_action(request.user, action):
        raise PermissionDenied("You can only update actions you lead")
    plan = action.plan
    day = today()
    cycles = list(plan.cycles.order_by("-period_start", "board")[:24])
    form = forms.StatusUpdateForm(posted(request), posted_files(request), action=action, cycles=cycles,
                                  current_cycle=queries.current_cycle(plan, day))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.submit_status_update(
                action, status=data["status"], by=request.user, commentary=data["commentary"],
                next_steps=data["next_steps"], risks_and_issues=data["risks_and_issues"], reported_on=day,
                cycle=data["cycle"], evidence=form.evidence(),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, f"Update submitted: {data['status'].label}")
            return redirect("plans:action_detail", pk=action.pk)
    return render(request, "plans/update_form.html", _plan_context(request, plan, form=form, action=action))


@require_http_methods(["GET", "POST"])
@login_required
def action_sources(request, pk):
    """Link an action to the inspection findings it addresses and its other sources."""
    action = ui.record_or_404(request.user, Action, pk, "plan.manage")
    plan = action.plan
    form = forms.SourcesForm(posted(request), action=action, findings=ui.findings_for(plan))
    if request.method == "POST" and form.is_valid():
        try:
            services.set_action_sources(action, sources=form.sources(), by=request.user)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "Sources saved")
            return redirect("plans:action_detail", pk=action.pk)
    return render(request, "plans/action_sources.html", _plan_context(request, plan, form=form, action=action))


@require_http_methods(["GET", "POST"])
@login_required
def action_indicators(request, pk):
    """Link scorecard indicators to an action as impact measures, with targets."""
    action = ui.record_or_404(request.user, Action, pk, "plan.manage")
    plan = action.plan
    from indicators.models import Indicator

    indicators = list(Indicator.objects.filter(is_active=True).filter(
        Q(local_authority__isnull=True) | Q(local_authority_id=plan.local_authority_id)).order_by("title"))
    form = forms.IndicatorLinkForm(posted(request), indicators=indicators)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.link_indicator(action, indicator=data["indicator"], target=data["target"],
                                target_note=data["target_note"], by=request.user)
        messages.success(request, f"Linked {data['indicator'].title}")
        return redirect("plans:action_indicators", pk=action.pk)
    links = list(action.indicator_links.select_related("indicator"))
    return render(request, "plans/action_indicators.html", _plan_context(
        request, plan, form=form, action=action, links=links))


@require_POST
@login_required
def indicator_unlink(request, pk):
    link = ui.record_or_404(request.user, IndicatorLink, pk, "plan.manage", path="action__plan",
                            queryset=IndicatorLink.objects.select_related("action__plan__local_authority", "indicator"))
    services.unlink_indicator(link, by=request.user)
    messages.success(request, f"Removed {link.indicator.title}")
    return redirect("plans:action_indicators", pk=link.action_id)


# ---- reporting cycles and board reports ----------------------------------------------------


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


@require_GET
@login_required
def cycle_report(request, pk):
    """The board highlight report for a cycle, as a web page with PDF and Word downloads."""
    cycle = ui.record_or_404(request.user, ReportingCycle, pk)
    plan = cycle.plan
    from . import reports

    report = reports.board_report(cycle, today=today())
    return render(request, "plans/cycle_report.html", _plan_context(request, plan, cycle=cycle, report=report))


@require_GET
@login_required
def cycle_report_file(request, pk, fmt):
    """The board highlight report as a PDF or Word file, built by plans/exporters."""
    cycle = ui.record_or_404(request.user, ReportingCycle, pk)
    from .exporters import CONTENT_TYPES, board_report

    builders = {"pdf": board_report.board_report_pdf, "docx": board_report.board_report_docx}
    if fmt not in builders:
        raise Http404("No such format")
    content = builders[fmt](cycle, today=today())
    content_type = CONTENT_TYPES[fmt]
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="board-report-{cycle.period_start:%Y-%m}-{cycle.pk}.{fmt}"'
    return response


# ---- inspections and coverage ----------------------------------------------------------------


@require_GET
@login_required
def plan_coverage(request, pk):
    """The inspection's areas for improvement with the actions addressing each; gaps flagged."""
    plan = ui.plan_or_404(request.user, pk)
    coverage = queries.coverage(plan)
    inspections = list(plan.inspections.all())
    return render(request, "plans/plan_coverage.html", _plan_context(
        request, plan, coverage=coverage, inspections=inspections))


@require_http_methods(["GET", "POST"])
@login_required
def inspection_create(request, pk):
    """Record an inspection whose findings this plan answers."""
    plan = ui.plan_or_404(request.user, pk, "plan.manage")
    form = forms.InspectionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            inspection = services.record_inspection(local_authority=plan.local_authority, by=request.user,
                                                    plans=[plan], **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, f"Inspection recorded: {inspection.title}. Now add its areas for improvement.")
            return redirect("plans:finding_create", pk=plan.pk, inspection_pk=inspection.pk)
    return render(request, "plans/inspection_form.html", _plan_context(request, plan, form=form))


@require_http_methods(["GET", "POST"])
@login_required
def finding_create(request, pk, inspection_pk):
    plan = ui.plan_or_404(request.user, pk, "plan.manage")
    inspection = Inspection.objects.filter(pk=inspection_pk, local_authority_id=plan.local_authority_id).first()
    if inspection is None:
        raise Http404("No such inspection")
    next_number = (max((f.number for f in inspection.findings.all()), default=0)) + 1
    form = forms.FindingForm(posted(request), initial={"number": next_number})
    if request.method == "POST" and form.is_valid():
        try:
            finding = services.add_finding(inspection, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, f"Added {finding.code}")
            return redirect("plans:finding_create", pk=plan.pk, inspection_pk=inspection.pk)
    return render(request, "plans/finding_form.html", _plan_context(
        request, plan, form=form, inspection=inspection, findings=list(inspection.findings.all())))


# ---- import and export -----------------------------------------------------------------------


IMPORT_SESSION_KEY = "plans.import"


def _import_authorities(request):
    authorities = list(access.authorities_for(request.user, "plan.manage"))
    if not authorities:
        if access.can_anywhere(request.user, "plan.view"):
            raise PermissionDenied("Your role does not allow this")
        raise Http404("No such page")
    return authorities


def _keep_upload(request, *, content: bytes, file_name: str, local_authority, title: str, kind: str) -> None:
    """Keep an upload for the column-mapping step (the browser cannot send the file again by itself)."""
    _discard_upload(request)
    suffix = ".csv" if file_name.lower().endswith(".csv") else ".xlsx"
    path = default_storage.save(f"plans/imports/{uuid.uuid4().hex}{suffix}", ContentFile(content))
    request.session[IMPORT_SESSION_KEY] = {"path": path, "file_name": file_name, "la": local_authority.pk,
                                           "title": title, "kind": kind}


def _discard_upload(request) -> None:
    kept = request.session.pop(IMPORT_SESSION_KEY, None)
    if kept and kept.get("path", "").startswith("plans/imports/"):
        default_storage.delete(kept["path"])


def _run_import(request, *, local_authority, title, kind, file_name, content, mapping=None):
    """Import; on success the new plan, else (None, [problem lines])."""
    from .importers import ImportProblems

    try:
        plan = services.import_plan(local_authority=local_authority, title=title, file_name=file_name,
                                    content=content, by=request.user, mapping=mapping, kind=kind)
    except ImportProblems as error:
        return None, error.lines()
    except ValidationError as error:
        return None, list(error.messages)
    return plan, []


@require_http_methods(["GET", "POST"])
@login_required
def plan_import(request):
    """Upload an XLSX or CSV plan. Any bad row or cell: every problem listed, nothing written."""
    authorities = _import_authorities(request)
    form = forms.ImportForm(posted(request), posted_files(request), authorities=authorities)
    problems = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        content = upload.read()
        plan, problems = _run_import(request, local_authority=data["local_authority"], title=data["title"],
                                     kind=data["kind"], file_name=upload.name, content=content)
        if plan is not None:
            messages.success(request, f"Imported {plan.actions.count()} actions into {plan.title}")
            return redirect("plans:plan_detail", pk=plan.pk)
        _keep_upload(request, content=content, file_name=upload.name, local_authority=data["local_authority"],
                     title=data["title"], kind=data["kind"])
    return render(request, "plans/plan_import.html", {
        "form": form, "problems": problems, "has_errors": bool(problems) or (form.is_bound and bool(form.errors)),
    })


@require_http_methods(["GET", "POST"])
@login_required
def plan_import_columns(request):
    """The column-mapping step: say which of the file's columns holds each of ours, then import."""
    from .importers import ImportProblems, tabular

    authorities = {la.pk: la for la in _import_authorities(request)}
    kept = request.session.get(IMPORT_SESSION_KEY)
    if not kept or kept.get("la") not in authorities or not default_storage.exists(kept.get("path", "")):
        messages.success(request, "Upload the file again to match its columns")
        return redirect("plans:plan_import")
    with default_storage.open(kept["path"], "rb") as handle:
        content = handle.read()
    problems = []
    try:
        table = tabular.read_table(kept["file_name"], content)
    except ImportProblems as error:
        _discard_upload(request)
        problems = error.lines()
        return render(request, "plans/plan_import.html", {
            "form": forms.ImportForm(authorities=list(authorities.values())), "problems": problems, "has_errors": True})
    form = forms.ColumnMappingForm(posted(request), columns=tabular.ALL_COLUMNS, required=tabular.REQUIRED_COLUMNS,
                                   headers=table.headers, initial_mapping=tabular.guess_mapping(table.headers))
    if request.method == "POST" and form.is_valid():
        plan, problems = _run_import(request, local_authority=authorities[kept["la"]], title=kept["title"],
                                     kind=kept["kind"], file_name=kept["file_name"], content=content,
                                     mapping=form.mapping())
        if plan is not None:
            _discard_upload(request)
            messages.success(request, f"Imported {plan.actions.count()} actions into {plan.title}")
            return redirect("plans:plan_detail", pk=plan.pk)
    return render(request, "plans/plan_import_columns.html", {
        "form": form, "problems": problems, "kept": kept, "headers": table.headers,
        "sample": table.rows[:3], "has_errors": bool(problems) or (form.is_bound and bool(form.errors)),
    })


@require_GET
@login_required
def plan_export(request, pk, fmt):
    """The plan as a file: XLSX or CSV in the import layout, or a Word or PDF document."""
    plan = ui.plan_or_404(request.user, pk)
    from . import exporters

    if fmt not in exporters.FORMATS:
        raise Http404("No such format")
    content, content_type = exporters.export_plan(plan, fmt=fmt, today=today())
    response = HttpResponse(content, content_type=content_type)
    safe = "".join(c if c.isalnum() else "-" for c in plan.title.lower()).strip("-")[:60] or "plan"
    response["Content-Disposition"] = f'attachment; filename="{safe}.{fmt}"'
    return response
