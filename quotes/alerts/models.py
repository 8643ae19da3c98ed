"""Who follows which list of statements by e-mail, and what each address has been sent.

An address is kept only to send the statements it asked for: it is deleted with its last
followed list (unsubscribing, or a sign-up left unconfirmed), and the sign-up limits count
keyed hashes, never addresses.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


class Follower(models.Model):
    """An e-mail address that follows one or more lists; one digest a run combines them."""

    email = models.EmailField(unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.email


class FollowedList(models.Model):
    """A list of statements an address follows: the statements list's query, canonical.

    A leader's page is `speaker=<slug>`, a topic's `topic=<slug>`, the whole record the empty
    query (`quotes.alerts.lists`). Nothing is mailed before `confirmed_at` (double opt-in).
    """

    follower = models.ForeignKey(Follower, on_delete=models.CASCADE, related_name="lists")
    query = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Statements published before this moment have been considered for this list: mailed,
    # or left for the link to the rest. Moved on in the transaction that sends the digest.
    mailed_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "query"], name="followed_list_once"),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | Q(mailed_until__isnull=False),
                name="followed_list_confirmed_has_mark",
            ),
        ]
        indexes = [
            # The run's clean-up: sign-ups left unconfirmed for days.
            models.Index(
                fields=["created_at"],
                name="followed_list_unconfirmed",
                condition=Q(confirmed_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.follower} follows /quotes/?{self.query}"

    def get_absolute_url(self):
        path = reverse("quotes:statement_list")
        return f"{path}?{self.query}" if self.query else path

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class MailedStatement(models.Model):
    """A statement sent to an address, so that it is never sent there again (not even after
    it is withdrawn and published anew, which moves its `published_at` on)."""

    follower = models.ForeignKey(Follower, on_delete=models.CASCADE, related_name="mailed")
    statement = models.ForeignKey("quotes.Statement", on_delete=models.CASCADE, related_name="+")
    mailed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["follower", "statement"], name="mailed_statement_once_per_address"
            ),
        ]

    def __str__(self):
        return f"statement {self.statement_id} to {self.follower_id}"


class FollowAttempt(models.Model):
    """A sign-up that asked for a confirmation mail, counted for the sign-up limits.

    Keyed hashes of the client's address and of the e-mail address, never either address; the
    run of `send_alerts` deletes those older than a day.
    """

    client_key = models.CharField(max_length=64)
    address_key = models.CharField(max_length=64)
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            # How many sign-ups one client, or one e-mail address, made lately.
            models.Index(fields=["client_key", "made_at"], name="follow_attempt_by_client"),
            models.Index(fields=["address_key", "made_at"], name="follow_attempt_by_address"),
        ]

    def __str__(self):
        return f"sign-up at {self.made_at:%Y-%m-%d %H:%M}"
