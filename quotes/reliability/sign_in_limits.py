"""Limits on failed sign-ins, on top of django-axes (settings `AXES_*` in quotes/settings.py).

Axes counts the failures in the database and refuses a locked-out user name or address; this
module says which address a request comes from, what a locked-out person reads, and how an
administrator lets them back in.
"""

import ipaddress

from axes.admin import AccessAttemptAdmin
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_address(request: HttpRequest) -> str | None:
    """The address that failures are counted against.

    Behind TRUSTED_PROXY_COUNT proxies of our own, each appends the address it was reached
    from to X-Forwarded-For, so the client is that many entries from the right; whatever stands
    further left was written by the client itself and is never believed.
    """
    remote_addr = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return remote_addr
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < proxies:
        # Not every proxy wrote its entry: the request took another road in.
        return remote_addr
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote_addr


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """The page a locked-out sign-in gets instead of the admin's, in the admin's clothes."""
    cool_off = get_cool_off(request)
    context = {
        **admin.site.each_context(request),
        "title": "Too many failed sign-ins",
        "lockout_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    return render(
        request, "admin/sign_in_locked.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )


class UnlockingAccessAttemptAdmin(AccessAttemptAdmin):
    """Axes's list of failed sign-ins, with an action that lets the people concerned back in."""

    actions = [*AccessAttemptAdmin.actions, "unlock"]

    @admin.action(
        description="Unlock: forget the failures of the selected user names and addresses",
        permissions=["delete"],
    )
    def unlock(self, request: HttpRequest, queryset) -> HttpResponse | None:
        # A user name locked out from several addresses has a row for each (and an address,
        # one for each name it tried): forget them all, or the others' sum would keep the lock.
        concerned = Q(pk__in=queryset.values("pk"))
        for username, address in queryset.values_list("username", "ip_address"):
            if username:
                concerned |= Q(username=username)
            if address:
                concerned |= Q(ip_address=address)
        forgotten, _ = AccessAttempt.objects.filter(concerned).delete()
        self.message_user(request, f"Unlocked: {forgotten} record(s) of failed sign-ins forgotten.")
        return None


def register_admin(site: admin.AdminSite) -> None:
    if site.is_registered(AccessAttempt):
        site.unregister(AccessAttempt)
    site.register(AccessAttempt, UnlockingAccessAttemptAdmin)
