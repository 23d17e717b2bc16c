"""Forum pages, one module per subdomain: the forum lists, a topic, posts, categories
and the moderation queue."""
