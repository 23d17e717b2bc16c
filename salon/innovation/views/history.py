"""A brainstorming board's history: who added, moved, grouped and removed what, and when,
newest first, a page at a time. Anyone who sees the board reads it; it names nobody for a
board whose circle keeps the Chatham House rule, nor the author of a note on an anonymous
board."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from salon.core.http import AuthenticatedHttpRequest
from salon.innovation.access import access_board
from salon.innovation.selectors.boards import board_history


@login_required
def board_history_view(request: AuthenticatedHttpRequest, board_id: int) -> HttpResponse:
    board = access_board(request.user, board_id)
    history = board_history(board=board, page=request.GET.get("page"))
    return render(
        request,
        "innovation/board_history.html",
        {"community": board.community, "board": board, "history": history},
    )
