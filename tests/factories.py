import datetime

import factory
from django.contrib.auth.models import Group, User
from django.db import transaction

from quotes.models import Citation, Leader, OfficeHeld, Source, Statement, Topic


class LeaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Leader

    name = factory.Sequence(lambda n: f"Leader Number{n}")
    slug = factory.LazyAttribute(lambda leader: leader.name.lower().replace(" ", "-"))
    country = "FR"


class OfficeHeldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficeHeld

    leader = factory.SubFactory(LeaderFactory)
    title = "President"
    country = "FR"
    start_date = datetime.date(2017, 5, 14)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    url = factory.Sequence(lambda n: f"https://news.example.com/articles/{n}")
    title = factory.Sequence(lambda n: f"Article {n}")
    publisher = "Example News"
    published_on = datetime.date(2025, 6, 4)


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statement
        skip_postgeneration_save = True

    speaker = factory.SubFactory(LeaderFactory)
    text = factory.Sequence(lambda n: f"We will keep our word number {n}.")
    date_said = datetime.date(2025, 6, 4)
    status = Statement.Status.PUBLISHED

    @classmethod
    def _generate(cls, strategy, params):
        # With its citation in one transaction: PostgreSQL checks the source rule at commit.
        with transaction.atomic():
            return super()._generate(strategy, params)

    @factory.post_generation
    def cited(statement, create, extracted, **kwargs):
        """A published statement cites a source (the record's rule, which PostgreSQL checks at
        commit); `cited=False` leaves it to the test, as CitationFactory does."""
        if create and extracted is not False and statement.status == Statement.Status.PUBLISHED:
            CitationFactory(statement=statement)


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation

    statement = factory.SubFactory(StatementFactory, cited=False)
    source = factory.SubFactory(SourceFactory)

    @classmethod
    def _generate(cls, strategy, params):
        with transaction.atomic():
            return super()._generate(strategy, params)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("a-long-test-password")


def make_editor(username: str = "editor") -> User:
    editor = UserFactory(username=username, is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    return editor


def make_reviewer(username: str = "reviewer") -> User:
    reviewer = UserFactory(username=username, is_staff=True)
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    return reviewer
