from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
@login_required
def index(request):
    return render(request, "indicators/index.html")


@require_GET
def public_index(request):
    return render(request, "indicators/public_index.html")
