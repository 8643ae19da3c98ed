"""The mails: the confirmation of a sign-up and the digest, each in plain text and HTML.

Every mail carries a one-click unsubscribe (RFC 8058: a `List-Unsubscribe` https address and
`List-Unsubscribe-Post`, which mail programs POST to without asking) and the same link in its
body. They go through Django's e-mail settings (SMTP in production, the console in development;
quotes/settings.py).
"""

from dataclasses import dataclass, field

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import Truncator

from quotes.alerts.links import CONFIRM_WITHIN, absolute, confirm_url, stop_url
from quotes.alerts.lists import describe
from quotes.alerts.models import FollowedList
from quotes.models import Statement

# The words of a long statement are cut here in a mail; its link has them whole.
WORDS_SHOWN = 400
SUBJECT_LENGTH = 150


@dataclass
class Section:
    """One followed list in a digest: its new statements, of which the mail lists some."""

    followed_list: FollowedList
    title: str
    total: int
    candidates: list = field(default_factory=list)
    statements: list = field(default_factory=list)

    # Of the statements listed for this list, those listed under another list of the mail.
    elsewhere: int = 0

    @property
    def more(self) -> int:
        """The list's new statements the mail does not show: its link has them."""
        return max(0, self.total - len(self.statements) - self.elsewhere)


def one_line(text: str, limit: int = SUBJECT_LENGTH) -> str:
    """A header's text on one line: no line break can start a header of its own."""
    return Truncator(" ".join(text.split())).chars(limit)


def _message(*, to: str, subject: str, template: str, context: dict, unsubscribe: str, connection):
    context = {**context, "unsubscribe_url": unsubscribe, "home_url": absolute("/")}
    context["how_we_work_url"] = absolute(reverse("quotes:how_we_work")) + "#alerts"
    message = EmailMultiAlternatives(
        subject=one_line(subject),
        body=render_to_string(f"quotes/alerts/email/{template}.txt", context),
        to=[to],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
        connection=connection,
    )
    message.attach_alternative(
        render_to_string(f"quotes/alerts/email/{template}.html", context), "text/html"
    )
    return message


def confirmation(followed_list, connection=None) -> EmailMultiAlternatives:
    """The one mail sent before a sign-up is confirmed: its link confirms it."""
    title = describe(followed_list.query, with_words=False)
    context = {
        "title": title,
        "confirm_url": confirm_url(followed_list),
        "days": CONFIRM_WITHIN.days,
    }
    return _message(
        to=followed_list.follower.email,
        subject=f"Confirm: follow “{title}” on Verbatim",
        template="confirm",
        context=context,
        # Before confirmation, stopping the list deletes the sign-up (and the address with it).
        unsubscribe=stop_url(followed_list=followed_list),
        connection=connection,
    )


def statement_in_mail(statement: Statement) -> dict:
    return {
        "speaker": statement.speaker.name,
        "date": statement.date_said_display,
        "words": Truncator(statement.text).chars(WORDS_SHOWN),
        "paraphrase": statement.kind == Statement.Kind.PARAPHRASE,
        "url": absolute(statement.get_absolute_url()),
    }


def digest(follower, sections: list[Section], connection=None) -> EmailMultiAlternatives:
    """One mail for an address: the new statements of each list it follows."""
    shown = [section for section in sections if section.statements]
    listed = sum(len(section.statements) for section in shown)
    context = {
        "sections": [
            {
                "title": section.title,
                "total": section.total,
                "more": section.more,
                "elsewhere": section.elsewhere,
                "statements": [statement_in_mail(s) for s in section.statements],
                "list_url": absolute(section.followed_list.get_absolute_url()),
                "stop_url": stop_url(followed_list=section.followed_list),
            }
            for section in shown
        ],
        "listed": listed,
        "several": len(sections) > 1,
    }
    if len(shown) == 1:
        subject = f"New on Verbatim: {shown[0].title}"
    else:
        subject = f"New on Verbatim: statements on {len(shown)} lists you follow"
    return _message(
        to=follower.email,
        subject=subject,
        template="digest",
        context=context,
        unsubscribe=stop_url(follower=follower),
        connection=connection,
    )
