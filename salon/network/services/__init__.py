"""Every write of the network, by subdomain: connections, introductions, conversations
(messages and reading), and moderation (reports and each community's messaging rule)."""
