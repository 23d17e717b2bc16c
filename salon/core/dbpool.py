"""The PostgreSQL connection pool (settings.py) in processes that fork.

An RQ worker forks a work horse for each job. The horse inherits the parent's pool and its
open connections, but not the pool's threads; a connection used from two processes mixes
their conversations with the server. So a forked child forgets what it inherited and opens
its own. It must not close what it inherited either: closing sends the server "goodbye" on
the parent's sockets. The inherited objects are kept referenced until the child exits, so
that garbage collection never closes them.
"""

from __future__ import annotations

import os
from typing import Any

_inherited: list[Any] = []


def forget_inherited_connections() -> None:
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        if connection.connection is not None:
            _inherited.append(connection.connection)
            connection.connection = None
        pools = getattr(type(connection), "_connection_pools", None)
        if pools:
            _inherited.extend(pools.values())
            pools.clear()


def pool_stats() -> dict[str, int]:
    """The default database's pool figures in this process (empty without a pool)."""
    from django.db import DEFAULT_DB_ALIAS, connections

    wrapper = connections[DEFAULT_DB_ALIAS]  # the wrapper's class keeps the pools
    pool = getattr(type(wrapper), "_connection_pools", {}).get(DEFAULT_DB_ALIAS)
    if pool is None:
        return {}
    stats = pool.get_stats()
    return {key: int(value) for key, value in stats.items()}


def register() -> None:
    os.register_at_fork(after_in_child=forget_inherited_connections)
