"""The communities app's pages, by subdomain."""
