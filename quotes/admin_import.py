"""The editors' "Import from article" pages in the admin.

Step 1 (`import/`): the editor pastes an article's text with its URL, title, outlet and
publication date, or gives only the URL and the page is fetched (`quotes.article_fetch`).
Step 2 (`import/review/`): one form per quotation found (`quotes.importer.propose_candidates`),
with the article and its details carried in the page and every field checked again on submit;
saving (`quotes.importer.import_statements`) creates the source and draft statements, then
sends the editor to the list of those drafts.

The pages hang under the statements' admin (`StatementAdmin.get_urls` adds `import_urls`), so
they get the admin's login, CSRF and never-cache wrapping. Editors need the add permission on
statements and sources.
"""

from dataclasses import dataclass
from functools import partial
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.admin.widgets import (
    AdminDateWidget,
    AutocompleteSelect,
    AutocompleteSelectMultiple,
)
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.forms.utils import ErrorDict
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods, require_POST

from quotes import article_fetch
from quotes.importer import (
    AcceptedCandidate,
    ImportRejected,
    Place,
    SourceData,
    format_parts,
    import_statements,
    normalise_newlines,
    parse_parts,
    place_of,
    propose_candidates,
    quote_is_in_article,
)
from quotes.models import Leader, Source, Statement, http_url_validator
from quotes.near_duplicates import find_near_duplicates
from quotes.urls_normalise import normalise_url

MAX_TEXT_CHARS = 300_000
MAX_CANDIDATES = 300
PERMISSIONS = ("quotes.add_statement", "quotes.add_source")


# --- forms --------------------------------------------------------------------------------


class ArticleForm(forms.Form):
    """The article and its details: step 1's form, and carried through the review step."""

    url = forms.URLField(
        label="URL",
        max_length=2000,
        assume_scheme="https",
        validators=[http_url_validator],
        help_text="The article's address. Give only this to fetch the page.",
        widget=forms.URLInput(attrs={"class": "vURLField"}),
    )
    title = forms.CharField(
        max_length=500, required=False, widget=forms.TextInput(attrs={"class": "vTextField"})
    )
    publisher = forms.CharField(
        label="Outlet",
        max_length=200,
        required=False,
        help_text="Reuters, Kremlin, KCNA …",
        widget=forms.TextInput(attrs={"class": "vTextField"}),
    )
    published_on = forms.DateField(label="Publication date", required=False, widget=AdminDateWidget)
    author = forms.CharField(
        max_length=200, required=False, widget=forms.TextInput(attrs={"class": "vTextField"})
    )
    kind = forms.ChoiceField(
        label="Kind of source", choices=Source.Kind.choices, initial=Source.Kind.NEWS_ARTICLE
    )
    text = forms.CharField(
        label="Article text",
        required=False,
        max_length=MAX_TEXT_CHARS,
        widget=forms.Textarea(attrs={"rows": 18, "cols": 90}),
        help_text="Paste the article's text, one paragraph per line; leave empty to fetch it.",
    )

    # Filled in whatever mode: required when the text is pasted, or once the page is fetched.
    details = ("title", "publisher", "published_on")

    def clean_text(self):
        return normalise_newlines(self.cleaned_data["text"]).strip()

    def clean_published_on(self):
        day = self.cleaned_data["published_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError("The publication date cannot be in the future.")
        return day

    @property
    def wants_fetch(self) -> bool:
        return self.mode == "fetch"

    def clean(self):
        cleaned = super().clean()
        action = self.data.get("action")
        if action not in ("paste", "fetch"):
            action = "paste" if cleaned.get("text") else "fetch"
        self.mode = action
        if action == "paste":
            if not cleaned.get("text") and "text" not in self.errors:
                self.add_error("text", "Paste the article's text, or use “Fetch the article”.")
            for name in self.details:
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, "Give this with the pasted text.")
        return cleaned


