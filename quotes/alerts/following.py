"""Starting and stopping to follow a list: the form, the limits on sign-ups, and the writes.

No account is needed, so what stops one person from filling another's inbox is double opt-in
(nothing but the confirmation mail is sent before its link is followed) and limits on how many
confirmation mails a client address may ask for in an hour and one e-mail address may receive
in a day. As for error reports (quotes/public/error_reports.py), the sign-ups are counted in the
database, so the limits hold across server processes and whether or not the cache answers, and
each is kept as keyed hashes of the two addresses, never the addresses.
"""

import datetime
import math

from django import forms
from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.utils.crypto import salted_hmac

from quotes.alerts.lists import ListRefused, canonical_query
from quotes.alerts.models import FollowAttempt, FollowedList, Follower

# The most lists one address may follow: a digest lists each.
LISTS_PER_ADDRESS = 20
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
# How long an unread query string may be before it is refused unread: a canonical one is at
# most 2,000 characters, and leaders' names as typed are longer than their slugs.
RAW_QUERY_LIMIT = 10_000


def keyed_hash(purpose: str, value: str) -> str:
    """HMAC of `value` under SECRET_KEY, distinct per purpose: no way back to the value."""
    return salted_hmac(f"verbatim.alerts.{purpose}", value, algorithm="sha256").hexdigest()


def client_key(address: str | None) -> str:
    return keyed_hash("client", address or "")


def address_key(email: str) -> str:
    return keyed_hash("address", email.lower())


def normalise_email(email: str) -> str:
    """The address as stored: its domain in lower case (the part before @ may be case-sensitive)."""
    local, _, domain = email.strip().rpartition("@")
    return f"{local}@{domain.lower()}"


class FollowForm(forms.Form):
    email = forms.EmailField(
        label="Your e-mail address",
        max_length=254,  # the longest address SMTP carries (RFC 5321)
        error_messages={
            "required": "Please give the e-mail address to send the statements to.",
            "invalid": "Please give a valid e-mail address, such as name@example.org.",
            "max_length": "An e-mail address has at most 254 characters (this one has "
            "%(show_value)d).",
        },
    )
    # The followed list: the query string of the page the reader came from, checked again here.
    list = forms.CharField(required=False, widget=forms.HiddenInput, strip=False)
    # Left empty by people, who never see it; filled by robots that fill every field.
    website = forms.CharField(
        required=False,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def clean_list(self):
        raw = self.cleaned_data.get("list") or ""
        if len(raw) > RAW_QUERY_LIMIT:
            raise forms.ValidationError("This list's address is too long to be followed.")
        try:
            return canonical_query(raw)
        except ListRefused as refused:
            raise forms.ValidationError(
                ["This list's filters cannot be followed:", *refused.messages]
            ) from None

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


def _seconds_until_allowed(rows, limit: int, window: datetime.timedelta, now) -> int:
    """0 if fewer than `limit` of `rows` (sign-ups) fall in the last `window`, or how many
    seconds until the oldest of them leaves it."""
    recent = list(
        rows.filter(made_at__gt=now - window)
        .order_by("-made_at")
        .values_list("made_at", flat=True)[:limit]
    )
    if len(recent) < limit:
        return 0
    return max(1, math.ceil((recent[-1] + window - now).total_seconds()))


def wait_for_client(key: str, now: datetime.datetime | None = None) -> int:
    limit = settings.VERBATIM_FOLLOWS_PER_HOUR
    rows = FollowAttempt.objects.filter(client_key=key)
    return _seconds_until_allowed(rows, limit, HOUR, now or timezone.now())


def wait_for_address(key: str, now: datetime.datetime | None = None) -> int:
    limit = settings.VERBATIM_CONFIRMATIONS_PER_DAY
    rows = FollowAttempt.objects.filter(address_key=key)
    return _seconds_until_allowed(rows, limit, DAY, now or timezone.now())


def too_many_from_client(wait_seconds: int) -> str:
    limit = settings.VERBATIM_FOLLOWS_PER_HOUR
    minutes = max(1, math.ceil(wait_seconds / 60))
    return (
        f"We have had {limit} sign-up{pluralize(limit)} from your address in the last hour, the "
        f"most we accept. Please try again in {minutes} minute{pluralize(minutes)}."
    )


def too_many_for_address(wait_seconds: int) -> str:
    limit = settings.VERBATIM_CONFIRMATIONS_PER_DAY
    hours = max(1, math.ceil(wait_seconds / 3600))
    return (
        f"We have sent {limit} confirmation mail{pluralize(limit)} to this e-mail address in "
        f"the last day, the most we send. Please follow the link in one of them, or try again "
        f"in {hours} hour{pluralize(hours)}."
    )


class TooManyLists(Exception):
    pass


def sign_up(*, email: str, query: str, client: str, now=None) -> FollowedList | None:
    """Record that `email` asks to follow the list `query` (canonical), and the attempt.

    Returns the list waiting for its confirmation, for the confirmation mail; None when the
    address already follows it (nothing to send). TooManyLists when the address follows as
    many lists as it may.
    """
    now = now or timezone.now()
    with transaction.atomic():
        # Locked, so that a stop of the same address either comes after this or before it.
        follower, _ = Follower.objects.select_for_update().get_or_create(
            email=email, defaults={"created_at": now}
        )
        followed = FollowedList.objects.filter(follower=follower, query=query).first()
        if followed is not None and followed.is_confirmed:
            return None
        if followed is None:
            if follower.lists.count() >= LISTS_PER_ADDRESS:
                raise TooManyLists
            followed = FollowedList.objects.create(follower=follower, query=query, created_at=now)
        else:
            # A new confirmation mail: the sign-up waits as long again for it.
            followed.created_at = now
            followed.save(update_fields=["created_at"])
        FollowAttempt.objects.create(
            client_key=client_key(client), address_key=address_key(email), made_at=now
        )
    return followed


def confirm(list_id: int, now=None) -> tuple[FollowedList | None, bool]:
    """Confirm the sign-up `list_id`: its digests start with what is published from now on.

    Returns the list (None if the sign-up is no longer kept) and whether this confirmed it:
    confirming again changes nothing.
    """
    with transaction.atomic():
        followed = (
            # The list's row alone: the digests lock the address before its lists.
            FollowedList.objects.select_for_update(of=("self",))
            .select_related("follower")
            .filter(pk=list_id)
            .first()
        )
        if followed is None or followed.is_confirmed:
            return followed, False
        followed.confirmed_at = followed.mailed_until = now or timezone.now()
        followed.save(update_fields=["confirmed_at", "mailed_until"])
    return followed, True


def stop_list(list_id: int) -> FollowedList | None:
    """Stop following one list; the address goes with its last list. None if already gone."""
    follower_id = FollowedList.objects.filter(pk=list_id).values_list("follower", flat=True).first()
    if follower_id is None:
        return None
    with transaction.atomic():
        # The address first, then its list, as the sign-up and the digests lock them: in the
        # other order two of them could each wait for the other.
        follower = Follower.objects.select_for_update().filter(pk=follower_id).first()
        followed = FollowedList.objects.filter(pk=list_id, follower=follower_id).first()
        if follower is None or followed is None:
            return None
        followed.delete()
        if not follower.lists.exists():
            follower.delete()
    followed.follower = follower
    return followed


def stop_address(follower_id: int) -> Follower | None:
    """Stop everything an address follows and delete it. None if already gone."""
    with transaction.atomic():
        follower = Follower.objects.select_for_update().filter(pk=follower_id).first()
        if follower is not None:
            follower.delete()
    return follower
