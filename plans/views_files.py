"""Plan files: importing a plan (upload, then match columns), exporting it, and the board report
as a download or a page to print. Every export, download and print is audited."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core import access
from core.clock import today
from core.http import posted, posted_files

from . import forms_files, services
from . import queries_ui as ui
from .importers import uploads
from .models import ImprovementPlan, ReportingCycle

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
    request.session[IMPORT_SESSION_KEY] = {"path": uploads.keep(content, file_name), "file_name": file_name,
                                           "la": local_authority.pk, "title": title, "kind": kind}


def _discard_upload(request) -> None:
    kept = request.session.pop(IMPORT_SESSION_KEY, None)
    if kept:
        uploads.discard(kept.get("path", ""))


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
    uploads.clean_abandoned()  # a new import starts: tidy away uploads abandoned at the column step
    form = forms_files.ImportForm(posted(request), posted_files(request), authorities=authorities)
    problems = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        content = upload.read()
        plan, problems = _run_import(request, local_authority=data["local_authority"], title=data["title"],
                                     kind=data["kind"], file_name=upload.name, content=content)
        if plan is not None:
            _discard_upload(request)
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
    path = (kept or {}).get("path", "")
    if (not kept or kept.get("la") not in authorities or not uploads.is_kept_upload(path)
            or not default_storage.exists(path)):
        messages.success(request, "Upload the file again to match its columns")
        return redirect("plans:plan_import")
    with default_storage.open(path, "rb") as handle:
        content = handle.read()
    problems = []
    try:
        table = tabular.read_table(kept["file_name"], content)
    except ImportProblems as error:
        _discard_upload(request)
        problems = error.lines()
        return render(request, "plans/plan_import.html", {
            "form": forms_files.ImportForm(authorities=list(authorities.values())), "problems": problems, "has_errors": True})
    form = forms_files.ColumnMappingForm(posted(request), columns=tabular.ALL_COLUMNS, required=tabular.REQUIRED_COLUMNS,
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


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@login_required
def plan_export(request, pk, fmt):
    """The plan as a file: XLSX or CSV in the import layout, or a Word or PDF document."""
    plan = ui.plan_or_404(request.user, pk)
    from . import exporters

    if fmt not in exporters.FORMATS:
        raise Http404("No such format")
    content, content_type = exporters.export_plan(plan, fmt=fmt, today=today())
    services.record_export(plan, by=request.user, fmt=fmt)
    safe = "".join(c if c.isalnum() else "-" for c in plan.title.lower()).strip("-")[:60] or "plan"
    return _attachment(content, content_type, f"{safe}.{fmt}")


@require_GET
@login_required
def plan_print(request, pk):
    """The whole plan as one page laid out for printing (the same content as the Word and PDF files)."""
    plan = ui.plan_or_404(request.user, pk)
    from . import reports

    document = reports.build_plan_document(plan, today=today())
    services.record_export(plan, by=request.user, fmt="print")
    return render(request, "plans/plan_print.html", {"plan": plan, "document": document})


def _cycle(request, pk) -> tuple[ReportingCycle, ImprovementPlan]:
    cycle = ui.record_or_404(request.user, ReportingCycle, pk)
    return cycle, cycle.plan


@require_GET
@login_required
def cycle_report_file(request, pk, fmt):
    """The board highlight report as a PDF or Word file, built by plans/exporters."""
    cycle, plan = _cycle(request, pk)
    from .exporters import CONTENT_TYPES, board_report

    builders = {"pdf": board_report.board_report_pdf, "docx": board_report.board_report_docx}
    if fmt not in builders:
        raise Http404("No such format")
    content = builders[fmt](cycle, today=today())
    services.record_export(plan, by=request.user, fmt=fmt, what="board_report", cycle=cycle)
    return _attachment(content, CONTENT_TYPES[fmt], f"board-report-{cycle.period_start:%Y-%m}-{cycle.pk}.{fmt}")


@require_GET
@login_required
def cycle_report_print(request, pk):
    """The board highlight report on its own, laid out for printing."""
    cycle, plan = _cycle(request, pk)
    from . import reports

    report = reports.board_report(cycle, today=today())
    services.record_export(plan, by=request.user, fmt="print", what="board_report", cycle=cycle)
    return render(request, "plans/cycle_report_print.html", {"plan": plan, "cycle": cycle, "report": report})
