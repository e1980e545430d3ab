from django.urls import path

from . import partner_pages

app_name = "partners"

urlpatterns = [
    path("", partner_pages.partners, name="list"),
    path("invite/", partner_pages.partner_invite, name="invite_create"),
    path("invites/<uuid:token>/", partner_pages.partner_invite_page, name="invite"),
    path("invites/<uuid:token>/accept/", partner_pages.partner_invite_accept, name="invite_accept"),
    path("invites/<uuid:token>/decline/", partner_pages.partner_invite_decline, name="invite_decline"),
    path("sos/", partner_pages.sos, name="sos_send"),
    path("sos/<int:alert_id>/", partner_pages.sos_detail, name="sos"),
    path("<str:handle>/end/", partner_pages.partnership_end, name="end"),
]
