import csv

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import access, services
from .forms import AuditFilterForm, NewUserForm, RoleForm, SignInForm, UserForm
from .http import posted
from .models import AuditEvent, RoleAssignment, User
from .queries import home_identity, home_sections, roles_by_authority, url_or_none, users_visible_to


@require_GET
def start(request):
    if request.user.is_authenticated:
        return redirect("core:home")
    return render(request, "core/start.html", {"public_dashboard_url": url_or_none("public:index")})


def ping(request):
    """The benchmarks' baseline: the cheapest view Django can serve."""
    return HttpResponse("pong", content_type="text/plain")


@require_GET
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@require_GET
@login_required
def home(request):
    user = request.user
    return render(request, "core/home.html", {
        "identity": home_identity(user),
        # Callables: the template calls them only when its cached body is missing.
        "sections": lambda: home_sections(user),
        "roles": lambda: roles_by_authority(user),
    })


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("core:home")


@require_http_methods(["GET", "POST"])
def sign_in(request):
    if request.user.is_authenticated and request.method == "GET":
        return redirect("core:home")
    form = SignInForm(posted(request))
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        account = User.objects.filter(email__iexact=email).first()
        if account is not None and services.account_locked(account):
            form.add_error(None, "This account is locked after too many failed attempts to sign in. "
                                 "Try again in 15 minutes, or reset your password.")
        else:
            user = authenticate(request, username=email, password=form.cleaned_data["password"])
            if user is None:
                services.record_failed_sign_in(email, account)
                form.add_error(None, "Enter a correct email address and password")
            else:
                login(request, user)
                services.record_sign_in(user)
                return redirect(_safe_next(request))
    return render(request, "core/sign_in.html", {"form": form, "next": request.GET.get("next", "")})


@require_POST
def sign_out(request):
    if request.user.is_authenticated:
        services.record_sign_out(request.user)
    logout(request)
    return redirect("core:signed_out")


@require_GET
def signed_out(request):
    return render(request, "core/signed_out.html")


def _visible_user_or_404(request, pk) -> User:
    access_ids = access.authority_ids_for(request.user, "users.manage")
    if not access_ids:
        raise Http404("No such user")
    return get_object_or_404(users_visible_to(access_ids), pk=pk)


@require_GET
@login_required
def user_list(request):
    authority_ids = access.authority_ids_for(request.user, "users.manage")
    if not authority_ids:
        raise Http404("No such page")
    query = request.GET.get("q", "").strip()
    users = users_visible_to(authority_ids)
    if query:
        users = users.filter(Q(full_name__icontains=query) | Q(email__icontains=query) | Q(organisation__icontains=query))
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "core/user_list.html", {"page_obj": page, "users": page.object_list, "q": query})


@require_http_methods(["GET", "POST"])
@login_required
def user_create(request):
    authorities = list(access.authorities_for(request.user, "users.manage"))
    if not authorities:
        raise Http404("No such page")
    form = NewUserForm(posted(request), authorities=authorities)
    if request.method == "POST" and form.is_valid():
        user = services.create_user(
            email=form.cleaned_data["email"], full_name=form.cleaned_data["full_name"],
            organisation=form.cleaned_data["organisation"], job_title=form.cleaned_data["job_title"],
            role=form.cleaned_data["role"], local_authority=form.cleaned_data["local_authority"], by=request.user,
        )
        messages.success(request, f"Account created for {user.full_name}. They can set a password with ‘Forgotten your password?’ on the sign-in page.")
        return redirect("core:user_detail", pk=user.pk)
    return render(request, "core/user_form.html", {"form": form, "title": "Add a user"})


@require_GET
@login_required
def user_detail(request, pk):
    person = _visible_user_or_404(request, pk)
    manageable = set(access.authority_ids_for(request.user, "users.manage"))
    assignments = person.role_assignments.select_related("local_authority")
    return render(request, "core/user_detail.html", {
        "person": person,
        "assignments": [(a, a.local_authority_id in manageable) for a in assignments],
        "locked": services.account_locked(person),
    })


