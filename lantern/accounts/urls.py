from django.urls import path

from lantern.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("account/", views.account, name="account"),
    path("account/name/", views.name_change, name="name_change"),
    path("account/password/", views.password_change, name="password_change"),
    path("account/email/", views.email_change, name="email_change"),
    path("account/email/sent/", views.email_change_sent, name="email_change_sent"),
    path(
        "account/email/confirm/<str:token>/",
        views.email_change_confirm,
        name="email_change_confirm",
    ),
    path("account/sign-out-elsewhere/", views.sign_out_elsewhere, name="sign_out_elsewhere"),
    path("account/password-reset/", views.password_reset, name="password_reset"),
    path("account/password-reset/sent/", views.password_reset_sent, name="password_reset_sent"),
    path(
        "account/password-reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("account/welcome/<uidb64>/<token>/", views.welcome_confirm, name="welcome_confirm"),
    path(
        "account/password-reset/complete/",
        views.password_reset_complete,
        name="password_reset_complete",
    ),
    path("account/two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("account/two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("home/", views.home, name="home"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<uuid:org_id>/members/", views.members, name="members"),
    path("organisations/<uuid:org_id>/members/import/", views.staff_import, name="staff_import"),
    path(
        "organisations/<uuid:org_id>/members/<uuid:user_id>/email/",
        views.member_email_change,
        name="member_email_change",
    ),
    path(
        "organisations/<uuid:org_id>/members/<uuid:membership_id>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/events.csv", views.audit_log_csv, name="audit_log_csv"),
]
