"""Template tags for sharing: structured data (JSON-LD) and the embed snippet."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils import timezone

from quotes.public import embeds, structured_data

register = template.Library()


@register.simple_tag
def statement_json_ld(statement, office):
    """`{% statement_json_ld statement office %}`: the statement as a schema.org Quotation."""
    return structured_data.json_ld_script(structured_data.statement_data(statement, office))


@register.simple_tag
def leader_json_ld(leader):
    """`{% leader_json_ld leader %}`: the leader as a schema.org Person."""
    return structured_data.json_ld_script(structured_data.leader_data(leader, timezone.localdate()))


@register.simple_tag
def breadcrumb_json_ld(*names_and_paths):
    """`{% breadcrumb_json_ld "Leaders" leaders_path leader.name leader_path %}`: the steps
    from the top of the site down to the page, as a schema.org BreadcrumbList."""
    if len(names_and_paths) % 2:
        raise template.TemplateSyntaxError("breadcrumb_json_ld takes names and paths in pairs.")
    steps = list(zip(names_and_paths[::2], names_and_paths[1::2], strict=True))
    return structured_data.json_ld_script(structured_data.breadcrumb_data(steps))


@register.simple_tag
def embed_snippet(statement):
    """The HTML another site pastes to show the statement's card (escaped where it is shown)."""
    return embeds.iframe_html(statement)


@register.simple_tag
def oembed_discovery_url(statement, data_format="json"):
    """The statement's oEmbed address, for the page's discovery links."""
    return embeds.oembed_discovery_url(statement, data_format)


@register.simple_tag
def source_breadcrumb_json_ld(source):
    """A source's page sits under the statements its publisher carried, as its breadcrumb shows."""
    statements = reverse("quotes:statement_list")
    steps = [
        ("Statements", statements),
        (source.publisher, f"{statements}?{urlencode({'publisher': source.publisher})}"),
        (source.title, source.get_absolute_url()),
    ]
    return structured_data.json_ld_script(structured_data.breadcrumb_data(steps))
