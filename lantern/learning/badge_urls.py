"""The Open Badges issuer's public documents, mounted at /badges/ (ADR 11)."""

from django.urls import path

from lantern.learning import views

app_name = "badges"

urlpatterns = [
    path("issuer/", views.badge_issuer, name="issuer"),
    path("keys/<str:thumbprint>/", views.badge_key, name="key"),
    path("status/<int:number>/", views.badge_status_list, name="status_list"),
]
