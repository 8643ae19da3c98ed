"""Readers' reports of errors: the form, who sent one, and how often one sender may.

No account is needed, so the only brake on a flood is a count per sender: the sender is a
keyed hash of the client's address (`sender_key`), kept instead of the address itself, and the
reports of the last hour are counted in the database, so the limit holds across server
processes and without a shared cache.
"""

import datetime
import hashlib
import hmac
import math
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.template.defaultfilters import pluralize
from django.utils import timezone

from quotes.models import ErrorReport, Statement

MESSAGE_MAX_LENGTH = 5_000
RATE_WINDOW = datetime.timedelta(hours=1)


def sender_key(address: str) -> str:
    """HMAC-SHA256 of the client's address under SECRET_KEY: the same for one address, and no
    way back to it without the key."""
    return hmac.new(
        settings.SECRET_KEY.encode(), (address or "").encode(), hashlib.sha256
    ).hexdigest()


def seconds_until_allowed(key: str, now: datetime.datetime | None = None) -> int:
    """0 if `key` may send another report now, or how many seconds until it may."""
    limit = settings.VERBATIM_REPORTS_PER_HOUR
    if limit <= 0:  # reports switched off
        return int(RATE_WINDOW.total_seconds())
    now = now or timezone.now()
    recent = list(
        ErrorReport.objects.filter(sender_key=key, received_at__gt=now - RATE_WINDOW)
        .order_by("-received_at")
        .values_list("received_at", flat=True)[:limit]
    )
    if len(recent) < limit:
        return 0
    # The oldest of the last N reports leaves the window first.
    return max(1, math.ceil((recent[-1] + RATE_WINDOW - now).total_seconds()))


def too_many_reports_message(wait_seconds: int) -> str:
    if settings.VERBATIM_REPORTS_PER_HOUR <= 0:
        return "Reports are not being accepted at the moment. Please try again later."
    limit = settings.VERBATIM_REPORTS_PER_HOUR
    minutes = max(1, math.ceil(wait_seconds / 60))
    return (
        f"We have received {limit} report{pluralize(limit)} from your address in the last hour, "
        f"the most we accept. Please send this one in {minutes} minute{pluralize(minutes)}; "
        "what you wrote is kept below."
    )


def published_statement(value) -> Statement | None:
    """The published statement whose id `value` holds, or None for anything else."""
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    if not 0 < pk < 2**63:  # beyond the database's integers: no statement, not an error
        return None
    return Statement.objects.published().select_related("speaker").filter(pk=pk).first()


def local_path(value: str, host: str) -> str:
    """`value` as a path on this site (from a Referer or a hidden field), or "" if it is not."""
    try:
        parts = urlsplit(value or "")
    except ValueError:  # such as an unclosed IPv6 bracket
        return ""
    if parts.netloc and parts.netloc != host:
        return ""
    if not parts.path.startswith("/") or parts.path.startswith("//"):
        return ""
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return path[: ErrorReport._meta.get_field("page").max_length]


class ErrorReportForm(forms.ModelForm):
    message = forms.CharField(
        label="What is wrong?",
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="The words, speaker, date or source that is wrong, and what is right.",
        error_messages={
            "required": "Please say what is wrong.",
            "max_length": (
                "Please keep the message under %(limit_value)s characters "
                "(it has %(show_value)s); a link to your evidence can say the rest."
            ),
        },
    )
    # Hidden fields, filled by the page: a wrong value is dropped, not shown as an error the
    # reader could not fix.
    statement = forms.CharField(required=False, widget=forms.HiddenInput)
    page = forms.CharField(required=False, widget=forms.HiddenInput)
    # Left empty by people, who never see it; filled by robots that fill every field.
    website = forms.CharField(
        required=False,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = ErrorReport
        fields = ["message", "evidence_url", "email", "statement", "page"]
        labels = {
            "evidence_url": "A link that shows it (optional)",
            "email": "Your email (optional)",
        }
        help_texts = {
            "evidence_url": "An article, a transcript or a video: a web address, http or https.",
            "email": "Only if you would like an answer; it is not published or shared.",
        }
        error_messages = {
            "evidence_url": {"invalid": "Please give a web address starting with http or https."},
            "email": {"invalid": "Please give a valid email address, or leave it empty."},
        }
        widgets = {
            "evidence_url": forms.URLInput(attrs={"placeholder": "https://"}),
        }

    def __init__(self, *args, host: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.host = host

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if not message:
            raise forms.ValidationError("Please say what is wrong.")
        return message

    def clean_statement(self):
        return published_statement(self.cleaned_data.get("statement"))

    def clean_page(self):
        return local_path(self.cleaned_data.get("page", ""), self.host)

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))
