from django.urls import path

from lantern.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("hsds/services.json", views.directory_hsds, name="hsds"),
    path("manage/", views.manage, name="manage"),
    path("manage/<uuid:org_id>/new/", views.service_add, name="service_add"),
    path("manage/<uuid:org_id>/import/", views.services_import, name="services_import"),
    path("manage/services/<uuid:service_id>/", views.service_edit, name="service_edit"),
    path("manage/services/<uuid:service_id>/check/", views.service_check, name="service_check"),
    path("manage/services/<uuid:service_id>/remove/", views.service_delete, name="service_delete"),
]
