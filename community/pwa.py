"""The service worker, served from our static files at the site's root so it may act for every page."""

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

SERVICE_WORKER = "js/sw.js"


def _static_text(name: str) -> str:
    found = finders.find(name)
    if found:
        with open(str(found), encoding="utf-8") as source:
            return source.read()
    with staticfiles_storage.open(name) as collected:
        return collected.read().decode()


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(_static_text(SERVICE_WORKER), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    # Browsers look for a new version on each visit; a cached one would delay a fix for a day.
    response["Cache-Control"] = "no-cache"
    return response
