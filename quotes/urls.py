from django.contrib import admin
from django.urls import include, path

from quotes.reliability.views import healthz

admin.site.site_header = "Verbatim editors"
admin.site.site_title = "Verbatim editors"
admin.site.index_title = "The record"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/", include("quotes.api.urls")),
    path("", include("quotes.public.urls")),
]

handler500 = "quotes.reliability.views.server_error"
