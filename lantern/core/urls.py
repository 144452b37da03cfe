from django.urls import path

from lantern.core import views

app_name = "core"

urlpatterns = [
    path("", views.start, name="start"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("cookies/", views.cookies, name="cookies"),
    path("healthz", views.healthz, name="healthz"),
]
