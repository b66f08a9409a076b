"""The scorecard, indicator pages, analysts' forms, exports and the public dashboard.

Thin function views: access through core.access, reads through queries, writes through
services, files through exporters.
"""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods

from core import access, clock
from core.choices import NeighbourSet
from core.models import LocalAuthority

from . import forms, queries, services
from .choices import CommentaryKind, Rag
from .exporters import pdf as pdf_export
from .exporters import xlsx as xlsx_export
from .importers.upload import UploadError


def _indicator_or_404(authority, indicator_code):
    """A catalogue indicator, or one of this authority's own; anything else is 404."""
    indicator = get_object_or_404(queries.catalogue_for(authority), code=indicator_code)
    return indicator


def _scorecard_context(request, authority, *, version: tuple) -> dict:
    catalogue = queries.cached("catalogue", (authority.pk,), lambda: list(queries.catalogue_for(authority)),
                               version=version)
    form = forms.ScorecardFilterForm(request.GET or None, owners=queries.owners(catalogue))
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    today = clock.today()
    rows = queries.scorecard_rows(authority, today=today, theme=filters.get("theme", ""),
                                  owner=filters.get("owner", ""), rag=filters.get("rag", ""), catalogue=catalogue,
                                  version=version)
    counts = {status: sum(1 for r in rows if r.rag == status) for status in Rag.values}
    return {"authority": authority, "rows": rows, "filter_form": form, "counts": counts,
            "filtered": bool(filters and any(filters.values())), "today": today,
            "can_edit": access.can(request.user, "indicator.edit", authority)}


@require_GET
@login_required
def index(request):
    """Send people to their authority's scorecard, or let them choose if they work for several."""
    authorities = list(access.authorities_for(request.user, "indicator.view"))
    if not authorities:
        raise Http404("No scorecard")
    if len(authorities) == 1:
        return redirect("indicators:scorecard", code=authorities[0].code)
    return render(request, "indicators/scorecard_choose.html", {"authorities": authorities})


@require_GET
@login_required
def scorecard(request, code):
    authority = access.authority_or_404(request.user, code, "indicator.view")
    version = queries.data_version()
    # The page body depends only on the authority, what the filters ask for, whether the user may
    # edit, the day and the figures: built once, then reused by every request that asks the same.
    asked = (bool(request.GET), *(request.GET.get(name, "") for name in ("theme", "owner", "rag")))
    can_edit = access.can(request.user, "indicator.edit", authority)
    key = (authority.pk, asked, can_edit, clock.today())

    def build():
        context = _scorecard_context(request, authority, version=version)
        context["table_html"] = mark_safe(render_to_string(  # noqa: S308 - our own template's output
            "indicators/includes/scorecard_table.html", {"rows": context["rows"], "authority": authority}))
        return mark_safe(render_to_string("indicators/includes/scorecard_body.html", context))  # noqa: S308

    body = queries.cached("scorecard-body", key, build, version=version)
    return render(request, "indicators/scorecard_detail.html", {"authority": authority, "body": body})


@require_GET
@login_required
def scorecard_history(request, code):
    authority = access.authority_or_404(request.user, code, "indicator.view")
    context = _scorecard_context(request, authority, version=queries.data_version())
    months = 36 if request.GET.get("months") == "36" else 12
    columns = queries.history_columns(context["rows"], months)
    context.update({"months": months, "columns": columns,
                    "grid": queries.history_grid(context["rows"], columns)})
    return render(request, "indicators/scorecard_history.html", context)


