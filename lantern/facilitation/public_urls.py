"""Public booking, check-in and evaluation pages (mounted at /book/)."""

from django.urls import path

from lantern.facilitation import public_views as views

app_name = "facilitation_public"

urlpatterns = [
    path("check-in/", views.checkin_code, name="checkin_code"),
    path("check-in/<str:token>/", views.checkin, name="checkin"),
    path("manage/<str:token>/", views.booking, name="booking"),
    path("manage/<str:token>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("manage/<str:token>/certificate.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("manage/<str:token>/badge.svg", views.certificate_badge, name="certificate_badge"),
    path("evaluate/<str:token>/<str:phase>/", views.evaluate, name="evaluate"),
    path("<str:token>/", views.book, name="book"),
]