class SourceForm(ArticleForm):
    """The review step's copy of the article: everything required, the text read-only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in (*self.details, "text"):
            self.fields[name].required = True
        self.fields["text"].widget.attrs.update({"readonly": True, "rows": 12})
        self.fields["text"].help_text = "The text the quotations were found in; it cannot change."
        self.fields["url"].help_text = ""

    def clean(self):
        return forms.Form.clean(self)

    def source_data(self) -> SourceData:
        data = self.cleaned_data
        return SourceData(
            url=data["url"],
            title=data["title"],
            publisher=data["publisher"],
            published_on=data["published_on"],
            author=data["author"],
            kind=data["kind"],
            text=data["text"],
        )


class CandidateForm(forms.Form):
    """One quotation under review. Fields of an unticked quotation are not checked."""

    include = forms.BooleanField(label="Import this quotation", required=False, label_suffix="")
    text = forms.CharField(widget=forms.HiddenInput, max_length=MAX_TEXT_CHARS)
    parts = forms.CharField(widget=forms.HiddenInput, max_length=2000)
    speaker = forms.ModelChoiceField(queryset=Leader.objects.all(), required=False)
    new_speaker_name = forms.CharField(
        label="Name", max_length=200, required=False, widget=forms.TextInput(attrs={"size": 30})
    )
    create_speaker = forms.BooleanField(label="Create this leader", required=False)
    kind = forms.ChoiceField(choices=Statement.Kind.choices)
    channel = forms.ChoiceField(choices=Statement.Channel.choices)
    channel_detail = forms.CharField(
        max_length=200, required=False, widget=forms.TextInput(attrs={"size": 30})
    )
    relayed_by = forms.CharField(
        max_length=200, required=False, widget=forms.TextInput(attrs={"size": 30})
    )
    mentions = forms.ModelMultipleChoiceField(queryset=Leader.objects.all(), required=False)
    date_said = forms.DateField(label="Date said", required=False, widget=AdminDateWidget)

    def __init__(self, *args, article: str | None = None, admin_site=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        if admin_site is not None:
            # The admin's autocomplete over leaders by name: only the chosen ones are in the page.
            for name, widget in (
                ("speaker", AutocompleteSelect),
                ("mentions", AutocompleteSelectMultiple),
            ):
                field = self.fields[name]
                field.widget = widget(Statement._meta.get_field(name), admin_site)
                field.widget.choices = field.choices

    def full_clean(self):
        super().full_clean()
        if self.is_bound and not self.cleaned_data.get("include"):
            # An unticked quotation is not imported: nothing about it can stop the save.
            self._errors = ErrorDict()

    def clean_parts(self):
        try:
            return parse_parts(self.cleaned_data["parts"])
        except ValueError:
            raise forms.ValidationError(
                "The quotation's place in the article is garbled."
            ) from None

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("include"):
            return cleaned
        text, parts = cleaned.get("text"), cleaned.get("parts")
        if text and parts and not (self.article and quote_is_in_article(self.article, text, parts)):
            raise forms.ValidationError(
                "These words are not in the article text at this place: start the import again."
            )
        if cleaned.get("speaker") is None:
            if not cleaned.get("create_speaker"):
                self.add_error(
                    "speaker", "Choose who said this, create the leader named, or untick it."
                )
            elif not cleaned.get("new_speaker_name", "").strip():
                self.add_error("new_speaker_name", "Give the name of the leader to create.")
        day = cleaned.get("date_said")
        if "date_said" not in self.errors:
            if day is None:
                self.add_error("date_said", "Give the date the words were said.")
            elif day > timezone.localdate():
                self.add_error("date_said", "The date said cannot be in the future.")
        return cleaned

    def accepted(self) -> AcceptedCandidate:
        data = self.cleaned_data
        return AcceptedCandidate(
            text=data["text"],
            parts=tuple(data["parts"]),
            date_said=data["date_said"],
            speaker=data["speaker"],
            new_speaker_name="" if data["speaker"] else data["new_speaker_name"],
            kind=data["kind"],
            channel=data["channel"],
            channel_detail=data["channel_detail"],
            relayed_by=data["relayed_by"],
            mentions=tuple(data["mentions"]),
        )


class BaseCandidateFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not any(form.cleaned_data.get("include") for form in self.forms):
            raise forms.ValidationError("Tick at least one quotation to import.")


CandidateFormSet = forms.formset_factory(
    CandidateForm,
    formset=BaseCandidateFormSet,
    extra=0,
    max_num=MAX_CANDIDATES,
    absolute_max=MAX_CANDIDATES,
    validate_max=True,
)


# --- views --------------------------------------------------------------------------------


def import_urls(model_admin) -> list:
    """The import pages, for `StatementAdmin.get_urls` to put before its own."""
    wrap = model_admin.admin_site.admin_view
    info = model_admin.opts.app_label, model_admin.opts.model_name
    return [
        path(
            "import/",
            wrap(partial(article_view, model_admin=model_admin)),
            name="{}_{}_import".format(*info),
        ),
        path(
            "import/review/",
            wrap(partial(review_view, model_admin=model_admin)),
            name="{}_{}_import_review".format(*info),
        ),
    ]


def check_permission(request) -> None:
    if not all(request.user.has_perm(permission) for permission in PERMISSIONS):
        raise PermissionDenied("Importing needs the right to add statements and sources.")


def render(request, model_admin, template: str, context: dict, status: int = 200):
    opts = Statement._meta
    media = model_admin.media
    for name in ("form", "source_form", "formset"):
        if name in context:
            media += context[name].media
    return TemplateResponse(
        request,
        f"admin/quotes/{template}",
        {
            **model_admin.admin_site.each_context(request),
            "opts": opts,
            "app_label": opts.app_label,
            "title": "Import from article",
            "media": media,
            **context,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def article_view(request, *, model_admin):
    """Step 1: the article, pasted or fetched; a valid post answers with the review page."""
    check_permission(request)
    if request.method == "GET":
        form = ArticleForm(initial={"url": request.GET.get("url", "")[:2000]})
        return render(request, model_admin, "import_article.html", {"form": form})

    form = ArticleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Please correct the errors below.")
        return render(request, model_admin, "import_article.html", {"form": form})
    details = dict(form.cleaned_data)
    if form.wants_fetch:
        try:
            fetched = article_fetch.fetch_article(details["url"])
        except article_fetch.FetchError as error:
            messages.error(request, f"The article could not be fetched. {error}")
            return render(request, model_admin, "import_article.html", {"form": form})
        details["text"] = fetched.text
        for name in ("title", "publisher", "author", "published_on"):
            details[name] = details[name] or getattr(fetched, name)
        missing = [
            form.fields[name].label or name.capitalize()
            for name in ArticleForm.details
            if not details[name]
        ]
        if missing:
            messages.warning(
                request,
                f"The page did not say its {', '.join(m.lower() for m in missing)}: "
                "fill it in below before saving.",
            )

    proposals = propose_candidates(text=details["text"], published_on=details["published_on"])
    if not proposals:
        messages.warning(
            request,
            "No quotation was found in this text: only words between quotation marks are "
            "found. Check the text, or add the statements by hand.",
        )
        form = ArticleForm(initial=details)
        return render(request, model_admin, "import_article.html", {"form": form})

    source_form = SourceForm(initial=details, prefix="source")
    formset = CandidateFormSet(
        prefix="candidates",
        initial=[initial_for(proposal) for proposal in proposals],
        form_kwargs={"admin_site": model_admin.admin_site, "article": details["text"]},
    )
    if existing := Source.objects.filter(url=normalise_url(details["url"])).first():
        messages.info(
            request,
            format_html(
                'This article is already a source (<a href="{}">{}</a>): '
                "the quotations will be cited from it.",
                reverse("admin:quotes_source_change", args=[existing.pk]),
                existing,
            ),
        )
    rows = review_rows(formset, details["text"], proposals)
    return render(
        request,
        model_admin,
        "import_review.html",
        {"source_form": source_form, "formset": formset, "rows": rows},
    )


@require_POST
def review_view(request, *, model_admin):
    """Step 2: check everything again, save, and go to the drafts just made."""
    check_permission(request)
    source_form = SourceForm(request.POST, prefix="source")
    source_valid = source_form.is_valid()
    # The text, when it is valid even though another detail is not, still checks the quotations.
    article = source_form.cleaned_data.get("text")
    formset = CandidateFormSet(
        request.POST,
        prefix="candidates",
        form_kwargs={"admin_site": model_admin.admin_site, "article": article},
    )
    formset_valid = formset.is_valid()

    def again(message: str):
        messages.error(request, message)
        return render(
            request,
            model_admin,
            "import_review.html",
            {
                "source_form": source_form,
                "formset": formset,
                "rows": review_rows(formset, article),
            },
        )

    if not (source_valid and formset_valid):
        if formset.management_form.errors or not formset.forms:
            return again("The review form came back incomplete or altered: start the import again.")
        return again("Please correct the errors below.")

    candidates = [form.accepted() for form in formset.forms if form.cleaned_data.get("include")]
    try:
        result = import_statements(
            source_data=source_form.source_data(), candidates=candidates, editor=request.user
        )
    except ImportRejected as error:
        return again(f"Nothing was saved. {error}")
    except DatabaseError:
        return again(
            "Nothing was saved: the database refused the import (perhaps someone saved the "
            "same article at the same moment). Please submit again."
        )

    report_result(request, result)
    changelist = reverse("admin:quotes_statement_changelist")
    ids = ",".join(str(statement.pk) for statement in result.statements)
    return HttpResponseRedirect(f"{changelist}?{urlencode({'id__in': ids})}")


def report_result(request, result) -> None:
    created, reused = len(result.created), len(result.reused)
    source_link = format_html(
        '<a href="{}">{}</a>',
        reverse("admin:quotes_source_change", args=[result.source.pk]),
        result.source,
    )
    source_word = "new source" if result.source_created else "source"
    messages.success(
        request,
        format_html(
            "{} draft statement(s) created, cited from the {} {}.",
            created,
            source_word,
            source_link,
        ),
    )
    if reused:
        messages.info(
            request,
            f"{reused} quotation(s) were already in the record with the same speaker, date and "
            "words: cited from this source, not created again.",
        )
    for leader in result.leaders_created:
        messages.warning(
            request,
            format_html(
                'New leader <a href="{}">{}</a> created: add their country and details.',
                reverse("admin:quotes_leader_change", args=[leader.pk]),
                leader,
            ),
        )


# --- what the review page shows beside each form ------------------------------------------


@dataclass
class Row:
    form: CandidateForm
    number: int
    place: Place | None
    duplicates: list[Statement]
    unknown_name: str
    confidence: float | None = None
    evidence: str = ""


def initial_for(proposal) -> dict:
    return {
        "include": proposal.include,
        "text": proposal.text,
        "parts": format_parts(proposal.parts),
        "speaker": proposal.speaker.pk if proposal.speaker else None,
        "new_speaker_name": proposal.unlisted_speaker,
        "create_speaker": False,
        "kind": proposal.kind,
        "channel": proposal.channel,
        "relayed_by": proposal.relayed_by,
        "mentions": [leader.pk for leader in proposal.mentions],
        "date_said": proposal.date_said,
    }


def review_rows(formset, article: str | None, proposals=None) -> list[Row]:
    """Each form with its sentence and the statements it may repeat, worked out server-side."""
    rows = []
    for number, form in enumerate(formset.forms, start=1):
        proposal = proposals[number - 1] if proposals else None
        if proposal is not None:
            rows.append(
                Row(
                    form=form,
                    number=number,
                    place=proposal.place,
                    duplicates=proposal.duplicates,
                    unknown_name=proposal.unlisted_speaker,
                    confidence=proposal.confidence,
                    evidence=proposal.evidence,
                )
            )
            continue
        place = None
        text = str(form["text"].value() or "")
        try:
            parts = parse_parts(str(form["parts"].value() or ""))
        except ValueError:
            parts = None
        if article and parts and quote_is_in_article(article, text, parts):
            place = place_of(article, parts[0][0], parts[-1][1])
        duplicates = []
        speaker_id = form["speaker"].value()
        if place is not None and speaker_id and str(speaker_id).isdigit():
            duplicates = find_near_duplicates(speaker=int(speaker_id), text=text)
        rows.append(
            Row(
                form=form,
                number=number,
                place=place,
                duplicates=duplicates,
                unknown_name=str(form["new_speaker_name"].value() or "").strip(),
            )
        )
    return rows
