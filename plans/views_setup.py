"""Setting a plan up: its status scale (words, colour, meaning, order, retiring) and the partner
authorities it is shared with. Thin views: reads through queries, writes through services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.http import posted
from core.models import LocalAuthority

from . import forms_setup, permissions, queries, services
from . import queries_ui as ui
from .models import StatusOption, StatusUpdate
from .view_helpers import form_errors, plan_context


def _configurable_plan(request, pk):
    plan = ui.plan_or_404(request.user, pk)
    if not permissions.can_configure_plan(request.user, plan):
        raise PermissionDenied("Your role does not allow this")
    return plan


def _option(request, pk) -> StatusOption:
    option = ui.record_or_404(request.user, StatusOption, pk,
                              queryset=StatusOption.objects.select_related("plan__local_authority", "plan__owner"))
    if not permissions.can_configure_plan(request.user, option.plan):
        raise PermissionDenied("Your role does not allow this")
    return option


@require_GET
@login_required
def status_scale(request, pk):
    """The plan's status scale: each status's words on its coloured tag, what it means, how much it
    is used, and (for the plan's managers and owner) ways to change it."""
    plan = ui.plan_or_404(request.user, pk)
    options = list(plan.status_options.order_by("position", "id"))
    used = dict(StatusUpdate.objects.filter(action__plan=plan).values_list("status_id").annotate(n=Count("id"))
                .order_by())
    current = dict(plan.actions.live().filter(status__isnull=False).values_list("status_id")
                   .annotate(n=Count("id")).order_by())
    for option in options:
        option.update_count, option.action_count = used.get(option.pk, 0), current.get(option.pk, 0)
    in_use = [option for option in options if option.retired_at is None]
    return render(request, "plans/status_scale.html", plan_context(
        request, plan, options=options, in_use_count=len(in_use),
        first_id=in_use[0].pk if in_use else None, last_id=in_use[-1].pk if in_use else None))


@require_http_methods(["GET", "POST"])
@login_required
def status_option_create(request, pk):
    plan = _configurable_plan(request, pk)
    form = forms_setup.StatusOptionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            option = services.add_status_option(plan, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"Added the status {option.label}")
            return redirect("plans:status_scale", pk=plan.pk)
    return render(request, "plans/status_option_form.html", plan_context(
        request, plan, form=form, title="Add a status"))


@require_http_methods(["GET", "POST"])
@login_required
def status_option_edit(request, pk):
    option = _option(request, pk)
    plan = option.plan
    form = forms_setup.StatusOptionForm(posted(request), option=option)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_status_option(option, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"Saved the status {option.label}")
            return redirect("plans:status_scale", pk=plan.pk)
    return render(request, "plans/status_option_form.html", plan_context(
        request, plan, form=form, option=option, title=f"Change the status {option.label}"))


@require_POST
@login_required
def status_option_move(request, pk):
    option = _option(request, pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        raise Http404("No such direction")
    services.move_status_option(option, by=request.user, up=direction == "up")
    messages.success(request, f"Moved {option.label} {direction}")
    return redirect("plans:status_scale", pk=option.plan_id)


@require_http_methods(["GET", "POST"])
@login_required
def status_option_retire(request, pk):
    """Confirm, then stop offering a status for new updates (history keeps it)."""
    option = _option(request, pk)
    plan = option.plan
    error = ""
    if request.method == "POST":
        try:
            services.retire_status_option(option, by=request.user)
        except ValidationError as problem:
            error = problem.messages[0]
        else:
            messages.success(request, f"Retired the status {option.label}: it is no longer offered for new updates")
            return redirect("plans:status_scale", pk=plan.pk)
    updates, actions = queries.uses_of_status(option)
    return render(request, "plans/status_option_retire.html", plan_context(
        request, plan, option=option, update_count=updates, action_count=actions, error=error,
        has_errors=bool(error)))


@require_POST
@login_required
def status_option_restore(request, pk):
    option = _option(request, pk)
    services.restore_status_option(option, by=request.user)
    messages.success(request, f"{option.label} is offered for new updates again")
    return redirect("plans:status_scale", pk=option.plan_id)


# ---- partner authorities ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def plan_partners(request, pk):
    """The authorities the plan is shared with, and a form to share it with another."""
    plan = ui.plan_or_404(request.user, pk, "plan.manage")
    partners = list(plan.partner_authorities.order_by("name"))
    choices = list(LocalAuthority.objects.exclude(Q(pk=plan.local_authority_id) | Q(pk__in=[p.pk for p in partners]))
                   .order_by("name"))
    form = forms_setup.PartnerForm(posted(request), authorities=choices)
    if request.method == "POST" and form.is_valid():
        authority = form.cleaned_data["local_authority"]
        try:
            services.add_partner_authority(plan, local_authority=authority, by=request.user)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"Shared the plan with {authority.name}")
            return redirect("plans:plan_partners", pk=plan.pk)
    return render(request, "plans/plan_partners.html", plan_context(request, plan, form=form, partners=partners))


@require_POST
@login_required
def partner_remove(request, pk, authority_pk):
    plan = ui.plan_or_404(request.user, pk, "plan.manage")
    authority = plan.partner_authorities.filter(pk=authority_pk).first()
    if authority is None:
        raise Http404("Not a partner in this plan")
    services.remove_partner_authority(plan, local_authority=authority, by=request.user)
    messages.success(request, f"The plan is no longer shared with {authority.name}")
    return redirect("plans:plan_partners", pk=plan.pk)
