"""The daily run (`manage.py send_alerts`): one digest per address of what was published since
its last, and the clean-up of sign-ups left unconfirmed.

A statement is never mailed twice to one address. Each followed list keeps `mailed_until`:
statements published before it have been considered; and each address keeps the statements it
was sent (`MailedStatement`), which also covers a statement withdrawn and published again. Both
are written in the transaction that decides what one address is sent, which locks the address
first (on PostgreSQL `FOR UPDATE SKIP LOCKED`: a second run at the same time passes over an
address the first is sending to, and finds its lists moved on when it comes back) and sends the
mail last: a mail that cannot be sent undoes the decision, so the next run tries again.

The run considers statements published up to a few minutes before it started (`SETTLE`): a
publication commits a moment after its `published_at` is taken, and one still committing must
not fall behind a mark already moved past it.
"""

import datetime
import logging
import smtplib
from collections import deque
from dataclasses import dataclass

from django.conf import settings
from django.core import mail
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from quotes.alerts.links import CONFIRM_WITHIN
from quotes.alerts.lists import describe_filters, list_filters
from quotes.alerts.mails import Section, digest
from quotes.alerts.models import FollowAttempt, FollowedList, Follower, MailedStatement
from quotes.models import Statement

logger = logging.getLogger(__name__)

SETTLE = datetime.timedelta(minutes=5)
# Sign-up attempts are counted over a day at most (quotes/alerts/following.py).
ATTEMPTS_KEPT = datetime.timedelta(days=1)


@dataclass
class RunReport:
    mails: int = 0
    statements: int = 0
    addresses_passed_over: int = 0
    addresses_refused: int = 0
    unconfirmed_deleted: int = 0

    def __str__(self):
        return (
            f"{self.mails} digest(s) sent listing {self.statements} statement(s); "
            f"{self.addresses_passed_over} address(es) left to another run; "
            f"{self.addresses_refused} refused by the mail server; "
            f"{self.unconfirmed_deleted} unconfirmed sign-up(s) deleted."
        )


def send_alerts(*, now: datetime.datetime | None = None, connection=None) -> RunReport:
    """Send every address its digest and delete the sign-ups left unconfirmed."""
    now = now or timezone.now()
    until = now - SETTLE
    report = RunReport(unconfirmed_deleted=delete_unconfirmed(now))
    FollowAttempt.objects.filter(made_at__lt=now - ATTEMPTS_KEPT).delete()
    due = (
        Follower.objects.filter(lists__confirmed_at__isnull=False, lists__mailed_until__lt=until)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )
    finder = NewStatements(until=until)
    # One connection to the mail server for the whole run.
    with connection or mail.get_connection() as connection:
        for follower_id in list(due):
            try:
                send_digest(follower_id, finder=finder, connection=connection, report=report)
            except smtplib.SMTPRecipientsRefused:
                # This address only: its lists stay where they were, for the next run.
                logger.warning("The mail server refused the digest to follower %s.", follower_id)
                report.addresses_refused += 1
    return report


def delete_unconfirmed(now: datetime.datetime) -> int:
    """Delete the sign-ups unconfirmed for longer than a confirmation link lasts, and the
    addresses they leave following nothing."""
    # One DELETE whose condition PostgreSQL checks again on a row being confirmed meanwhile.
    deleted, _ = FollowedList.objects.filter(
        confirmed_at__isnull=True, created_at__lt=now - CONFIRM_WITHIN
    ).delete()
    with transaction.atomic():
        # Passing over an address a sign-up holds, which is about to follow a list again; and
        # only addresses older than a sign-up takes to write its address and its list.
        following_nothing = (
            Follower.objects.select_for_update(skip_locked=True)
            .filter(created_at__lt=now - SETTLE)
            .exclude(Exists(FollowedList.objects.filter(follower=OuterRef("pk"))))
        )
        Follower.objects.filter(
            pk__in=list(following_nothing.values_list("pk", flat=True))
        ).delete()
    return deleted


