from django.urls import path

from lantern.respond import flow, views

app_name = "respond"

urlpatterns = [
    path("", views.start, name="start"),
    *[path(f"{step}/", views.question, {"step": step}, name=step) for step in flow.STEPS],
    path("check/", views.check, name="check"),
    path("result/", views.result, name="result"),
    path("drafts/", views.draft_list, name="draft_list"),
    path("drafts/new/", views.draft_create, name="draft_create"),
    path("drafts/<uuid:draft_id>/", views.draft_detail, name="draft_detail"),
    path("drafts/<uuid:draft_id>/edit/", views.draft_edit, name="draft_edit"),
    path("drafts/<uuid:draft_id>/pdf/", views.draft_pdf_download, name="draft_pdf"),
    path("drafts/<uuid:draft_id>/delete/", views.draft_delete, name="draft_delete"),
    path("pathways/", views.pathways, name="pathways"),
    path("pathways/<uuid:org_id>/", views.pathway_edit, name="pathway_edit"),
]
