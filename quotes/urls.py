from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Verbatim editors"
admin.site.site_title = "Verbatim editors"
admin.site.index_title = "The record"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("quotes.public_urls")),
]