def send_digest(follower_id: int, *, finder, connection, report: RunReport) -> None:
    until = finder.until
    with transaction.atomic():
        follower = Follower.objects.select_for_update(skip_locked=True).filter(pk=follower_id)
        follower = follower.first()
        if follower is None:  # another run is sending to it, or it has just stopped
            report.addresses_passed_over += 1
            return
        read_the_days_statements_alone()
        followed_lists = list(
            follower.lists.filter(confirmed_at__isnull=False, mailed_until__lt=until).order_by("pk")
        )
        sections = finder.sections(follower, followed_lists)
        listed = allot(sections, settings.VERBATIM_ALERT_STATEMENTS_PER_MAIL)
        FollowedList.objects.filter(pk__in=[f.pk for f in followed_lists]).update(
            mailed_until=until
        )
        if not listed:
            return
        MailedStatement.objects.bulk_create(
            MailedStatement(follower=follower, statement=statement) for statement in listed
        )
        digest(follower, sections, connection=connection).send()
    report.mails += 1
    report.statements += len(listed)


def read_the_days_statements_alone() -> None:
    """On PostgreSQL, for the rest of the transaction: no bitmap scans.

    A list's new statements are the few thousand published since its mark, filtered. Through
    bitmaps PostgreSQL ANDs them with a broad index of the filter (a prolific leader's 300,000
    statements, a search word's 150,000, every verified direct quote's 800,000), which took
    100 to 500 ms a list at a million statements; reading the day's rows from the
    `statement_published_at` index and checking each takes 5 to 50 ms (docs/PERFORMANCE.md).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_bitmapscan = off")


@dataclass(frozen=True)
class Found:
    title: str
    total: int
    newest: tuple[Statement, ...] = ()


class NewStatements:
    """Each followed list's statements published since its mark, newest first: how many, and
    as many as a mail lists.

    Most addresses follow what others follow (a leader, a topic), so a list is read once a run
    for every address that follows it with the same mark. An address that was already sent
    one of the statements in its lists' window (a statement withdrawn and published again) has
    its lists read for it alone, leaving those statements out.
    """

    def __init__(self, *, until: datetime.datetime):
        self.until = until
        self.shared: dict[tuple[str, datetime.datetime], Found] = {}

    def sections(self, follower: Follower, followed_lists: list[FollowedList]) -> list[Section]:
        if not followed_lists:
            return []
        earliest = min(followed.mailed_until for followed in followed_lists)
        sent_again = MailedStatement.objects.filter(
            follower=follower,
            statement__published_at__gte=earliest,
            statement__published_at__lt=self.until,
        ).exists()
        sections = []
        for followed in followed_lists:
            if sent_again:
                found = self.find(followed, leaving_out_sent_to=follower)
            else:
                key = (followed.query, followed.mailed_until)
                if key not in self.shared:
                    self.shared[key] = self.find(followed)
                found = self.shared[key]
            section = Section(followed_list=followed, title=found.title, total=found.total)
            section.candidates = list(found.newest)
            sections.append(section)
        return sections

    def find(self, followed: FollowedList, leaving_out_sent_to: Follower | None = None) -> Found:
        published = Statement.objects.published().filter(
            published_at__gte=followed.mailed_until, published_at__lt=self.until
        )
        if leaving_out_sent_to is not None:
            sent = MailedStatement.objects.filter(
                follower=leaving_out_sent_to, statement=OuterRef("pk")
            )
            published = published.exclude(Exists(sent))
        filterset = list_filters(followed.query, queryset=published)
        title = describe_filters(filterset)
        if not filterset.is_valid():
            # A filter that no longer holds (a leader taken out of the record): nothing to send.
            logger.warning("Followed list %s no longer reads: %s", followed.pk, followed.query)
            return Found(title=title, total=0)
        rows = filterset.qs.order_by().newest_first()
        total = rows.count()
        if not total:
            return Found(title=title, total=0)
        limit = settings.VERBATIM_ALERT_STATEMENTS_PER_MAIL
        return Found(title=title, total=total, newest=tuple(rows.for_cards()[:limit]))


def allot(sections: list[Section], limit: int) -> list[Statement]:
    """Share the mail's `limit` statements among its lists in turn, newest first in each, a
    statement on two lists listed under the first; returns what is listed."""
    listed: dict[int, Statement] = {}
    queues = deque((section, deque(section.candidates)) for section in sections)
    while queues and len(listed) < limit:
        section, candidates = queues.popleft()
        while candidates and candidates[0].pk in listed:
            candidates.popleft()
        if candidates:
            statement = candidates.popleft()
            section.statements.append(statement)
            listed[statement.pk] = statement
        if candidates:
            queues.append((section, candidates))
    for section in sections:
        own = {statement.pk for statement in section.statements}
        section.elsewhere = sum(
            1
            for candidate in section.candidates
            if candidate.pk in listed and candidate.pk not in own
        )
    return list(listed.values())
