"""The site's URLs and error handlers, plus one page that fails, to see the 500 page answer."""

from django.urls import path

from community.urls import handler400, handler403, handler404, handler429, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler429", "handler500", "urlpatterns"]


def failing_page(request):
    raise RuntimeError("a bug in a page")


urlpatterns = [*urlpatterns, path("failing-page/", failing_page)]
