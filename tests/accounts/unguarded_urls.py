from django.http import HttpResponse
from django.urls import path

from resilience.config.urls import urlpatterns as site_urlpatterns


def unguarded(request):  # deliberately carries no access rule
    return HttpResponse("secret")


urlpatterns = [path("unguarded/", unguarded), *site_urlpatterns]
