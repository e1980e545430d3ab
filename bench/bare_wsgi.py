"""The ceiling of the stack: one Django view that runs `SELECT 1`, with the site's settings and database.

Served by gunicorn beside the site in `bench/run.py` (`bench.bare_wsgi:application`), with the same
settings, middleware, database and gunicorn configuration; only the URLconf differs.
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings.production")


def bare(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("", bare)]

application = get_wsgi_application()
settings.ROOT_URLCONF = __name__
