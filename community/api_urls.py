"""The JSON API under /api/v1/, with its OpenAPI schema and Swagger UI."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .api import api_not_found

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("partners/", include("streaks.api.partner_urls")),
    path("", include("accounts.api.urls")),
    path("", include("safety.api.urls")),
    path("streaks/", include("streaks.api.urls")),
    path("forum/", include("forum.api.urls")),
    path("<path:unknown>", api_not_found),  # keep last
]
