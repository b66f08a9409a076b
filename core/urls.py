from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import forms, views

app_name = "core"

urlpatterns = [
    path("", views.start, name="start"),
    path("home/", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("ping", views.ping, name="ping"),
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("signed-out/", views.signed_out, name="signed_out"),
    path("password-reset/", auth_views.PasswordResetView.as_view(
        form_class=forms.PasswordResetForm,
        template_name="core/password_reset_form.html",
        email_template_name="core/email/password_reset.txt",
        subject_template_name="core/email/password_reset_subject.txt",
        success_url=reverse_lazy("core:password_reset_done"),
    ), name="password_reset"),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(
        template_name="core/password_reset_done.html"), name="password_reset_done"),
    path("password-reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        form_class=forms.SetPasswordForm,
        template_name="core/password_reset_confirm.html",
        success_url=reverse_lazy("core:password_reset_complete"),
    ), name="password_reset_confirm"),
    path("password-reset/done/", auth_views.PasswordResetCompleteView.as_view(
        template_name="core/password_reset_complete.html"), name="password_reset_complete"),
    path("users/", views.user_list, name="user_list"),
    path("users/add/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/edit/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/roles/add/", views.role_add, name="role_add"),
    path("users/<int:pk>/roles/<int:assignment_pk>/remove/", views.role_remove, name="role_remove"),
    path("users/<int:pk>/unlock/", views.user_unlock, name="user_unlock"),
    path("users/<int:pk>/active/", views.user_set_active, name="user_set_active"),
    path("audit/", views.audit_list, name="audit_list"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("cookies/", views.cookies, name="cookies"),
    path("privacy/", views.privacy, name="privacy"),
]
