"""The API's errors: always JSON, always `{"detail": "...", "errors": {...}}`, each saying what
to do about it (REST framework's `EXCEPTION_HANDLER`)."""

from django.conf import settings
from django.http import Http404
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler

from quotes.reliability import DATABASE_UNAVAILABLE
from quotes.reliability.views import RETRY_AFTER_SECONDS, stopped_at_the_timeout
from quotes.replicas.router import reading_from_replica

BAD_REQUEST = "The request could not be used: see `errors` for each parameter."


class Gone(exceptions.APIException):
    status_code = 410
    default_detail = "This record has been withdrawn."
    default_code = "gone"


def api_exception_handler(exc, context):
    if isinstance(exc, DATABASE_UNAVAILABLE):
        if reading_from_replica():
            return None  # the request runs again on the primary (quotes/replicas/middleware.py)
        return service_unavailable(took_too_long=stopped_at_the_timeout(exc))
    if isinstance(exc, exceptions.Throttled):
        exc.detail = (
            f"Too many requests from this address: the API answers {settings.API_RATE_LIMIT} "
            f"from each. Try again in {exc.wait:.0f} seconds (Retry-After)."
        )
    if isinstance(exc, Http404) and not exc.args:
        exc = Http404("Nothing is published at this address.")
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"request": exc.detail}
        response.data = {"detail": BAD_REQUEST, "errors": errors}
    elif isinstance(exc, exceptions.MethodNotAllowed):
        response.data = {"detail": "The API is read-only: it answers GET, HEAD and OPTIONS."}
    return response


def service_unavailable(took_too_long: bool) -> Response:
    detail = (
        "The request took too long to answer; try again in a moment."
        if took_too_long
        else "The record's database is out of reach for a moment; try again shortly."
    )
    response = Response({"detail": detail}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class ErrorSerializer(serializers.Serializer):
    """What every error answer holds (for the schema)."""

    detail = serializers.CharField(help_text="What went wrong, and what to do about it.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="On a 400: each parameter that could not be used, with why.",
    )
