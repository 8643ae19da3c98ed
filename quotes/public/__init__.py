"""The readers' pages: views, filters, paging, cards, feeds, downloads, caching by scope,
lookups."""
