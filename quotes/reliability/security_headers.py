"""The Permissions-Policy header, and the Content-Security-Policy built once per process.

Django's SecurityMiddleware sends Referrer-Policy and Cross-Origin-Opener-Policy, django-csp
the Content-Security-Policy; Permissions-Policy is the one neither gives: the browser features
no page of Verbatim uses, turned off. Should a script of ours or anything injected into a page
ask for the camera or a payment, the browser refuses outright.

django-csp builds its policy strings from the settings for every response, which costs more
than serving a page from the cache does. `ContentSecurityPolicyMiddleware` builds them once
(again when a test overrides the settings) for every response that has no policy of its own
(`csp.decorators`) and no nonce; any other response is left to django-csp as it is.
"""

from collections.abc import Callable

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpRequest, HttpResponse
from django.utils.functional import cached_property

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


# What a view's csp decorators set on its response; with any of them, django-csp builds the
# policy for that response (as it does for a response whose request asked for a nonce).
OWN_POLICY_ATTRIBUTES = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)
# django-csp leaves the debug pages of these statuses alone while DEBUG is on.
DEBUG_EXEMPT_STATUSES = (500, 404)

# (header, the policy as django-csp builds it from the settings, the response attribute that
# exempts a response, the URL prefixes excluded), once per process.
_default_policies: list[tuple[str, str, str, tuple[str, ...]]] | None = None


def default_policies() -> list[tuple[str, str, str, tuple[str, ...]]]:
    global _default_policies
    if _default_policies is None:
        built = []
        for header, setting, report_only, exempt in (
            (HEADER, "CONTENT_SECURITY_POLICY", False, "_csp_exempt"),
            (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", True, "_csp_exempt_ro"),
        ):
            policy = build_policy(report_only=report_only)
            if policy:
                prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES")
                built.append((header, policy, exempt, tuple(prefixes or ())))
        _default_policies = built
    return _default_policies


def _forget_policies(*, setting, **kwargs) -> None:
    global _default_policies
    if setting in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY"):
        _default_policies = None


setting_changed.connect(_forget_policies, dispatch_uid="verbatim-csp-policies")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, sending the same headers, with the policies built once."""

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or not vars(response).keys().isdisjoint(
            OWN_POLICY_ATTRIBUTES
        ):
            return super().process_response(request, response)
        if response.status_code in DEBUG_EXEMPT_STATUSES and settings.DEBUG:
            return response
        for header, policy, exempt, prefixes in default_policies():
            if (
                header not in response
                and getattr(response, exempt, False) is False
                and not (prefixes and request.path_info.startswith(prefixes))
            ):
                response[header] = policy
        # As django-csp: a nonce asked for once the header is written is an error. (One
        # placeholder serves every request: it raises each time it is asked and never changes.)
        request.csp_nonce = self._too_late_for_a_nonce
        return response

    @cached_property
    def _too_late_for_a_nonce(self):
        return CheckableLazyObject(self._csp_nonce_post_response)
