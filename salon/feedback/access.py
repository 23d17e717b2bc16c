"""The only doors to cycles, nominations and reports: 404 for what a user may not see (the
same answer as for what does not exist), 403 for what their role does not allow."""

from __future__ import annotations
