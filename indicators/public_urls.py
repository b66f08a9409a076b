"""The public dashboard, mounted at /dashboard/: no sign-in, published figures only."""

from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("", views.public_index, name="index"),
    path("<str:code>/", views.public_authority, name="authority"),
]
