from django.urls import path

from lantern.support import views

app_name = "support"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_create, name="case_create"),
    path("emergency-access/", views.break_glass, name="break_glass"),
    path("dpo/", views.dpo_cases, name="dpo_cases"),
    path("dpo/retention/", views.dpo_retention, name="dpo_retention"),
    path("dpo/<uuid:case_id>/hold/", views.case_retention_hold, name="case_retention_hold"),
    path("dpo/<uuid:case_id>/hold/lift/", views.case_retention_lift, name="case_retention_lift"),
    path("dpo/<uuid:case_id>/history/", views.case_access_history, name="case_access_history"),
    path(
        "dpo/<uuid:case_id>/subject-access/",
        views.case_subject_access_review,
        name="case_subject_access_review",
    ),
    path(
        "dpo/<uuid:case_id>/subject-access/withhold/",
        views.case_subject_access_withhold,
        name="case_subject_access_withhold",
    ),
    path(
        "dpo/<uuid:case_id>/subject-access/include/",
        views.case_subject_access_include,
        name="case_subject_access_include",
    ),
    path(
        "dpo/<uuid:case_id>/subject-access/document/",
        views.case_subject_access_document,
        name="case_subject_access_document",
    ),
    path(
        "dpo/<uuid:case_id>/subject-access.pdf",
        views.case_subject_access_pdf,
        name="case_subject_access_pdf",
    ),
    path(
        "dpo/<uuid:case_id>/subject-access.json",
        views.case_subject_access,
        name="case_subject_access",
    ),
    path("<uuid:case_id>/", views.case_detail, name="case_detail"),
    path("<uuid:case_id>/details/", views.case_edit, name="case_edit"),
    path("<uuid:case_id>/plan/", views.case_plan, name="case_plan"),
    path("<uuid:case_id>/plan/submit/", views.case_plan_submit, name="case_plan_submit"),
    path("<uuid:case_id>/plan/approve/", views.case_plan_approve, name="case_plan_approve"),
    path("<uuid:case_id>/plan.pdf", views.case_plan_pdf, name="case_plan_pdf"),
    path("<uuid:case_id>/sharing/", views.case_share, name="case_share"),
    path(
        "<uuid:case_id>/sharing/<uuid:share_id>/referral/",
        views.case_share_referral,
        name="case_share_referral",
    ),
    path(
        "<uuid:case_id>/sharing/<uuid:share_id>/referral.pdf",
        views.case_share_referral_pdf,
        name="case_share_referral_pdf",
    ),
    path("<uuid:case_id>/access/", views.case_access, name="case_access"),
    path("<uuid:case_id>/close/", views.case_close, name="case_close"),
    path("<uuid:case_id>/close/approve/", views.case_close_approve, name="case_close_approve"),
    path("<uuid:case_id>/close/decline/", views.case_close_decline, name="case_close_decline"),
    path("<uuid:case_id>/htcds.json", views.case_export_htcds, name="case_export_htcds"),
    path("<uuid:case_id>/<slug:section>/", views.case_section, name="case_section"),
    path(
        "<uuid:case_id>/<slug:section>/<uuid:entry_id>/",
        views.case_section_entry,
        name="case_section_entry",
    ),
]
