"""Improvement plan pages: thin function views. Reads through queries, writes through services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import access
from core.clock import today
from core.http import posted, posted_files

from . import forms, gantt, permissions, queries, services
from . import queries_list as lists
from . import queries_ui as ui
from . import status as rules
from . import view_helpers as helpers
from .models import Action, Evidence, IndicatorLink, Inspection, Section

PAGE_SIZE = 50
# Larger plans show the tree to objective level with counts, each linking to its actions, so the
# overview stays quick (bench/plans_pages.py); "?all=1" lists every action anyway.
OVERVIEW_ACTION_LIMIT = 150


_people = helpers.people
_form_errors = helpers.form_errors
_status_rows = helpers.status_rows
_plan_context = helpers.plan_context


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
                          people=helpers.plan_people(plan), plan=plan)
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
    every_section = ui.section_values(plan, show=ui.ALL)
    sections = [s for s in every_section if not s["removed"]]
    cycle = queries.current_cycle(plan, day)
    roots, total, count, removed_actions = ui.count_tree(plan, sections)
    show_actions = request.GET.get("all") == "1" or count <= OVERVIEW_ACTION_LIMIT
    if show_actions:
        rows = ui.light_rows(plan, today=day, cycle=cycle, sections=sections)
        roots, total = ui.light_tree(plan, rows, sections)
    options = queries.status_scale(plan)
    for root in roots:
        root.status_rows = _status_rows(options, root.counts)
    partners = ui.partners_of(plan)
    return render(request, "plans/plan_detail.html", _plan_context(
        request, plan, roots=roots, total_rows=_status_rows(options, total), action_count=count,
        percent_complete=rules.percent_complete(total), cycle=cycle, today=day, show_actions=show_actions,
        partners=partners, removed={"sections": len(every_section) - len(sections), "actions": removed_actions},
        add_action_words=f"Add {'an' if plan.action_label[:1].lower() in 'aeiou' else 'a'} {plan.action_label.lower()}",
    ))


@require_GET
@login_required
def action_list(request, pk):
    """Every action, filtered and sorted in the database, 50 to a page."""
    plan = ui.plan_or_404(request.user, pk)
    day = today()
    sections = ui.section_values(plan)
    cycle = queries.current_cycle(plan, day)
    names, organisations = lists.lead_and_organisation_choices(plan)
    form = forms.ActionFilterForm(
        request.GET or None, plan=plan, roots=[Section(pk=s["pk"], code=s["code"], title=s["title"])
                                               for s in sections if s["parent_id"] is None],
        leads=[(name, name) for name in names], organisations=organisations,
        options=queries.status_scale(plan), findings=ui.findings_for(plan),
    )
    part = next((s for s in sections if str(s["pk"]) == request.GET.get("section")), None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    show = data.get("show") or ui.LIVE
    if show != ui.LIVE:  # removed actions may sit in removed sections
        sections = ui.section_values(plan, show=ui.ALL)
    ids = lists.filtered_action_ids(plan, data, sections=sections, today=day, part=part)
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = ui.light_rows(plan, today=day, cycle=cycle, sections=sections, ids=list(page.object_list), show=show)
    filtered = bool(form.is_bound and any(v for k, v in request.GET.items() if k not in ("page", "sort")))
    total = page.paginator.count if not filtered and part is None else plan.actions.live().count()
    return render(request, "plans/action_list.html", _plan_context(
        request, plan, form=form, page_obj=page, rows=rows, total=total, show=show,
        shown=page.paginator.count, has_errors=form.is_bound and bool(form.errors), cycle=cycle, part=part,
        filtered=filtered,
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
    show = ui.ALL if request.GET.get("removed") == "1" else ui.LIVE
    sections = ui.section_values(plan, show=show)
    rows = ui.light_rows(plan, today=day, cycle=queries.current_cycle(plan, day), sections=sections, show=show,
                         with_dependencies=True)
    roots, _total = ui.light_tree(plan, rows, sections)
    only = next((r.section for r in roots if str(r.section["pk"]) == request.GET.get("priority")), None)
    timeline = lists.gantt_rows(roots, only=only["pk"] if only else None)
    chart = gantt.build(timeline, today=day, title=f"Timeline of {plan.title}", chart_id="plan-gantt")
    return render(request, "plans/plan_gantt.html", _plan_context(
        request, plan, chart=chart, rows=timeline, roots=roots, only=only, today=day, show_removed=show == ui.ALL,
    ))


# ---- sections and actions ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def section_create(request, pk):
    plan = ui.plan_or_404(request.user, pk, "plan.manage")
    form = forms.SectionForm(posted(request), plan=plan, people=helpers.plan_people(plan),
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
    form = forms.SectionForm(posted(request), plan=plan, people=helpers.plan_people(plan),
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
    form = forms.ActionForm(posted(request), plan=plan, people=helpers.plan_people(plan),
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
    form = forms.ActionForm(posted(request), plan=plan, people=helpers.plan_people(plan), action=action)
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
    action = queries.action_detail(pk)
    if action is None or not permissions.can_view_plan(request.user, action.plan):
        raise Http404("No such record")
    plan = action.plan
    day = today()
    cycle = queries.current_cycle(plan, day)
    links = list(action.indicator_links.all())
    summaries = queries.indicator_summaries([link.indicator for link in links], plan.local_authority)
    off = tuple((summaries.get(link.indicator_id) or {}).get("off_trajectory") for link in links)
    flags = [] if action.is_removed else rules.flags(queries.facts_for(action, off_trajectory=off), today=day,
                                                     cycle_start=cycle.period_start if cycle else None)
    sections, section = [], action.section
    while section is not None:
        sections.insert(0, section)
        section = section.parent
    depends_on, needed_by = queries.dependency_links(action)
    return render(request, "plans/action_detail.html", _plan_context(
        request, plan, action=action, flags=flags, cycle=cycle,
        links=[_indicator_view(link, summaries.get(link.indicator_id)) for link in links], sections=sections,
        updates=list(action.updates.all()),
        can_update_action=not action.is_removed and permissions.can_update_action(request.user, action),
        leads=list(action.leads.all()), sources=list(action.sources.all()),
        depends_on=depends_on, needed_by=needed_by,
        workstreams=list(action.children.all()),
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
    action = ui.record_or_404(request.user, Action, pk,  # people at partner authorities update too
                              queryset=Action.objects.select_related("plan__local_authority", "status"))
    if not permissions.can_update_action(request.user, action):
        raise PermissionDenied("You can only update actions you lead")
    if action.is_removed:
        raise Http404("This action was removed from the plan")
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
