from django.urls import path

from . import views, views_teams

app_name = "cases"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/caseload/", views.caseload, name="caseload"),
    path("<str:code>/caseload/team/", views.team_caseload, name="team_caseload"),
    path("<str:code>/caseload/officers/", views.officer_caseloads, name="officer_caseloads"),
    path("<str:code>/early-warning/", views.early_warning, name="early_warning"),
    path("<str:code>/early-warning/reviews/", views.early_warning_reviews, name="early_warning_reviews"),
    path("<str:code>/early-warning/other-duties/", views.early_warning_duties, name="early_warning_duties"),
    path("<str:code>/backlog/", views.backlog, name="backlog"),
    path("<str:code>/backlog/reviews-overdue/", views.backlog_reviews, name="backlog_reviews"),
    path("<str:code>/backlog/amendments-waiting/", views.backlog_amendments, name="backlog_amendments"),
    path("<str:code>/cases/new/", views.case_create, name="case_create"),
    path("<str:code>/cases/transfer-in/", views.case_transfer_in, name="case_transfer_in"),
    path("<str:code>/cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("<str:code>/cases/<int:pk>/assign/", views.case_assign, name="case_assign"),
    path("<str:code>/cases/<int:pk>/record/<slug:event>/", views.case_event, name="case_event"),
    path("<str:code>/cases/<int:pk>/child/", views.child_edit, name="child_edit"),
    path("<str:code>/cases/<int:pk>/exceptions/<int:exception_pk>/remove/", views.exception_remove,
         name="exception_remove"),
    path("<str:code>/cases/<int:pk>/plan/setting/", views.plan_setting_change, name="plan_setting_change"),
    path("<str:code>/teams/", views_teams.team_list, name="team_list"),
    path("<str:code>/teams/new/", views_teams.team_create, name="team_create"),
    path("<str:code>/teams/move-cases/", views_teams.case_move, name="case_move"),
]
