"""Public certificate check, mounted at /verify/ so the QR code's address stays short."""

from django.urls import path

from lantern.learning import views

app_name = "verify"

urlpatterns = [
    path("", views.verify_start, name="start"),
    path("badge/", views.verify_badge, name="badge"),
    path("<str:code>/", views.verify_code, name="code"),
]
