"""The bench's ceiling: the smallest Django that answers HTTP, served like Salon's pages.

No middleware, one app (for one model), two views: ``/hello`` returns "hello" and
``/query`` reads one row by an indexed column through the ORM. bench/run.py serves it with
gunicorn (2 sync workers) next to Salon and divides each Salon page's req/s by
``/hello``'s from the same round.
"""