@require_http_methods(["GET", "POST"])
@login_required
def user_edit(request, pk):
    person = _visible_user_or_404(request, pk)
    form = UserForm(posted(request), instance=person)
    if request.method == "POST" and form.is_valid():
        services.update_user(User.objects.get(pk=person.pk), by=request.user,
                             **{name: form.cleaned_data[name] for name in form.Meta.fields})
        messages.success(request, "Details saved")
        return redirect("core:user_detail", pk=person.pk)
    return render(request, "core/user_form.html", {"form": form, "title": f"Change details for {person.full_name}", "person": person})


@require_http_methods(["GET", "POST"])
@login_required
def role_add(request, pk):
    person = _visible_user_or_404(request, pk)
    authorities = list(access.authorities_for(request.user, "users.manage"))
    form = RoleForm(posted(request), authorities=authorities)
    if request.method == "POST" and form.is_valid():
        services.assign_role(person, role=form.cleaned_data["role"], local_authority=form.cleaned_data["local_authority"], by=request.user)
        messages.success(request, "Role added")
        return redirect("core:user_detail", pk=person.pk)
    return render(request, "core/role_form.html", {"form": form, "person": person})


@require_http_methods(["GET", "POST"])
@login_required
def role_remove(request, pk, assignment_pk):
    person = _visible_user_or_404(request, pk)
    manageable = access.authority_ids_for(request.user, "users.manage")
    assignment = get_object_or_404(RoleAssignment.objects.select_related("local_authority"),
                                   pk=assignment_pk, user=person, local_authority_id__in=manageable)
    if request.method == "POST":
        services.remove_role(assignment, by=request.user)
        messages.success(request, "Role removed")
        return redirect("core:user_detail", pk=person.pk)
    return render(request, "core/role_remove.html", {"person": person, "assignment": assignment})


@require_POST
@login_required
def user_unlock(request, pk):
    person = _visible_user_or_404(request, pk)
    services.unlock_account(person, by=request.user)
    messages.success(request, "Account unlocked")
    return redirect("core:user_detail", pk=person.pk)


def _with_header(header, rows):
    yield header
    yield from rows


@require_POST
@login_required
def user_set_active(request, pk):
    person = _visible_user_or_404(request, pk)
    if person == request.user:
        messages.success(request, "You cannot deactivate your own account")
    elif request.POST.get("active") == "yes":
        services.reactivate_user(person, by=request.user)
        messages.success(request, f"{person.full_name} can sign in again")
    else:
        services.deactivate_user(person, by=request.user)
        messages.success(request, f"{person.full_name} can no longer sign in")
    return redirect("core:user_detail", pk=person.pk)


class _Echo:
    def write(self, value):
        return value


@require_GET
@login_required
def audit_list(request):
    authority_ids = access.authority_ids_for(request.user, "audit.view")
    if not authority_ids:
        raise Http404("No such page")
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.filter(
        Q(local_authority_id__in=authority_ids) | Q(local_authority__isnull=True, actor__role_assignments__local_authority_id__in=authority_ids)
        | Q(local_authority__isnull=True, actor__isnull=True)
    ).distinct().select_related("local_authority")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["actor"]:
            events = events.filter(actor_label__icontains=data["actor"])
        if data["object_type"]:
            events = events.filter(object_type__icontains=data["object_type"])
        if data["date_from"]:
            events = events.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            events = events.filter(at__date__lte=data["date_to"])
    if request.GET.get("format") == "csv":
        writer = csv.writer(_Echo())
        header = ["when", "who", "action", "record type", "record id", "record", "local authority", "changes", "note"]
        rows = ([e.at.isoformat(), e.actor_label, e.action, e.object_type, e.object_id, e.object_label,
                 e.local_authority.code if e.local_authority else "", e.changes, e.note] for e in events.iterator())
        lines = (writer.writerow(row) for row in _with_header(header, rows))
        response = StreamingHttpResponse(lines, content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="sendsight-audit.csv"'
        return response
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_list.html", {"form": form, "page_obj": page, "events": page.object_list,
                                                    "has_errors": form.is_bound and bool(form.errors)})


@require_GET
def accessibility(request):
    return render(request, "core/accessibility.html")


@require_GET
def cookies(request):
    return render(request, "core/cookies.html")


@require_GET
def privacy(request):
    return render(request, "core/privacy.html")


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    # Rendered without the request context: the failure may be in a context processor or the database.
    return HttpResponse(render_to_string("500.html", {"service_name": "SENDsight"}), status=500)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)

