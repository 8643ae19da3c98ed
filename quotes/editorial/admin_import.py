"""The editors' "Import from article" pages in the admin.

Step 1 (`import/`): the editor pastes an article's text with its URL, title, outlet and
publication date, or gives only the URL and the page is fetched (`quotes.editorial.article_fetch`).
Step 2 (`import/review/`): the article with every quotation found highlighted and numbered,
beside one compact row per quotation (`quotes.editorial.importer.propose_candidates`), with the
article
and its details carried in the page and every field checked again on submit. "Tick every
confident quotation" re-renders the page with those ticked (a script does the same in the
browser). Saving (`quotes.editorial.importer.import_statements`) creates the source and draft
statements, then sends the editor to the list of those drafts, where each spelling of a name
the import learnt has an Undo button (`import/aliases/undo/`).

The pages hang under the statements' admin (`StatementAdmin.get_urls` adds `import_urls`), so
they get the admin's login, CSRF and never-cache wrapping. Editors need the add permission on
statements and sources; undoing a learnt alias needs the change permission on leaders.
"""

import datetime
from contextlib import suppress
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
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from quotes.editorial import article_fetch
from quotes.editorial.admin_routes import admin_routes
from quotes.editorial.import_limits import MAX_CANDIDATES, MAX_TEXT_CHARS
from quotes.editorial.importer import (
    CONFIDENT,
    CONTEXT_MAX_CHARS,
    AcceptedCandidate,
    AliasUndoRejected,
    ImportRejected,
    Place,
    SourceData,
    forget_alias,
    format_parts,
    import_statements,
    name_is_in_article,
    normalise_newlines,
    parse_parts,
    place_of,
    propose_candidates,
    quote_is_in_article,
)
from quotes.extraction.language import reads_as_english
from quotes.formats import ISO_DATE_ONLY
from quotes.models import (
    LARGEST_ID,
    Event,
    Leader,
    Source,
    Statement,
    as_record_id,
    http_url_validator,
)
from quotes.record.urls_normalise import normalise_url
from quotes.search.near_duplicates import find_near_duplicates

PERMISSIONS = ("quotes.add_statement", "quotes.add_source")


def too_long(article: str) -> str | None:
    if len(article) > MAX_TEXT_CHARS:
        return (
            f"The article is {len(article):,} characters long; at most {MAX_TEXT_CHARS:,} "
            "can be imported at once. Split it and import each part."
        )
    return None


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
    published_on = forms.DateField(
        label="Publication date",
        required=False,
        widget=AdminDateWidget,
        error_messages={"invalid": ISO_DATE_ONLY},
    )
    author = forms.CharField(
        max_length=200, required=False, widget=forms.TextInput(attrs={"class": "vTextField"})
    )
    kind = forms.ChoiceField(
        label="Kind of source", choices=Source.Kind.choices, initial=Source.Kind.NEWS_ARTICLE
    )
    # No max_length: a browser sends each line break as two characters, so the length is
    # checked once they are one (`clean_text`).
    text = forms.CharField(
        label="Article text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "cols": 90, "maxlength": MAX_TEXT_CHARS}),
        help_text="Paste the article's text, one paragraph per line; leave empty to fetch it.",
    )

    # Filled in whatever mode: required when the text is pasted, or once the page is fetched.
    details = ("title", "publisher", "published_on")

    def clean_text(self):
        text = normalise_newlines(self.cleaned_data["text"]).strip()
        if problem := too_long(text):
            raise forms.ValidationError(problem)
        return text

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
    """The review step's copy of the article: everything required, the text read-only; and
    what applies to every quotation saved: the event they are all about, if any."""

    # Chosen by slug: a number beyond the database's integers would fail on SQLite.
    event = forms.ModelChoiceField(
        queryset=Event.objects.newest_first(),
        to_field_name="slug",
        required=False,
        label="Event",
        help_text=(
            "When these quotations are all about the same call, meeting or speech: each draft "
            "becomes an account of it (each speaker must be one of its participants)."
        ),
    )

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


class LeaderAutocomplete(AutocompleteSelect):
    """The admin's leader autocomplete, which shows a garbled id as no choice, not an error."""

    def optgroups(self, name, value, attr=None):
        # Overlarge ids too: SQLite raises an OverflowError for them in `pk__in`.
        return super().optgroups(name, [v for v in value if as_record_id(v) is not None], attr)


