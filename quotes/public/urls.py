"""The public site's URLs: a public contract, so they change only with a redirect."""

from django.urls import path, re_path

from quotes.public import browse, events, feeds, lookup, sitemaps, views
from quotes.public.embeds import oembed, statement_embed
from quotes.public.filters import (
    LeaderStatementFeedFilter,
    StatementFeedFilter,
    TopicStatementFeedFilter,
)
from quotes.public.freshness import public_page
from quotes.public.share_images import statement_share_image
from quotes.record.cache_scopes import leader_scope, source_scope, topic_scope

app_name = "quotes"


def list_feeds(route: str, feed_class, names, filterset_class=None, **cache) -> list:
    """A list's RSS and Atom feeds at `route`.rss and `route`.atom, named `names` (a name
    and its "_atom", or both), cached as `public_page(**cache)`, seeing only the list's
    filters."""
    rss_name, atom_name = (names, f"{names}_atom") if isinstance(names, str) else names
    understands = tuple(filterset_class.base_filters) if filterset_class else ()
    return [
        path(
            f"{route}.{syndication}",
            public_page(feed_class(syndication), understands=understands, **cache),
            name=name,
        )
        for syndication, name in (("rss", rss_name), ("atom", atom_name))
    ]


urlpatterns = [
    path("", views.home, name="home"),
    path("quotes/", views.statement_list, name="statement_list"),
    path("quotes/<int:pk>/", views.statement_detail, name="statement_detail"),
    path("quotes/<int:pk>-<slug:slug>/", views.statement_detail, name="statement_detail"),
    path("quotes/<int:pk>/embed/", statement_embed, name="statement_embed"),
    path("quotes/<int:pk>/share.png", statement_share_image, name="statement_share_image"),
    path("oembed", oembed, name="oembed"),
    path("leaders/", views.leader_list, name="leader_list"),
    path("leaders/lookup.json", lookup.leader_lookup, name="leader_lookup"),
    path("leaders/<slug:slug>/", views.leader_detail, name="leader_detail"),
    path("sources/", browse.source_list, name="source_list"),
    path("sources/<int:pk>/", views.source_detail, name="source_detail"),
    path("topics/", browse.topic_list, name="topic_list"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic_detail"),
    path("events/", events.event_list, name="event_list"),
    # Digits only; the view answers 404 for a date that does not exist (2025/02/30, 0000).
    path("on/", browse.on_latest, name="on_latest"),
    re_path(r"^on/(?P<year>[0-9]{1,9})/$", browse.on_year, name="on_year"),
    re_path(r"^on/(?P<year>[0-9]{1,9})/(?P<month>[0-9]{1,9})/$", browse.on_month, name="on_month"),
    re_path(
        r"^on/(?P<year>[0-9]{1,9})/(?P<month>[0-9]{1,9})/(?P<day>[0-9]{1,9})/$",
        browse.on_day,
        name="on_day",
    ),
    path("events/<slug:slug>/", events.event_detail, name="event_detail"),
    # The first feeds' addresses, kept: the statements list's feeds, unfiltered by default.
    *list_feeds(
        "feeds/latest",
        feeds.StatementsFeed,
        ("feed_rss", "feed_atom"),
        StatementFeedFilter,
        scopes=views.statement_list_scopes,
    ),
    *list_feeds(
        "quotes/feed",
        feeds.StatementsFeed,
        "statement_list_feed",
        StatementFeedFilter,
        scopes=views.statement_list_scopes,
    ),
    *list_feeds(
        "leaders/<slug:slug>/feed",
        feeds.LeaderFeed,
        "leader_feed",
        LeaderStatementFeedFilter,
        scopes=lambda request, slug: (leader_scope(slug),),
    ),
    *list_feeds(
        "topics/<slug:slug>/feed",
        feeds.TopicFeed,
        "topic_feed",
        TopicStatementFeedFilter,
        scopes=lambda request, slug: (topic_scope(slug),),
    ),
    *list_feeds(
        "sources/<int:pk>/feed",
        feeds.SourceFeed,
        "source_feed",
        scopes=lambda request, pk: (source_scope(pk),),
    ),
    path("corrections/", views.correction_list, name="corrections"),
    path("corrections/feed.atom", public_page(feeds.CorrectionsFeed()), name="corrections_feed"),
    path("how-we-work/", views.how_we_work, name="how_we_work"),
    path("data/", views.open_data, name="open_data"),
    path("data/statements.<str:data_format>", views.statements_download, name="download"),
    path("sitemap.xml", public_page(sitemaps.sitemap_index), name="sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        public_page(sitemaps.sitemap_section, understands=("p",)),
        name="sitemap_section",
    ),
    path("robots.txt", public_page(sitemaps.robots_txt, scopes=lambda request: ()), name="robots"),
]
