"""The reviewers' pages in the admin: the review queue, the workflow steps, deleted statements.

The queue lists submitted statements oldest first, each with its sources and the excerpt of
the article around it, and a form to publish it or send it back with a note. The steps are
POSTs to `<id>/step/<name>/`, each calling `quotes.editorial.workflow`, which decides who may
do what. Deleted statements (kept by the history) can be restored as drafts, with the
citations and links they had.
"""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from quotes.editorial import workflow
from quotes.editorial.admin_routes import admin_routes
from quotes.models import Citation, Source, Statement

STEPS = {
    "submit": (workflow.submit, "Submitted for review."),
    "publish": (workflow.publish, "Published."),
    "send_back": (workflow.send_back, "Sent back to its editor with your note."),
    "unpublish": (workflow.unpublish, "Unpublished: it is a draft again."),
}
QUEUE_PAGE = 50


def review_urls(model_admin) -> list:
    return admin_routes(
        model_admin,
        [
            ("review/", partial(queue_view, model_admin=model_admin), "review_queue"),
            ("<int:pk>/step/<slug:step>/", step_view, "step"),
            ("deleted/", partial(deleted_view, model_admin=model_admin), "deleted"),
            ("deleted/<int:history_id>/restore/", restore_view, "restore"),
        ],
    )


def queue_view(request, model_admin):
    if not request.user.has_perm("quotes.view_statement"):
        raise PermissionDenied
    submitted = (
        Statement.objects.filter(status=Statement.Status.SUBMITTED)
        .select_related("speaker", "submitted_by", "created_by")
        .prefetch_related(Prefetch("citations", queryset=Citation.objects.select_related("source")))
        .order_by("submitted_at", "pk")
    )
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Statements waiting for review",
        "opts": Statement._meta,
        "statements": submitted[:QUEUE_PAGE],
        "waiting": submitted.count(),
        "is_reviewer": workflow.is_reviewer(request.user),
        "four_eyes": workflow.settings.VERBATIM_FOUR_EYES,
    }
    return TemplateResponse(request, "admin/quotes/review_queue.html", context)


@require_POST
def step_view(request, pk: int, step: str):
    if step not in STEPS:
        raise Http404("No such step.")
    statement = get_object_or_404(Statement, pk=pk)
    action, done = STEPS[step]
    note = request.POST.get("note", "")
    kwargs = {"note": note} if step in ("send_back", "unpublish") else {}
    try:
        action(statement, request.user, **kwargs)
    except workflow.WorkflowRefused as refusal:
        messages.error(request, f"“{statement.short_text}”: {refusal}")
    else:
        messages.success(request, f"“{statement.short_text}”: {done}")
    return HttpResponseRedirect(_next(request, statement))


def deleted_view(request, model_admin):
    if not request.user.has_perm("quotes.delete_statement"):
        raise PermissionDenied
    gone = (
        Statement.history.filter(history_type="-")
        .exclude(id__in=Statement.objects.values("pk"))
        .select_related("history_user")
        .order_by("-history_date")[:200]
    )
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Deleted statements",
        "opts": Statement._meta,
        "deletions": gone,
    }
    return TemplateResponse(request, "admin/quotes/deleted_statements.html", context)


@require_POST
def restore_view(request, history_id: int):
    if not (
        request.user.has_perm("quotes.add_statement")
        and request.user.has_perm("quotes.delete_statement")
    ):
        raise PermissionDenied
    deletion = get_object_or_404(Statement.history, history_id=history_id, history_type="-")
    if Statement.objects.filter(pk=deletion.id).exists():
        messages.info(request, "This statement is already back in the record.")
    else:
        try:
            statement = restore(deletion, request.user)
        except IntegrityError:
            messages.error(
                request,
                "This statement cannot come back: its speaker is gone from the record, or the "
                "same words by the same speaker on the same date were entered again since.",
            )
            return HttpResponseRedirect(reverse("admin:quotes_statement_deleted"))
        messages.success(request, f"“{statement.short_text}” is back, as a draft.")
        return HttpResponseRedirect(reverse("admin:quotes_statement_change", args=[statement.pk]))
    return HttpResponseRedirect(reverse("admin:quotes_statement_deleted"))


@transaction.atomic
def restore(deletion, user) -> Statement:
    """A deleted statement back as a draft, with its topics, mentions and surviving sources."""
    statement = deletion.instance
    # The deletion's own entry is written after its links are gone; the entry before has them.
    last_state = (
        Statement.history.filter(id=deletion.id)
        .exclude(history_type="-")
        .order_by("-history_date", "-history_id")
        .first()
    )
    statement.status = Statement.Status.DRAFT
    statement.version = 1
    statement._state.adding = True
    statement._history_user = user
    statement._change_reason = "Restored after deletion"
    statement.save(force_insert=True)
    if last_state is not None:
        statement.topics.set([row.topic_id for row in last_state.topics.all()])
        statement.mentions.set([row.leader_id for row in last_state.mentions.all()])
    citations = Citation.history.filter(statement_id=deletion.id, history_type="-")
    sources = set(
        Source.objects.filter(pk__in=citations.values("source_id")).values_list("pk", flat=True)
    )
    for row in citations.order_by("-history_date"):
        if row.source_id in sources:
            Citation.objects.get_or_create(
                statement=statement,
                source_id=row.source_id,
                defaults={"locator": row.locator, "excerpt": row.excerpt},
            )
    return statement


def _next(request, statement) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:quotes_statement_change", args=[statement.pk])
