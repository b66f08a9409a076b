from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("core.urls")),
    path("cases/", include("cases.urls")),
    path("indicators/", include("indicators.urls")),
    path("plans/", include("plans.urls")),
    path("dashboard/", include("indicators.public_urls")),
    path("django-admin/", admin.site.urls),
]

handler403 = "core.views.error_403"
handler404 = "core.views.error_404"
handler500 = "core.views.error_500"
