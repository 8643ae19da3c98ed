"""Which cached pages a change to the record reaches.

Public pages are cached under the versions of the scopes they show (`quotes.public.freshness`); a
change moves on only the scopes it reaches, inside the transaction that makes it:

- "reference": leaders, their offices, topics and sources, whose names every page may show.
  They change rarely; every page depends on this scope.
- "statements": the published statements as the lists, the home page, the feeds and the
  leaders' directory show them (with their citations, topics, mentions and corrections).
- "leader:<slug>", "topic:<slug>", "source:<id>": the pages of one leader, topic or source, and
  the statement pages that show a leader's timeline or a source's other statements.
- "event:<slug>": an event's page, and the pages of its statements ("part of: …").
- "events": the list of events, and the events the statement lists offer as a filter or find
  by a search.

A change to a statement reaches "statements" and the scopes of every leader, topic, source and
event it touches (and the events' participants, whose pages list their events), as they were
before the change and after it. A statement that is a draft both before and after reaches
nothing: no public page shows drafts. A change to an event that the public sees (one with a
published statement) reaches its own scope, "events" and its participants' pages. Each
statement's card is keyed on the statement's own `updated_at`, which a change to its topics,
mentions or citations moves on too. So a newsroom publishing all day leaves in the cache every
page and card the publication does not appear on.
"""

from django.db import connections, router
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from quotes.models import (
    CacheScope,
    Citation,
    Correction,
    Event,
    Leader,
    OfficeHeld,
    RecordVersion,
    Source,
    Statement,
    Topic,
)

REFERENCE = "reference"
STATEMENTS = "statements"
EVENTS = "events"
REFERENCE_MODELS = (Leader, OfficeHeld, Source, Topic)


def leader_scope(slug: str) -> str:
    return f"leader:{slug}"


def topic_scope(slug: str) -> str:
    return f"topic:{slug}"


def source_scope(source_id: int) -> str:
    return f"source:{source_id}"


def event_scope(slug: str) -> str:
    return f"event:{slug}"


def bump(names) -> None:
    """Move the named scopes (and the record's version) on, in the caller's transaction."""
    names = sorted(set(names))  # one order for every writer: no deadlock between two of them
    if not names:
        return
    now = timezone.now()
    connection = connections[router.db_for_write(CacheScope)]
    table = connection.ops.quote_name(CacheScope._meta.db_table)
    rows = ", ".join(["(%s, 1, %s)"] * len(names))
    params = [value for name in names for value in (name, now)]
    with connection.cursor() as cursor:
        # One statement for every scope, created at its first change.
        cursor.execute(
            f"INSERT INTO {table} (name, version, changed_at) VALUES {rows} "
            f"ON CONFLICT (name) DO UPDATE SET version = {table}.version + 1, "
            "changed_at = excluded.changed_at",
            params,
        )
    _bump_record_version(now)


def _bump_record_version(now) -> None:
    updated = RecordVersion.objects.filter(pk=1).update(version=F("version") + 1, changed_at=now)
    if not updated:
        RecordVersion.objects.get_or_create(pk=1, defaults={"version": 1, "changed_at": now})


def everything_changed() -> None:
    """For writes no signal sees (bulk loads, `QuerySet.update()`): every page is stale."""
    bump([REFERENCE, STATEMENTS])


def published_scopes(statement_ids) -> set[str]:
    """The scopes the published ones among these statements appear in, as the database has them
    now (nothing for drafts)."""
    ids = [pk for pk in statement_ids if pk is not None]
    if not ids:
        return set()
    published = Statement.objects.published().filter(pk__in=ids)
    found = list(published.values_list("pk", "speaker__slug", "event_id", "event__slug"))
    if not found:
        return set()
    ids = [pk for pk, *_ in found]
    scopes = {STATEMENTS, *(leader_scope(slug) for _, slug, *_ in found)}
    events = {event_id: slug for *_, event_id, slug in found if event_id is not None}
    if events:
        scopes |= {EVENTS, *(event_scope(slug) for slug in events.values())}
        participants = Event.participants.through.objects.filter(event_id__in=list(events))
        scopes.update(
            leader_scope(slug) for slug in participants.values_list("leader__slug", flat=True)
        )
    mentions = Statement.mentions.through.objects.filter(statement_id__in=ids)
    scopes.update(leader_scope(slug) for slug in mentions.values_list("leader__slug", flat=True))
    topics = Statement.topics.through.objects.filter(statement_id__in=ids)
    scopes.update(topic_scope(slug) for slug in topics.values_list("topic__slug", flat=True))
    citations = Citation.objects.filter(statement_id__in=ids)
    scopes.update(source_scope(pk) for pk in citations.values_list("source_id", flat=True))
    return scopes


def _touch_cards(statement_ids) -> None:
    """A statement's card is keyed on its `updated_at`: move it on when its topics, mentions or
    citations change, which its own row does not record."""
    Statement.objects.filter(pk__in=list(statement_ids)).update(updated_at=timezone.now())


# --- the signals ------------------------------------------------------------------------------
# Each write notes the scopes its rows are in before it (pre_*), and bumps those and the ones
# they are in after it (post_*). The notes live on the instance being written.

BEFORE = "_scopes_before_change"


