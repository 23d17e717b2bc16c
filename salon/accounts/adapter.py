from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from salon.core.http import client_ip


class AccountAdapter(DefaultAccountAdapter):
    """Signup happens through an invitation or a community's open self-signup page,
    never through the bare allauth signup form."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        # Sign-in throttles count the same address as every other limit (behind the proxy).
        address = client_ip(request)
        if not address:
            raise PermissionDenied("Unable to determine the client's address")
        return address
