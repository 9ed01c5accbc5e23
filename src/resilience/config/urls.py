from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from resilience.accounts.access import public
from resilience.core import views as core_views

admin_login = public(RedirectView.as_view(pattern_name="accounts:sign_in", query_string=True))

urlpatterns = [
    path("", include("resilience.core.urls")),
    path("", include("resilience.accounts.urls")),
    path("", include("resilience.records.urls")),
    path("outreach/", include("resilience.outreach.urls")),
    path("impact/", include("resilience.impact.urls")),
    path("simulations/", include("resilience.catalogue.urls")),
    path("", include("resilience.live.urls")),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("admin/login/", admin_login),
    path("admin/", admin.site.urls),
]

handler403 = "resilience.core.errors.forbidden"
handler404 = "resilience.core.errors.not_found"
handler500 = "resilience.core.errors.server_error"
