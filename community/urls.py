"""Top-level URLs: pages, allauth (web and headless), the admin and the API."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path, re_path

from . import health, pwa
from .api import api_not_found

# Pages get the site's error pages, /api/ and /_allauth/ the API's JSON shape: see community/views.py.
handler400 = "community.views.bad_request"
handler403 = "community.views.permission_denied"
handler404 = "community.views.page_not_found"
handler500 = "community.views.server_error"
# Not Django's: allauth looks it up here to answer its rate-limited pages.
handler429 = "community.views.too_many_requests"

# The admin has no password form of its own: staff sign in on the site, with its rate limits.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", include("streaks.home_urls")),  # a member's home is their count
    path("", include("safety.urls")),
    path("healthz", health.healthz, name="healthz"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("accounts/", include("allauth.urls")),
    # We never ask for phone numbers; allauth routes its phone endpoints regardless.
    re_path(r"^_allauth/(?:app|browser)/v1/(?:account/phone|auth/phone/verify(?:/resend)?)$", api_not_found),
    path("_allauth/", include("allauth.headless.urls")),
    path("members/", include("accounts.urls")),
    path("partners/", include("accounts.partner_urls")),
    path("streak/", include("streaks.urls")),
    path("forum/", include("forum.urls")),
    path("api/v1/", include("community.api_urls")),
    path("admin/", admin.site.urls),
]
