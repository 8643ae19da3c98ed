"""The review workflow: who may move a statement between draft, submitted and published.

Editors write drafts and submit them for review; reviewers (the `quotes.publish_statement`
permission, given to the Reviewers group) check them against their sources, then publish them
or send them back with a note, unpublish, and set the verification status. The rules live here,
not in the admin's buttons: the admin, its bulk actions, the review queue and the shell all
call these functions, each of which re-reads the statement under a row lock, checks who is
asking and what the record allows, and saves with a history entry saying what happened.

Four eyes (`VERBATIM_FOUR_EYES`, on by default): nobody publishes a statement they submitted
(or created, if it was never submitted) while another active reviewer exists to do it.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from quotes.models import PUBLISHED_NEEDS_A_SOURCE, Correction, Statement
from quotes.record.text import without_invisible_controls

PUBLISH_PERMISSION = "quotes.publish_statement"
# The fields whose change on a published statement is a correction readers are told about.
CORRECTED_FIELDS = {
    "text": "Words",
    "speaker": "Speaker",
    "date_said": "Date said",
    "date_precision": "Date precision",
    "kind": "Kind",
    "channel": "Channel",
    "channel_detail": "Channel detail",
    "relayed_by": "Relayed by",
    "original_text": "Words in the original language",
    "translated_by": "Translated by",
    "translation_source": "Translator",
}
Status = Statement.Status
# The change a withdrawal records, as readers see it on /corrections/.
WITHDRAWN = {"status": {"label": "Status", "old": "Published", "new": "Withdrawn"}}
BULK_WITHDRAWAL_NOTE = "Withdrawn while it is checked against its sources again."


class WorkflowRefused(Exception):
    """A step the rules do not allow, with the reason an editor can act on."""


def is_reviewer(user) -> bool:
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def can_edit(user, statement: Statement) -> bool:
    """Editors edit drafts and submitted statements; a published one only a reviewer edits."""
    if not (user and user.is_active and user.has_perm("quotes.change_statement")):
        return False
    return statement.status != Status.PUBLISHED or is_reviewer(user)


def can_set_verification(user) -> bool:
    return is_reviewer(user)


def can_delete(user, statement: Statement) -> bool:
    return (
        bool(user and user.is_active and user.has_perm("quotes.delete_statement"))
        and statement.status != Status.PUBLISHED
    )


def author_of(statement: Statement):
    return statement.submitted_by_id or statement.created_by_id


def another_reviewer_exists(user) -> bool:
    # Named because the sign-in limits add a backend of their own, which holds no permissions.
    others = get_user_model().objects.with_perm(
        PUBLISH_PERMISSION,
        is_active=True,
        include_superusers=True,
        backend="django.contrib.auth.backends.ModelBackend",
    )
    return others.exclude(pk=user.pk).exists()


def submit(statement: Statement, user) -> Statement:
    """A draft goes to the reviewers."""
    with transaction.atomic():
        locked = _locked(statement)
        if not can_edit(user, locked):
            raise WorkflowRefused("You may not submit statements for review.")
        if locked.status != Status.DRAFT:
            raise WorkflowRefused(f"Only a draft can be submitted; this one is {_status(locked)}.")
        locked.status = Status.SUBMITTED
        locked.submitted_by = user
        locked.submitted_at = timezone.now()
        locked.review_note = ""
        _save(locked, user, "Submitted for review")
    return _refreshed(statement, locked)


def publish(statement: Statement, user) -> Statement:
    """A reviewer publishes a draft or a submitted statement that cites its sources."""
    with transaction.atomic():
        locked = _locked(statement)
        if not is_reviewer(user):
            raise WorkflowRefused("Only a reviewer can publish a statement.")
        if locked.status == Status.PUBLISHED:
            raise WorkflowRefused("This statement is already published.")
        if not locked.cites_a_source():
            raise WorkflowRefused(PUBLISHED_NEEDS_A_SOURCE)
        if (
            settings.VERBATIM_FOUR_EYES
            and author_of(locked) == user.pk
            and another_reviewer_exists(user)
        ):
            raise WorkflowRefused(
                "Another reviewer must publish a statement you entered or submitted yourself "
                "(four eyes)."
            )
        locked.status = Status.PUBLISHED
        try:
            locked.full_clean()
        except ValidationError as error:
            raise WorkflowRefused(" ".join(error.messages)) from error
        locked.published_by = user
        locked.published_at = timezone.now()
        locked.review_note = ""
        _save(locked, user, "Published")
    return _refreshed(statement, locked)


def send_back(statement: Statement, user, note: str) -> Statement:
    """A reviewer returns a submitted statement to its editor, saying what to fix."""
    note = cleaned_note(note)
    with transaction.atomic():
        locked = _locked(statement)
        if not is_reviewer(user):
            raise WorkflowRefused("Only a reviewer can send a statement back.")
        if locked.status != Status.SUBMITTED:
            raise WorkflowRefused(
                f"Only a submitted statement can be sent back; this one is {_status(locked)}."
            )
        if not note:
            raise WorkflowRefused("Say what the editor should check or fix.")
        locked.status = Status.DRAFT
        locked.review_note = note
        _save(locked, user, f"Sent back: {note}")
    return _refreshed(statement, locked)


def unpublish(statement: Statement, user, note: str = "") -> Statement:
    """A reviewer withdraws a statement from the public record, back to draft.

    Never silently: the note is published as a correction ("Withdrawn"), listed on
    /corrections/ and shown at the statement's address in place of the statement.
    """
    note = cleaned_note(note)
    with transaction.atomic():
        locked = _locked(statement)
        if not is_reviewer(user):
            raise WorkflowRefused("Only a reviewer can unpublish a statement.")
        if locked.status != Status.PUBLISHED:
            raise WorkflowRefused("This statement is not published.")
        if not note:
            raise WorkflowRefused("Say for readers why the statement is withdrawn.")
        locked.status = Status.DRAFT
        locked.review_note = note
        record_correction(locked, user, note, WITHDRAWN)
        _save(locked, user, f"Unpublished: {note}")
    return _refreshed(statement, locked)


@dataclass
class BulkOutcome:
    done: list[Statement] = field(default_factory=list)
    refused: dict[str, list[Statement]] = field(default_factory=dict)

    def refuse(self, statement: Statement, reason: str) -> None:
        self.refused.setdefault(reason, []).append(statement)


BULK_LIMIT = 1_000


def apply_to_each(step, statements: Iterable[Statement], user, **kwargs) -> BulkOutcome:
    """One step for each statement, each in its own transaction, each refusal with its reason."""
    outcome = BulkOutcome()
    for statement in statements:
        try:
            outcome.done.append(step(statement, user, **kwargs))
        except WorkflowRefused as refusal:
            outcome.refuse(statement, str(refusal))
    return outcome


def cleaned_note(note: str | None) -> str:
    """A reviewer's note as stored: notes come from plain form fields, not through a model's
    validation, and a control character in one would be refused by PostgreSQL (NUL) or break the
    corrections feed."""
    return without_invisible_controls(note or "").strip()


def material_changes(before: dict, after: dict) -> dict:
    """The corrected fields, each with its label and its old and new values, as text."""
    return {
        name: {"label": label, "old": _text(before.get(name)), "new": _text(after.get(name))}
        for name, label in CORRECTED_FIELDS.items()
        if _text(before.get(name)) != _text(after.get(name))
    }


def values_of(statement: Statement) -> dict:
    values = {name: getattr(statement, name) for name in CORRECTED_FIELDS if name != "speaker"}
    values["speaker"] = statement.speaker if statement.speaker_id else None
    return values


def record_correction(statement: Statement, user, note: str, changes: dict) -> Correction:
    note = cleaned_note(note)
    if not note:
        raise WorkflowRefused(
            "A change to the words, speaker, date, kind or attribution of a published statement "
            "needs a correction note for readers."
        )
    return Correction.objects.create(statement=statement, note=note, changes=changes, made_by=user)


def correct(statement: Statement, user, note: str, **new_values) -> Correction | None:
    """A reviewer corrects a published statement from the shell or a script, with the note."""
    with transaction.atomic():
        locked = _locked(statement)
        if not can_edit(user, locked):
            raise WorkflowRefused("Only a reviewer can change a published statement.")
        before = values_of(locked)
        for name, value in new_values.items():
            setattr(locked, name, value)
        changes = material_changes(before, values_of(locked))
        correction = None
        if locked.status == Status.PUBLISHED and changes:
            correction = record_correction(locked, user, note, changes)
        try:
            locked.full_clean()
        except ValidationError as error:
            raise WorkflowRefused(" ".join(error.messages)) from error
        _save(locked, user, f"Corrected: {note}" if correction else "Changed")
    _refreshed(statement, locked)
    return correction


def _locked(statement: Statement) -> Statement:
    try:
        return Statement.objects.select_for_update().get(pk=statement.pk)
    except Statement.DoesNotExist as error:
        raise WorkflowRefused("This statement no longer exists.") from error


def _save(statement: Statement, user, reason: str) -> None:
    statement._history_user = user if getattr(user, "pk", None) else None
    statement._change_reason = reason[:100]
    statement.save()


def _refreshed(statement: Statement, saved: Statement) -> Statement:
    if statement is not saved:
        statement.refresh_from_db()
    return statement


def _status(statement: Statement) -> str:
    return statement.get_status_display().lower()


def _text(value) -> str:
    if value is None:
        return ""
    return str(value)
