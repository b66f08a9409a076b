from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/", views.scorecard, name="scorecard"),
    path("<str:code>/month-by-month/", views.scorecard_history, name="scorecard_history"),
    path("<str:code>/scorecard.xlsx", views.scorecard_xlsx, name="scorecard_xlsx"),
    path("<str:code>/board-pack.pdf", views.scorecard_pdf, name="scorecard_pdf"),
    path("<str:code>/add/", views.indicator_create, name="indicator_create"),
    path("<str:code>/upload/", views.value_upload, name="value_upload"),
    path("<str:code>/indicator/<slug:indicator_code>/", views.indicator_detail, name="indicator_detail"),
    path("<str:code>/indicator/<slug:indicator_code>/data.csv", views.indicator_csv, name="indicator_csv"),
    path("<str:code>/indicator/<slug:indicator_code>/values/add/", views.value_create, name="value_create"),
    path("<str:code>/indicator/<slug:indicator_code>/target/", views.target_set, name="target_set"),
    path("<str:code>/indicator/<slug:indicator_code>/commentary/add/", views.commentary_create,
         name="commentary_create"),
]
