"""Changing a plan's shape: dependencies between actions, and removing and restoring actions and
sections (nothing is deleted). Thin views: reads through queries, writes through services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.http import posted

from . import forms_setup, queries, services, services_removal
from . import queries_ui as ui
from .models import Action, Section
from .view_helpers import form_errors, plan_context


def _action(request, pk, capability="plan.manage") -> Action:
    return ui.record_or_404(request.user, Action, pk, capability,
                            queryset=Action.objects.select_related("plan__local_authority", "section", "parent"))


# ---- dependencies -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def action_dependencies(request, pk):
    """The actions this one depends on (with a way to remove each) and those that depend on it, and
    a form to add another. A loop of dependencies is refused with the chain that would close it."""
    action = _action(request, pk)
    plan = action.plan
    depends_on, needed_by = queries.dependency_links(action)
    taken = {other.pk for other in depends_on} | {action.pk}
    candidates = [a for a in plan.actions.live().only("pk", "code", "title", "plan_id").order_by("position", "id")
                  if a.pk not in taken]
    form = forms_setup.DependencyForm(posted(request), action=action, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        other = form.cleaned_data["depends_on"]
        try:
            services.add_dependency(action, depends_on=other, by=request.user)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"{action.code or plan.action_label} now depends on {other}")
            return redirect("plans:action_dependencies", pk=action.pk)
    return render(request, "plans/action_dependencies.html", plan_context(
        request, plan, action=action, form=form, depends_on=depends_on, needed_by=needed_by))


@require_POST
@login_required
def dependency_remove(request, pk, other_pk):
    action = _action(request, pk)
    other = action.dependencies.filter(pk=other_pk).first()
    if other is None:
        raise Http404("No such dependency")
    services.remove_dependency(action, depends_on=other, by=request.user)
    messages.success(request, f"{action.code or action.plan.action_label} no longer depends on {other}")
    return redirect("plans:action_dependencies", pk=action.pk)


# ---- removing and restoring -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def action_remove(request, pk):
    """Confirm taking an action (and its workstreams) out of the plan, with the reason."""
    action = _action(request, pk)
    plan = action.plan
    if action.is_removed:
        messages.success(request, f"{action} was already removed")
        return redirect("plans:action_detail", pk=action.pk)
    what = plan.action_label.lower()
    form = forms_setup.RemovalForm(posted(request), what=what)
    if request.method == "POST" and form.is_valid():
        try:
            removed = services.remove_action(action, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            form_errors(form, error)
        else:
            extra = f" and {len(removed) - 1} within it" if len(removed) > 1 else ""
            messages.success(request, f"Removed {action}{extra}. You can restore it from Removed from the plan.")
            return redirect(reverse("plans:plan_detail", args=[plan.pk]) + f"#section-{action.section_id}")
    return render(request, "plans/remove_confirm.html", plan_context(
        request, plan, form=form, action=action, record=action, what=what,
        workstreams=services_removal.workstreams_within(action), sections=[],
        title=f"Remove {what} {action.code or action.title[:60]}".strip()))


@require_POST
@login_required
def action_restore(request, pk):
    action = _action(request, pk)
    try:
        restored = services.restore_action(action, by=request.user)
    except ValidationError as error:
        return _cannot_restore(request, action.plan, error, back=reverse("plans:action_detail", args=[action.pk]))
    extra = f" and {len(restored) - 1} within it" if len(restored) > 1 else ""
    messages.success(request, f"Restored {action}{extra}")
    return redirect("plans:action_detail", pk=action.pk)


def _cannot_restore(request, plan, error: ValidationError, *, back: str):
    return render(request, "plans/restore_problem.html", plan_context(
        request, plan, problem=error.messages[0], back=back, has_errors=True), status=409)


@require_http_methods(["GET", "POST"])
@login_required
def section_remove(request, pk):
    """Confirm taking a section out of the plan with everything in it, with the reason."""
    section = ui.record_or_404(request.user, Section, pk, "plan.manage")
    plan = section.plan
    what = plan.level_label(section.level).lower()
    if section.is_removed:
        messages.success(request, f"{section} was already removed")
        return redirect("plans:plan_removed", pk=plan.pk)
    form = forms_setup.RemovalForm(posted(request), what=what)
    if request.method == "POST" and form.is_valid():
        try:
            sections, actions = services.remove_section(section, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"Removed {what} {section} with {len(actions)} "
                                      f"{plan.action_label.lower()}{'s' if len(actions) != 1 else ''}. "
                                      "You can restore it from Removed from the plan.")
            return redirect("plans:plan_detail", pk=plan.pk)
    sections, actions = services_removal.contents_of(section)
    return render(request, "plans/remove_confirm.html", plan_context(
        request, plan, form=form, section=section, record=section, what=what, sections=sections,
        workstreams=actions, title=f"Remove {what} {section.code or section.title[:60]}".strip()))


@require_POST
@login_required
def section_restore(request, pk):
    section = ui.record_or_404(request.user, Section, pk, "plan.manage")
    try:
        sections, actions = services.restore_section(section, by=request.user)
    except ValidationError as error:
        return _cannot_restore(request, section.plan, error, back=reverse("plans:plan_removed", args=[section.plan_id]))
    messages.success(request, f"Restored {section} with {len(actions)} "
                              f"{section.plan.action_label.lower()}{'s' if len(actions) != 1 else ''}")
    return redirect("plans:plan_removed", pk=section.plan_id)


@require_GET
@login_required
def plan_removed(request, pk):
    """Everything taken out of the plan: who removed it, when and why, with a way to restore it."""
    plan = ui.plan_or_404(request.user, pk)
    sections = list(plan.sections.removed().select_related("removed_by").order_by("-removed_at", "level", "position"))
    actions = list(plan.actions.removed().select_related("removed_by", "section", "parent")
                   .order_by("-removed_at", "position"))
    return render(request, "plans/plan_removed.html", plan_context(
        request, plan, removed_sections=sections, removed_actions=actions))
