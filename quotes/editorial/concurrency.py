"""No lost edits: a form remembers the version of the record it was opened on.

When two editors open the same record and both save, the second save is refused instead of
silently overwriting the first: the form comes back with the second editor's values kept, a
list of what the other editor changed meanwhile (from the record's history), and the newer
version in its hidden field, so that saving again applies their change over the other one,
knowingly. The row is locked while the form is checked and saved (the admin saves inside a
transaction), and the model's versioned UPDATE (`quotes.models.VersionedModel`) refuses any
save that still slips past.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import Truncator


class VersionCheckedForm(forms.ModelForm):
    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    # Set when the save was refused: [(who, when, [(label, old, new), …]), …]
    changes_since: list | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["opened_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        model = type(self.instance)
        current = (
            model._default_manager.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if current is None:
            raise ValidationError("This record was deleted after you opened it.", code="deleted")
        opened = cleaned.get("opened_version")
        if opened is None:
            raise ValidationError(
                "This form was opened without its version: reload the page and make your change "
                "again.",
                code="no_version",
            )
        if opened != current:
            self.changes_since = changes_since(self.instance, opened)
            # Saving again now applies this editor's values over the other change, knowingly.
            self.data = self.data.copy()
            self.data[self.add_prefix("opened_version")] = current
            raise ValidationError(stale_message(self.changes_since), code="stale")
        return cleaned


def changes_since(instance, opened_version: int) -> list:
    """Who changed what since `opened_version`, oldest first, from the record's history."""
    history = getattr(instance, "history", None)
    if history is None:
        return []
    records = list(history.filter(version__gte=opened_version).order_by("history_date", "pk"))
    found = []
    for older, newer in zip(records, records[1:], strict=False):
        delta = newer.diff_against(older)
        fields = [
            (_label(instance, change.field), _short(change.old), _short(change.new))
            for change in delta.changes
            if change.field != "version"
        ]
        found.append((newer.history_user, newer.history_date, fields))
    return found


def stale_message(changes: list) -> str:
    lines = [
        "Someone else saved this record after you opened it, so your changes were not saved. "
        "They are still in the form below."
    ]
    for who, when, fields in changes:
        what = "; ".join(f"{label}: “{old}” → “{new}”" for label, old, new in fields) or (
            "its sources or other related rows"
        )
        lines.append(
            f"{who or 'Someone'} at {timezone.localtime(when):%Y-%m-%d %H:%M} changed {what}."
        )
    lines.append("Check them, then save again to apply your changes over theirs.")
    return " ".join(lines)


def _label(instance, name: str) -> str:
    try:
        return str(instance._meta.get_field(name).verbose_name).capitalize()
    except Exception:
        return name


def _short(value) -> str:
    if isinstance(value, list):
        value = ", ".join(str(item) for item in value)
    return Truncator("" if value is None else str(value)).chars(120)