def _statement_ids_of(instance) -> list[int]:
    if isinstance(instance, Statement):
        return [instance.pk]
    return [instance.statement_id]  # a citation or a correction


def _before_write(sender, instance, raw=False, **kwargs):
    if raw:  # fixtures being loaded: the loader calls everything_changed() once afterwards
        return
    if instance.pk is None:
        setattr(instance, BEFORE, set())
        return
    setattr(instance, BEFORE, published_scopes(_statement_ids_of(instance)))


def _after_write(sender, instance, raw=False, **kwargs):
    if raw:
        return
    scopes = getattr(instance, BEFORE, set())
    if not isinstance(instance, Statement):
        scopes |= published_scopes(_statement_ids_of(instance))
        if scopes:
            _touch_cards(_statement_ids_of(instance))
    elif kwargs.get("signal") is post_save:
        scopes |= published_scopes([instance.pk])
    if scopes:
        bump(scopes)


def _reference_changed(sender, raw=False, **kwargs):
    if not raw:
        bump([REFERENCE])


def _relation_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Topics or mentions added to or taken from statements, from either side."""
    if reverse:  # topic.statements.add(...): the statements are in pk_set
        statement_ids = set(pk_set or ())
        if action == "pre_clear":
            side = "topic_id" if isinstance(instance, Topic) else "leader_id"
            rows = sender.objects.filter(**{side: instance.pk})
            statement_ids = set(rows.values_list("statement_id", flat=True))
    else:
        statement_ids = {instance.pk}
    if action.startswith("pre_"):
        instance._relation_before = (statement_ids, published_scopes(statement_ids))
        return
    ids_before, scopes = getattr(instance, "_relation_before", (set(), set()))
    statement_ids |= ids_before
    scopes = scopes | published_scopes(statement_ids)
    if scopes:
        _touch_cards(statement_ids)
        bump(scopes)


def event_scopes(event_id) -> set[str]:
    """The scopes an event is shown in, if the public sees it (nothing while only drafts
    belong to it)."""
    if event_id is None or not Statement.objects.published().filter(event_id=event_id).exists():
        return set()
    rows = Event.participants.through.objects.filter(event_id=event_id)
    participants = rows.values_list("leader__slug", flat=True)
    slug = Event.objects.filter(pk=event_id).values_list("slug", flat=True).first()
    return {EVENTS, *(leader_scope(leader) for leader in participants), event_scope(slug)}


def _before_event_write(sender, instance, raw=False, **kwargs):
    if not raw:
        setattr(instance, BEFORE, event_scopes(instance.pk))


def _after_event_write(sender, instance, raw=False, **kwargs):
    if raw:
        return
    scopes = getattr(instance, BEFORE, set())
    if kwargs.get("signal") is post_save:
        scopes |= event_scopes(instance.pk)
    if scopes:
        bump(scopes)


def _event_relation_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Participants or sources added to or taken from events, from either side."""
    if reverse:  # leader.events.add(...): the events are in pk_set
        event_ids = set(pk_set or ())
        if action == "pre_clear":
            side = "leader_id" if isinstance(instance, Leader) else "source_id"
            rows = sender.objects.filter(**{side: instance.pk})
            event_ids = set(rows.values_list("event_id", flat=True))
    else:
        event_ids = {instance.pk}
    if action.startswith("pre_"):
        instance._event_relation_before = (
            event_ids,
            set().union(*(event_scopes(pk) for pk in event_ids)),
        )
        return
    ids_before, scopes = getattr(instance, "_event_relation_before", (set(), set()))
    scopes = scopes.union(*(event_scopes(pk) for pk in event_ids | ids_before))
    if scopes:
        bump(scopes)


def connect_signals() -> None:
    for model in (Statement, Citation, Correction):
        uid = f"cache-scopes-{model.__name__}"
        pre_save.connect(_before_write, sender=model, dispatch_uid=f"{uid}-pre-save")
        pre_delete.connect(_before_write, sender=model, dispatch_uid=f"{uid}-pre-delete")
        post_save.connect(_after_write, sender=model, dispatch_uid=f"{uid}-post-save")
        post_delete.connect(_after_write, sender=model, dispatch_uid=f"{uid}-post-delete")
    for model in REFERENCE_MODELS:
        uid = f"cache-scopes-{model.__name__}"
        post_save.connect(_reference_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_reference_changed, sender=model, dispatch_uid=f"{uid}-delete")
    for through in (Statement.topics.through, Statement.mentions.through):
        uid = f"cache-scopes-{through.__name__}"
        m2m_changed.connect(_relation_changed, sender=through, dispatch_uid=uid)
    uid = "cache-scopes-Event"
    pre_save.connect(_before_event_write, sender=Event, dispatch_uid=f"{uid}-pre-save")
    pre_delete.connect(_before_event_write, sender=Event, dispatch_uid=f"{uid}-pre-delete")
    post_save.connect(_after_event_write, sender=Event, dispatch_uid=f"{uid}-post-save")
    post_delete.connect(_after_event_write, sender=Event, dispatch_uid=f"{uid}-post-delete")
    for through in (Event.participants.through, Event.sources.through):
        uid = f"cache-scopes-{through.__name__}"
        m2m_changed.connect(_event_relation_changed, sender=through, dispatch_uid=uid)