@require_GET
@login_required
def scorecard_xlsx(request, code):
    authority = access.authority_or_404(request.user, code, "indicator.view")
    rows = queries.scorecard_rows(authority, today=clock.today())
    content = xlsx_export.scorecard_workbook(authority, rows, today=clock.today())
    response = HttpResponse(content, content_type=xlsx_export.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="scorecard-{authority.code}-{clock.today():%Y-%m-%d}.xlsx"'
    return response


@require_GET
@login_required
def scorecard_pdf(request, code):
    authority = access.authority_or_404(request.user, code, "indicator.view")
    rows = queries.scorecard_rows(authority, today=clock.today())
    content = pdf_export.board_pack(authority, rows, today=clock.today(), base_url=request.build_absolute_uri("/"))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="board-pack-{authority.code}-{clock.today():%Y-%m-%d}.pdf"'
    return response


@require_GET
@login_required
def indicator_detail(request, code, indicator_code):
    authority = access.authority_or_404(request.user, code, "indicator.view")
    indicator = _indicator_or_404(authority, indicator_code)
    neighbour_set = request.GET.get("neighbours", NeighbourSet.SN_2025)
    if neighbour_set not in NeighbourSet.values:
        neighbour_set = NeighbourSet.SN_2025
    view = queries.indicator_view(indicator, authority, today=clock.today(), neighbour_set=neighbour_set)
    return render(request, "indicators/indicator_detail.html", {
        "authority": authority, "indicator": indicator, "view": view, "neighbour_set": neighbour_set,
        "neighbour_sets": NeighbourSet.choices,
        "can_edit": access.can(request.user, "indicator.edit", authority),
        "can_comment": access.can(request.user, "indicator.comment", authority),
    })


@require_GET
@login_required
def indicator_csv(request, code, indicator_code):
    authority = access.authority_or_404(request.user, code, "indicator.view")
    indicator = _indicator_or_404(authority, indicator_code)
    view = queries.indicator_view(indicator, authority, today=clock.today())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{indicator.code}-{authority.code}.csv"'
    writer = csv.writer(response)
    writer.writerow(["indicator", "period", "period_start", "period_end", "area", "value",
                     "england", "region", "neighbours_mean", "lower_quartile", "upper_quartile", "rank", "of"])
    for row in view.rows:
        point = row["point"]
        writer.writerow([indicator.code, row["label"], point.start, point.end, authority.code, _csv(row["local"]),
                         _csv(row["england"]), _csv(row["region"]), _csv(row["neighbours_mean"]),
                         _csv(row["lower_quartile"]), _csv(row["upper_quartile"]), row["rank"] or "", row["of"]])
    for point in view.local_points:
        writer.writerow([indicator.code, point.label, point.start, point.end, authority.code, _csv(point.value),
                         "", "", "", "", "", "", ""])
    return response


def _errors_to_form(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field if the form has one."""
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            for problem in problems:
                form.add_error(field if field in form.fields else None, problem)
    else:
        for problem in error.messages:
            form.add_error(None, problem)


def _csv(value):
    return "" if value is None else round(value, 3)


def _posted(request, *, files: bool = False) -> tuple:
    """Form data for a POST (even an empty one, so it is validated), nothing for a GET."""
    if request.method != "POST":
        return (None, None) if files else (None,)
    return (request.POST, request.FILES) if files else (request.POST,)


def _indicator_url(authority, indicator):
    return reverse("indicators:indicator_detail", args=[authority.code, indicator.code])


@require_http_methods(["GET", "POST"])
@login_required
def value_create(request, code, indicator_code):
    authority = access.authority_or_404(request.user, code, "indicator.edit")
    indicator = _indicator_or_404(authority, indicator_code)
    form = forms.ValueForm(*_posted(request), today=clock.today(), indicator=indicator)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_value(
                indicator=indicator, local_authority=authority, period=data["period_obj"], value=data["value"],
                numerator=data["numerator"], denominator=data["denominator"], note=data["note"], by=request.user,
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, f"Value saved for {indicator.title}")
            return redirect(_indicator_url(authority, indicator))
    return render(request, "indicators/value_form.html", {"authority": authority, "indicator": indicator, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def target_set(request, code, indicator_code):
    authority = access.authority_or_404(request.user, code, "indicator.edit")
    indicator = _indicator_or_404(authority, indicator_code)
    current = indicator.targets.filter(local_authority=authority, is_current=True).first()
    initial = {}
    if current:
        initial = {"baseline_value": current.baseline_value, "baseline_date": current.baseline_date,
                   "target_value": current.target_value, "target_date": current.target_date}
    form = forms.TargetForm(*_posted(request), initial=initial, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_target(
                indicator=indicator, local_authority=authority, baseline_value=data["baseline_value"],
                baseline_date=data["baseline_date"], target_value=data["target_value"],
                target_date=data["target_date"], note=data["note"], by=request.user,
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, f"Target saved for {indicator.title}")
            return redirect(_indicator_url(authority, indicator))
    return render(request, "indicators/target_form.html", {
        "authority": authority, "indicator": indicator, "form": form, "current": current})


@require_http_methods(["GET", "POST"])
@login_required
def commentary_create(request, code, indicator_code):
    authority = access.authority_or_404(request.user, code, "indicator.comment")
    indicator = _indicator_or_404(authority, indicator_code)
    view = queries.indicator_view(indicator, authority, today=clock.today())
    form = forms.CommentaryForm(*_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_commentary(
                indicator=indicator, local_authority=authority, text=form.cleaned_data["text"],
                kind=CommentaryKind.EXCEPTION if view.rag == Rag.RED else CommentaryKind.UPDATE,
                period=view.latest_period, rag=view.rag or "", by=request.user,
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, f"Commentary added to {indicator.title}")
            return redirect(_indicator_url(authority, indicator))
    return render(request, "indicators/commentary_form.html", {
        "authority": authority, "indicator": indicator, "form": form, "view": view})


@require_http_methods(["GET", "POST"])
@login_required
def indicator_create(request, code):
    authority = access.authority_or_404(request.user, code, "indicator.edit")
    form = forms.IndicatorForm(*_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services.create_indicator(local_authority=authority, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, f"{indicator.title} added to the scorecard")
            return redirect(_indicator_url(authority, indicator))
    return render(request, "indicators/indicator_form.html", {"authority": authority, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def value_upload(request, code):
    authority = access.authority_or_404(request.user, code, "indicator.edit")
    form = forms.UploadForm(*_posted(request, files=True))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.upload_values(local_authority=authority, content=upload.read(), file_name=upload.name,
                                            by=request.user)
        except UploadError as error:
            for problem in error.errors:
                form.add_error("file", problem)
        else:
            messages.success(request, f"{result.created} value{'s' if result.created != 1 else ''} added from "
                                      f"{upload.name} ({result.unchanged} unchanged)")
            return redirect("indicators:scorecard", code=authority.code)
    return render(request, "indicators/value_upload.html", {"authority": authority, "form": form})


# ---- the public dashboard: no sign-in, no personal data, no cookies --------------------------

def _public(response):
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


def _public_page(request, key: tuple, build_context, template: str) -> HttpResponse:
    """Render a public page. For visitors with no cookies (no session, no messages) the page is
    the same for everyone, so the rendered page is reused until a figure changes.

    ``build_context(version)`` gives the template's context."""
    version = queries.data_version()
    if request.COOKIES:
        return _public(render(request, template, build_context(version)))
    content = queries.cached("public-page", key, lambda: render(request, template, build_context(version)).content,
                             version=version)
    return _public(HttpResponse(content))


@require_GET
def public_index(request):
    code = request.GET.get("area", "").strip()
    if code and LocalAuthority.objects.filter(code=code).exists():
        return redirect("public:authority", code=code)
    today = clock.today()

    def context(version):
        authorities = LocalAuthority.objects.select_related("region").order_by("region__name", "name")
        return {**queries.england_dashboard(today=today, version=version), "authorities": authorities,
                "area_error": bool(code)}

    return _public_page(request, ("england", today, bool(code)), context, "indicators/public_index.html")


@require_GET
def public_authority(request, code):
    authority = get_object_or_404(LocalAuthority.objects.select_related("region"), code=code)
    today = clock.today()
    return _public_page(request, ("authority", authority.pk, today),
                        lambda version: queries.authority_dashboard(authority, today=today, version=version),
                        "indicators/public_authority.html")
