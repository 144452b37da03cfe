"""Root URLs. Every view is wrapped in a route policy (lantern.core.permissions); there is no
Django admin: platform administration goes through Lantern's own audited pages."""

from django.urls import include, path

from lantern.core.api import api_urls

urlpatterns = [
    path("", include("lantern.core.urls")),
    path("", include("lantern.accounts.urls")),
    path("standards/", include("lantern.standards.urls")),
    path("learning/", include("lantern.learning.urls")),
    path("verify/", include("lantern.learning.verify_urls")),
    path("badges/", include("lantern.learning.badge_urls")),
    path("lms/", include("lantern.learning.lms_urls")),
    path("worried/", include("lantern.respond.urls")),
    path("facilitation/", include("lantern.facilitation.urls")),
    path("book/", include("lantern.facilitation.public_urls")),
    path("cases/", include("lantern.support.urls")),
    path("services/", include("lantern.directory.urls")),
    path("api/v1/", api_urls()),
]

handler400 = "lantern.core.views.bad_request"
handler403 = "lantern.core.views.permission_denied"
handler404 = "lantern.core.views.page_not_found"
handler500 = "lantern.core.views.server_error"
