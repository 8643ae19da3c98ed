"""The Permissions-Policy header: the browser features no page of Verbatim uses, turned off.

Django's SecurityMiddleware sends Referrer-Policy and Cross-Origin-Opener-Policy, django-csp
the Content-Security-Policy; this header is the one neither gives. Should a script of ours or
anything injected into a page ask for the camera or a payment, the browser refuses outright.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# The features a news record has no use for. Browsers skip a name they do not know, so the old
# one for interest-based advertising (interest-cohort) stands beside its successor.
DENIED_FEATURES = (
    "accelerometer",
    "browsing-topics",
    "interest-cohort",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "serial",
    "usb",
    "xr-spatial-tracking",
)
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in DENIED_FEATURES)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
