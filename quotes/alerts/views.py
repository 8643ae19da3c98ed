"""The pages of following by e-mail: the sign-up form, the confirmation, stopping.

None is a `public_page`: the sign-up and confirmation forms carry the reader's own CSRF token,
which a shared page cache would hand to every other reader, and the others answer for one
reader's link. They are small: the form checks the list's filters, the rest read one row.
"""

import logging
import smtplib

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from quotes.alerts import following
from quotes.alerts.following import FollowForm, TooManyLists
from quotes.alerts.links import (
    CONFIRM_WITHIN,
    STOP_LIST,
    LinkExpired,
    LinkInvalid,
    list_to_confirm,
    what_to_stop,
)
from quotes.alerts.lists import ListRefused, canonical_query, describe
from quotes.alerts.mails import confirmation
from quotes.alerts.models import FollowedList, Follower
from quotes.reliability.sign_in_limits import client_address

logger = logging.getLogger(__name__)

GET_AND_POST = ["GET", "HEAD", "POST"]


class HttpResponseSeeOther(HttpResponseRedirect):
    """After a form is sent: the browser fetches the next page with a GET."""

    status_code = 303


@never_cache
@require_http_methods(GET_AND_POST)
def follow(request):
    """`/follow/?<the list's query>`: the form to follow that list by e-mail."""
    if request.method == "POST":
        return sign_up(request)
    try:
        query = canonical_query(request.GET)
    except ListRefused as refused:
        return render_follow(request, None, None, refusals=refused.messages, status=400)
    return render_follow(request, FollowForm(initial={"list": query}), query)


def sign_up(request):
    form = FollowForm(request.POST)
    sent = HttpResponseSeeOther(reverse("alerts:sent"))
    if form.is_robot():
        return sent  # as if signed up, so that the robot learns nothing
    client = client_address(request)
    wait = following.wait_for_client(following.client_key(client))
    if wait:
        return too_many(request, form, following.too_many_from_client(wait), wait)
    if not form.is_valid():
        return render_follow(request, form, form.cleaned_data.get("list"), status=400)
    email, query = form.cleaned_data["email"], form.cleaned_data["list"]
    wait = following.wait_for_address(following.address_key(email))
    if wait:
        return too_many(request, form, following.too_many_for_address(wait), wait)
    try:
        followed = following.sign_up(email=email, query=query, client=client)
    except TooManyLists:
        form.add_error(
            None,
            f"This address already follows {following.LISTS_PER_ADDRESS} lists, the most we "
            "keep for one address. Stop following one (each digest has a link) and try again.",
        )
        return render_follow(request, form, query, status=400)
    if followed is not None:
        try:
            confirmation(followed).send()
        except (smtplib.SMTPException, OSError):
            logger.exception("The confirmation mail to follow list %s was not sent.", followed.pk)
            form.add_error(
                None,
                "We could not send the confirmation e-mail just now. Please try again in a "
                "few minutes.",
            )
            return render_follow(request, form, query, status=503)
    return sent


def too_many(request, form, message, wait):
    form.is_valid()  # for the page: the list it names
    form.add_error(None, message)
    response = render_follow(request, form, form.cleaned_data.get("list"), status=429)
    response["Retry-After"] = str(wait)
    return response


def render_follow(request, form, query: str | None, refusals=(), status=200):
    """The sign-up page for the list `query`, or None for a list that cannot be followed."""
    context = {
        "form": form,
        "refusals": refusals,
        "title": describe(query) if query is not None else "",
        "list_url": FollowedList(query=query).get_absolute_url() if query is not None else "",
        "days": CONFIRM_WITHIN.days,
        "per_mail": settings.VERBATIM_ALERT_STATEMENTS_PER_MAIL,
    }
    return render(request, "quotes/alerts/follow.html", context, status=status)


@never_cache
def sent(request):
    return render(request, "quotes/alerts/sent.html", {"days": CONFIRM_WITHIN.days})


@never_cache
@require_http_methods(GET_AND_POST)
def confirm(request, token):
    """The link of the confirmation mail: a page with a button, since mail scanners follow
    links on their own; the button confirms."""
    try:
        list_id = list_to_confirm(token)
    except LinkExpired:
        return link_problem(request, "expired", status=410)
    except LinkInvalid:
        return link_problem(request, "invalid", status=400)
    if request.method == "POST":
        followed, just_confirmed = following.confirm(list_id)
    else:
        followed = FollowedList.objects.select_related("follower").filter(pk=list_id).first()
        just_confirmed = False
    if followed is None:
        return link_problem(request, "expired", status=410)
    context = {
        "followed": followed,
        "title": describe(followed.query),
        "just_confirmed": just_confirmed,
    }
    return render(request, "quotes/alerts/confirm.html", context)


# Mail programs POST to this address, without a CSRF token, when the reader presses their own
# Unsubscribe button (RFC 8058); the signed link is what makes the request the reader's.
@csrf_exempt
@never_cache
@require_http_methods(GET_AND_POST)
def stop(request, token):
    """A stop link: GET asks, POST stops (one list, or everything the address follows)."""
    try:
        kind, pk = what_to_stop(token)
    except LinkInvalid:
        return link_problem(request, "invalid", status=400)
    if request.method == "POST":
        if kind == STOP_LIST:
            stopped = following.stop_list(pk)
            title = describe(stopped.query) if stopped else ""
        else:
            stopped = following.stop_address(pk)
            title = ""
        context = {"kind": kind, "stopped": stopped, "title": title, "done": True}
        return render(request, "quotes/alerts/stop.html", context)
    if kind == STOP_LIST:
        target = FollowedList.objects.select_related("follower").filter(pk=pk).first()
        title = describe(target.query) if target else ""
        email = target.follower.email if target else ""
    else:
        target = Follower.objects.filter(pk=pk).first()
        title, email = "", target.email if target else ""
    context = {"kind": kind, "target": target, "title": title, "email": email, "done": False}
    return render(request, "quotes/alerts/stop.html", context)


def link_problem(request, problem, status):
    context = {"problem": problem, "days": CONFIRM_WITHIN.days}
    return render(request, "quotes/alerts/link_problem.html", context, status=status)
