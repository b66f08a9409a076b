from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.plan_create, name="plan_create"),
    path("import/", views.plan_import, name="plan_import"),
    path("import/columns/", views.plan_import_columns, name="plan_import_columns"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/actions/", views.action_list, name="action_list"),
    path("<int:pk>/my-actions/", views.my_actions, name="my_actions"),
    path("<int:pk>/timeline/", views.plan_gantt, name="plan_gantt"),
    path("<int:pk>/sections/new/", views.section_create, name="section_create"),
    path("<int:pk>/actions/new/", views.action_create, name="action_create"),
    path("<int:pk>/cycles/", views.cycle_list, name="cycle_list"),
    path("<int:pk>/cycles/new/", views.cycle_create, name="cycle_create"),
    path("<int:pk>/coverage/", views.plan_coverage, name="plan_coverage"),
    path("<int:pk>/inspections/new/", views.inspection_create, name="inspection_create"),
    path("<int:pk>/inspections/<int:inspection_pk>/findings/new/", views.finding_create, name="finding_create"),
    path("<int:pk>/export.<str:fmt>", views.plan_export, name="plan_export"),
    path("sections/<int:pk>/edit/", views.section_edit, name="section_edit"),
    path("actions/<int:pk>/", views.action_detail, name="action_detail"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/update/", views.update_create, name="update_create"),
    path("actions/<int:pk>/sources/", views.action_sources, name="action_sources"),
    path("actions/<int:pk>/indicators/", views.action_indicators, name="action_indicators"),
    path("indicator-links/<int:pk>/remove/", views.indicator_unlink, name="indicator_unlink"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("cycles/<int:pk>/report/", views.cycle_report, name="cycle_report"),
    path("cycles/<int:pk>/report.<str:fmt>", views.cycle_report_file, name="cycle_report_file"),
]