class LeadersAutocomplete(AutocompleteSelectMultiple):
    """The same for several leaders."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if as_record_id(v) is not None], attr)


class LeadersField(forms.ModelMultipleChoiceField):
    """Leaders chosen by id, where an id beyond the database's integers is an invalid choice:
    Django looks the ids up with `pk__in`, for which SQLite raises an OverflowError."""

    def _check_values(self, value):
        for pk in value:
            with suppress(TypeError, ValueError):
                if abs(int(pk)) > LARGEST_ID:
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": pk},
                    )
        return super()._check_values(value)


class CandidateForm(forms.Form):
    """One quotation under review. Fields of an unticked quotation are not checked.

    The hidden fields carry what the engine said about the quotation (its words and where
    they stand, its confidence, why it chose the speaker, the speaker's name as written), so
    that the page can be shown again, and the name learnt, without keeping anything on the
    server between the steps.
    """

    include = forms.BooleanField(label="Import", required=False, label_suffix="")
    text = forms.CharField(widget=forms.HiddenInput, max_length=MAX_TEXT_CHARS)
    parts = forms.CharField(widget=forms.HiddenInput, max_length=2000)
    confidence = forms.FloatField(
        widget=forms.HiddenInput, required=False, min_value=0, max_value=1
    )
    reason = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)
    written_name = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)
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
    mentions = LeadersField(queryset=Leader.objects.all(), required=False)
    date_said = forms.DateField(
        label="Date said",
        required=False,
        widget=AdminDateWidget,
        error_messages={"invalid": ISO_DATE_ONLY},
    )
    context = forms.CharField(
        max_length=CONTEXT_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="What the words were about: the reporter's sentence, to shorten or reword.",
    )

    # The rarely changed fields, folded away under "More" on the review page.
    folded_fields = (
        "channel",
        "channel_detail",
        "relayed_by",
        "mentions",
        "date_said",
        "context",
        "new_speaker_name",
        "create_speaker",
    )

    def __init__(self, *args, article: str | None = None, admin_site=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        if admin_site is not None:
            # The admin's autocomplete over leaders by name: only the chosen ones are in the page.
            for name, widget in (
                ("speaker", LeaderAutocomplete),
                ("mentions", LeadersAutocomplete),
            ):
                field = self.fields[name]
                field.widget = widget(
                    Statement._meta.get_field(name), admin_site, attrs={"data-width": "100%"}
                )
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
        written = cleaned.get("written_name")
        if written and self.article and not name_is_in_article(self.article, written):
            raise forms.ValidationError(
                "The speaker's name as written is not in the article text: start the import again."
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
            context=data["context"],
            written_name=data["written_name"],
        )

    @property
    def confidence_value(self) -> float | None:
        """The engine's confidence as the page carries it; None when missing or garbled."""
        try:
            value = float(self["confidence"].value())
        except (TypeError, ValueError):
            return None
        return value if 0 <= value <= 1 else None

    @property
    def has_folded_errors(self) -> bool:
        return any(self[name].errors for name in self.folded_fields)


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
    return admin_routes(
        model_admin,
        [
            ("import/", partial(article_view, model_admin=model_admin), "import"),
            ("import/review/", partial(review_view, model_admin=model_admin), "import_review"),
            ("import/aliases/undo/", undo_alias_view, "import_alias_undo"),
        ],
    )


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
        if problem := too_long(normalise_newlines(fetched.text).strip()):
            messages.error(request, f"{problem} Paste the parts one at a time.")
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
    if not reads_as_english(details["text"]):
        messages.warning(
            request,
            "This article does not read as English. The assistant knows English speech verbs, "
            "titles and pronouns only: in another language it misses most quotations and "
            "speakers. Check each proposal and add the rest by hand.",
        )
    if not proposals:
        messages.warning(
            request,
            "No quotation was found in this text: only words between quotation marks are "
            "found. Check the text, or add the statements by hand.",
        )
        form = ArticleForm(initial=details)
        return render(request, model_admin, "import_article.html", {"form": form})

    if proposals.capped:
        messages.warning(
            request,
            f"The article holds {proposals.found:,} quotations; the first {len(proposals):,} "
            f"are shown (up to paragraph {proposals[-1].place.paragraph}). Split the article to "
            "import the rest: save these, then import it again from that paragraph on.",
        )
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
    return render_review(request, model_admin, source_form, formset, details["text"], proposals)


def render_review(request, model_admin, source_form, formset, article, proposals=None):
    rows = review_rows(formset, article, proposals)
    return render(
        request,
        model_admin,
        "import_review.html",
        {
            "source_form": source_form,
            "formset": formset,
            "rows": rows,
            "article_html": article_with_quotations(article or "", rows),
            "confident": CONFIDENT,
        },
    )


@require_POST
def review_view(request, *, model_admin):
    """Step 2: check everything again, save, and go to the drafts just made."""
    check_permission(request)
    if request.POST.get("action") == "tick_confident":
        return tick_confident(request, model_admin)
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
        return render_review(request, model_admin, source_form, formset, article)

    if not (source_valid and formset_valid):
        if formset.management_form.errors or not formset.forms:
            return again("The review form came back incomplete or altered: start the import again.")
        return again("Please correct the errors below.")

    candidates = [form.accepted() for form in formset.forms if form.cleaned_data.get("include")]
    try:
        result = import_statements(
            source_data=source_form.source_data(),
            candidates=candidates,
            editor=request.user,
            event=source_form.cleaned_data.get("event"),
        )
    except ImportRejected as error:
        return again(f"Nothing was saved. {error}")
    except DatabaseError:
        return again(
            "Nothing was saved: the database refused the import (perhaps someone saved the "
            "same article at the same moment). Please submit again."
        )

    changelist = reverse("admin:quotes_statement_changelist")
    ids = ",".join(str(statement.pk) for statement in result.statements)
    drafts = f"{changelist}?{urlencode({'id__in': ids})}"
    report_result(request, result, drafts)
    return HttpResponseRedirect(drafts)


def tick_confident(request, model_admin):
    """The review page again, as the editor left it, with every confident quotation ticked.

    Nothing is checked or saved: the forms are shown from what was posted, so no error
    appears before the editor asks to save.
    """
    posted = CandidateFormSet(request.POST, prefix="candidates")
    if not posted.management_form.is_valid():
        messages.error(
            request, "The review form came back incomplete or altered: start the import again."
        )
        return HttpResponseRedirect(reverse("admin:quotes_statement_import"))
    initial, ticked = [], 0
    for form in posted.forms:
        values = {name: form[name].value() for name in form.fields}
        confidence = form.confidence_value
        if confidence is not None and confidence >= CONFIDENT and not values["include"]:
            values["include"] = True
            ticked += 1
        initial.append(values)
    source = SourceForm(request.POST, prefix="source")
    source_form = SourceForm(
        prefix="source", initial={name: source[name].value() for name in source.fields}
    )
    article = normalise_newlines(str(source_form["text"].value() or "")).strip()
    formset = CandidateFormSet(
        prefix="candidates",
        initial=initial,
        form_kwargs={"admin_site": model_admin.admin_site, "article": article},
    )
    messages.info(
        request,
        f"Every quotation with a confidence of {CONFIDENT:.1f} or more is ticked "
        f"({ticked} more than before): check their speakers, then save.",
    )
    return render_review(request, model_admin, source_form, formset, article)


def report_result(request, result, drafts_url: str) -> None:
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
    for learnt in result.aliases_learnt:
        # The message carries its own small form: Undo is a POST, with the CSRF token.
        messages.info(
            request,
            mark_safe(
                render_to_string(
                    "admin/quotes/import_alias_learnt.html",
                    {"leader": learnt.leader, "alias": learnt.alias, "next": drafts_url},
                    request=request,
                ).strip()
            ),
        )


@require_POST
def undo_alias_view(request):
    """Remove a spelling the import learnt from the leader's aliases, and go back."""
    if not request.user.has_perm("quotes.change_leader"):
        raise PermissionDenied("Undoing an alias needs the right to change leaders.")
    try:
        leader = forget_alias(
            leader_id=request.POST.get("leader", ""),
            alias=request.POST.get("alias", ""),
            editor=request.user,
        )
    except AliasUndoRejected as error:
        messages.warning(request, str(error))
        leader = None
    else:
        messages.success(
            request,
            format_html(
                '“{}” is no longer an alias of <a href="{}">{}</a>.',
                request.POST["alias"].strip(),
                reverse("admin:quotes_leader_change", args=[leader.pk]),
                leader,
            ),
        )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = (
            reverse("admin:quotes_leader_change", args=[leader.pk])
            if leader
            else reverse("admin:quotes_leader_changelist")
        )
    return HttpResponseRedirect(back)


# --- what the review page shows beside each form ------------------------------------------


@dataclass
class Row:
    form: CandidateForm
    number: int
    place: Place | None
    parts: list[tuple[int, int]]
    duplicates: list[Statement]
    unknown_name: str
    confidence: float | None = None
    reason: str = ""
    folded_summary: str = ""

    @property
    def confident(self) -> bool:
        return self.confidence is not None and self.confidence >= CONFIDENT


def initial_for(proposal) -> dict:
    return {
        "include": proposal.include,
        "text": proposal.text,
        "parts": format_parts(proposal.parts),
        "confidence": proposal.confidence,
        "reason": proposal.reason,
        "written_name": proposal.written_name,
        "speaker": proposal.speaker.pk if proposal.speaker else None,
        "new_speaker_name": proposal.unlisted_speaker,
        "create_speaker": False,
        "kind": proposal.kind,
        "channel": proposal.channel,
        "channel_detail": proposal.channel_detail,
        "relayed_by": proposal.relayed_by,
        "mentions": [leader.pk for leader in proposal.mentions],
        "date_said": proposal.date_said,
        "context": proposal.context,
    }


def review_rows(formset, article: str | None, proposals=None) -> list[Row]:
    """Each form with its place and the statements it may repeat, worked out server-side.

    From the proposals on the first showing; from what the page sent back afterwards, where
    a quotation whose words are no longer at their place in the article has no place.
    """
    rows = []
    for number, form in enumerate(formset.forms, start=1):
        proposal = proposals[number - 1] if proposals else None
        row = Row(
            form=form,
            number=number,
            place=None,
            parts=[],
            duplicates=[],
            unknown_name=str(form["new_speaker_name"].value() or "").strip(),
            confidence=form.confidence_value,
            reason=str(form["reason"].value() or "").strip(),
            folded_summary=folded_summary(form),
        )
        if proposal is not None:
            row.place, row.parts = proposal.place, list(proposal.parts)
            row.duplicates = proposal.duplicates
        else:
            text = str(form["text"].value() or "")
            try:
                parts = parse_parts(str(form["parts"].value() or ""))
            except ValueError:
                parts = None
            if article and parts and quote_is_in_article(article, text, parts):
                row.place, row.parts = place_of(article, parts[0][0], parts[-1][1]), parts
            # As the page sent it back: a garbled or overlarge id looks for no duplicates.
            speaker_id = as_record_id(form["speaker"].value())
            if row.place is not None and speaker_id is not None:
                row.duplicates = find_near_duplicates(speaker=speaker_id, text=text)
        rows.append(row)
    return rows


def folded_summary(form) -> str:
    """What the folded fields hold, in a line, so that the editor needs to open them rarely."""
    channels = dict(Statement.Channel.choices)
    channel = channels.get(form["channel"].value(), "")
    detail = str(form["channel_detail"].value() or "").strip()
    relayed_by = str(form["relayed_by"].value() or "").strip()
    day = form["date_said"].value()
    if isinstance(day, str):  # as posted back: shown as typed unless it reads as a date
        with suppress(ValueError):
            day = datetime.date.fromisoformat(day.strip())
    if isinstance(day, datetime.date):
        day = f"{day.day} {day:%B %Y}"
    pieces = [
        f"{channel} ({detail})" if channel and detail else channel,
        f"relayed by {relayed_by}" if relayed_by else "",
        f"said {day}" if day else "no date",
    ]
    return " · ".join(piece for piece in pieces if piece)


def article_with_quotations(article: str, rows: list[Row]) -> SafeString:
    """The article, one paragraph per line, each quotation highlighted and numbered.

    Every piece of the article's text is escaped here; the only markup is ours. A highlight
    links to its quotation's row (`#candidate-N`), which links back to it (`#quote-N`). The
    parts of an interrupted quotation are each highlighted; the first carries the number.
    """
    highlights = []  # (start, end, number, is_first_part)
    for row in rows:
        for index, (start, end) in enumerate(row.parts):
            highlights.append((start, end, row.number, index == 0))
    highlights.sort()
    kept, reached = [], 0
    for highlight in highlights:
        if highlight[0] >= reached:  # quotations never overlap; a garbled page might
            kept.append(highlight)
            reached = highlight[1]

    paragraphs, numbered, line_start = [], set(), 0
    for line in article.split("\n"):
        line_end = line_start + len(line)
        if line.strip():
            pieces, position = [], line_start
            for start, end, number, first in kept:
                start, end = max(start, line_start), min(end, line_end)
                if start >= end:
                    continue
                pieces.append(escape(article[position:start]))
                pieces.append(
                    quotation_link(article[start:end], number, first and number not in numbered)
                )
                if first:
                    numbered.add(number)
                position = end
            pieces.append(escape(article[position:line_end]))
            paragraphs.append(format_html("<p>{}</p>", mark_safe("".join(pieces))))
        line_start = line_end + 1
    return mark_safe("\n".join(paragraphs))


def quotation_link(words: str, number: int, numbered: bool) -> SafeString:
    if not numbered:
        return format_html(
            '<a href="#candidate-{}" class="import-quote"><mark>{}</mark></a>', number, words
        )
    return format_html(
        '<a href="#candidate-{0}" class="import-quote" id="quote-{0}">'
        '<span class="import-quote-number"><span class="visually-hidden">Quotation </span>{0}'
        "</span><mark>{1}</mark></a>",
        number,
        words,
    )
