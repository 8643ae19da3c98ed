"""The public site's URLs: a public contract, so they change only with a redirect."""

from django.urls import path

from quotes.public import events, feeds, lookup, views
from quotes.public.freshness import public_page
from quotes.record.cache_scopes import leader_scope

app_name = "quotes"

urlpatterns = [
    path("", views.home, name="home"),
    path("quotes/", views.statement_list, name="statement_list"),
    path("quotes/<int:pk>/", views.statement_detail, name="statement_detail"),
    path("quotes/<int:pk>-<slug:slug>/", views.statement_detail, name="statement_detail"),
    path("leaders/", views.leader_list, name="leader_list"),
    path("leaders/lookup.json", lookup.leader_lookup, name="leader_lookup"),
    path("leaders/<slug:slug>/", views.leader_detail, name="leader_detail"),
    path("sources/<int:pk>/", views.source_detail, name="source_detail"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic_detail"),
    path("events/", events.event_list, name="event_list"),
    path("events/<slug:slug>/", events.event_detail, name="event_detail"),
    path("feeds/latest.rss", public_page(feeds.LatestStatementsFeed()), name="feed_rss"),
    path("feeds/latest.atom", public_page(feeds.LatestStatementsAtomFeed()), name="feed_atom"),
    path(
        "leaders/<slug:slug>/feed.rss",
        public_page(
            feeds.LeaderStatementsFeed(), scopes=lambda request, slug: (leader_scope(slug),)
        ),
        name="leader_feed",
    ),
    path("corrections/", views.correction_list, name="corrections"),
    path("corrections/feed.atom", public_page(feeds.CorrectionsFeed()), name="corrections_feed"),
    path("how-we-work/", views.how_we_work, name="how_we_work"),
    path("data/", views.open_data, name="open_data"),
    path("data/statements.<str:data_format>", views.statements_download, name="download"),
]
