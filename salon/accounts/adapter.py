from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """Signup happens through an invitation or a community's open self-signup page,
    never through the bare allauth signup form."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False
