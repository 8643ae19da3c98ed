"""The signed links of the mails: confirm a sign-up, stop following a list or everything.

Signed with django.core.signing under SECRET_KEY, so that nobody confirms or stops what they
were not mailed about. A confirmation link lasts as long as an unconfirmed sign-up is kept; a
stop link never expires, since a digest may be read long after it was sent. Links are absolute,
from SITE_URL.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse

# How long a sign-up waits for its confirmation before the run of `send_alerts` deletes it.
CONFIRM_WITHIN = datetime.timedelta(days=3)

CONFIRM_SALT = "verbatim.alerts.confirm"
STOP_SALT = "verbatim.alerts.stop"
# What a stop link stops: one followed list, or everything an address follows.
STOP_LIST = "list"
STOP_ADDRESS = "address"


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def confirm_url(followed_list) -> str:
    token = signing.dumps(followed_list.pk, salt=CONFIRM_SALT)
    return absolute(reverse("alerts:confirm", args=[token]))


def stop_url(*, followed_list=None, follower=None) -> str:
    if followed_list is not None:
        value = [STOP_LIST, followed_list.pk]
    else:
        value = [STOP_ADDRESS, follower.pk]
    return absolute(reverse("alerts:stop", args=[signing.dumps(value, salt=STOP_SALT)]))


def list_to_confirm(token: str) -> int:
    """The id of the followed list a confirmation link names, or LinkExpired, LinkInvalid."""
    try:
        value = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_WITHIN)
    except signing.SignatureExpired:
        raise LinkExpired from None
    except signing.BadSignature:
        raise LinkInvalid from None
    if type(value) is not int:
        raise LinkInvalid
    return value


def what_to_stop(token: str) -> tuple[str, int]:
    """(STOP_LIST or STOP_ADDRESS, its id) from a stop link, or LinkInvalid."""
    try:
        value = signing.loads(token, salt=STOP_SALT)
    except signing.BadSignature:
        raise LinkInvalid from None
    if not isinstance(value, list) or len(value) != 2:
        raise LinkInvalid
    kind, pk = value
    if kind not in (STOP_LIST, STOP_ADDRESS) or type(pk) is not int:
        raise LinkInvalid
    return kind, pk
