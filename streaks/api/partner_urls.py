from django.urls import path

from . import partners

urlpatterns = [
    path("", partners.PartnerListView.as_view(), name="api-partners"),
]
