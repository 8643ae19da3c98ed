"""The API's addresses: /api/v1/ (the record), /api/schema/ (OpenAPI 3), /api/docs/."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.decorators import api_view, schema
from rest_framework.exceptions import NotFound
from rest_framework.routers import DefaultRouter

from quotes.api import views

app_name = "api"


class Router(DefaultRouter):
    include_format_suffixes = False  # JSON only: no /statements.json beside /statements/


router = Router()
router.register("statements", views.StatementViewSet, basename="statement")
router.register("leaders", views.LeaderViewSet, basename="leader")
router.register("sources", views.SourceViewSet, basename="source")
router.register("topics", views.TopicViewSet, basename="topic")
router.register("events", views.EventViewSet, basename="event")


@api_view(["GET", "HEAD"])
@schema(None)
def not_found(request, path=""):
    raise NotFound("No such API address: /api/docs/ lists them.")


urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views.documentation, name="docs"),
    # Any other address ending in a slash is a JSON 404; without the slash, Django's
    # APPEND_SLASH first tries it with one (/api/v1/statements → /api/v1/statements/).
    re_path(r"^.*/$", not_found),
]
