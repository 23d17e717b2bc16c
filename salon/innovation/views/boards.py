"""Brainstorming board pages: the community's boards, opening one, the live board, and
the writes behind its forms (notes, moves, clusters, dots, phases, timer, ideas, export).

Every write is an ordinary form post that returns to the board, so the board works
without JavaScript and by keyboard. ``board.js`` sends the same posts with ``Accept:
application/json`` and gets the changed note or cluster back as JSON; everyone else
hears of it over the board's socket.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salon.communities.access import access_community
from salon.core import csv_files
from salon.core.http import AuthenticatedHttpRequest
from salon.core.permissions import can, require
from salon.core.socket_relay import sockets_served
from salon.innovation import live
from salon.innovation.access import access_board, access_challenge, access_cluster, access_note
from salon.innovation.forms import (
    BoardForm,
    ClusterForm,
    DotForm,
    NoteEditForm,
    NoteForm,
    NoteMoveForm,
    PhaseForm,
    PromoteForm,
    TimerForm,
)
from salon.innovation.models import Board, BoardStatus, NoteColour
from salon.innovation.selectors import boards as selectors
from salon.innovation.services.boards import (
    BoardPlan,
    board_create,
    board_set_phase,
    board_set_timer,
    cluster_add,
    cluster_remove,
    cluster_rename,
    cluster_to_idea,
    note_add,
    note_dot,
    note_edit,
    note_move,
    note_remove,
    note_to_idea,
)
from salon.innovation.services.ideas import IdeaText
from salon.innovation.views.common import posted as _posted


def _wants_json(request: AuthenticatedHttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _done(
    request: AuthenticatedHttpRequest, board: Board, data: dict[str, Any], anchor: str = ""
) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse(data)
    return redirect(board.get_absolute_url() + (f"#{anchor}" if anchor else ""))


def _refused(request: AuthenticatedHttpRequest, board: Board, error: str) -> HttpResponse:
    """A refused write: JSON for the script, else the board again with what went wrong."""
    if _wants_json(request):
        # The page's script shows the reason; a 4xx would also log a console error.
        return JsonResponse({"kind": "refused", "detail": error})
    return _board_response(request, board, error=error, status=400)


def _first_error(form: Any) -> str:
    for errors in form.errors.values():
        return str(errors[0])
    return _("Check what you entered.")


@login_required
def board_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug)
    require(request.user, "board.list", community)
    boards = selectors.board_list_for(user=request.user, community=community)
    return render(request, "innovation/boards.html", {"community": community, "boards": boards})


@login_required
def board_new(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "board.create")
    challenges = {
        c.pk: c
        for c in selectors.challenges_for_board_creation(user=request.user, community=community)
    }
    events = {e.pk: e for e in selectors.brainstorm_events(user=request.user, community=community)}
    initial = {}
    if request.GET.get("challenge", "").isdigit():
        initial["challenge"] = int(request.GET["challenge"])
    if request.GET.get("event", "").isdigit():
        initial["event"] = int(request.GET["event"])
    form = BoardForm(
        _posted(request),
        initial=initial,
        challenges=[(pk, c.title) for pk, c in challenges.items()],
        events=[(pk, f"{e.title} · {e.starts_at:%d %b %Y}") for pk, e in events.items()],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan = BoardPlan(
            title=data["title"],
            prompt=data["prompt"],
            challenge=challenges.get(data["challenge"]) if data["challenge"] else None,
            event=events.get(data["event"]) if data["event"] else None,
            anonymous=data["anonymous"],
            dot_budget=data["dot_budget"],
        )
        try:
            board = board_create(actor=request.user, community=community, plan=plan)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The board is open. Share its link with the room."))
            return redirect(board.get_absolute_url())
    return render(
        request,
        "innovation/board_form.html",
        {"community": community, "form": form},
        status=400 if form.errors else 200,
    )


def _board_response(
    request: AuthenticatedHttpRequest, board: Board, *, error: str = "", status: int = 200
) -> HttpResponse:
    page = selectors.board_page(user=request.user, board=board)
    for column in page.columns:
        for note in column.notes:
            note.my_dots = page.my_dots.get(note.pk, 0)  # type: ignore[attr-defined]
    user = request.user
    return render(
        request,
        "innovation/brainstorm.html",
        {
            "community": board.community,
            "board": board,
            "page": page,
            "error": error,
            "colours": NoteColour.choices,
            "phases": BoardStatus.choices,
            "may_write": can(user, "board.write", board),
            "may_arrange": can(user, "board.arrange", board),
            "may_dot": can(user, "board.dot", board),
            "facilitates": can(user, "board.facilitate", board),
            "live_socket": f"/ws/boards/{board.pk}/" if sockets_served(request) else "",
            "timer_form": TimerForm(),
        },
        status=status,
    )


@login_required
def board_detail(request: AuthenticatedHttpRequest, board_id: int) -> HttpResponse:
    return _board_response(request, access_board(request.user, board_id))


@login_required
def board_state(request: AuthenticatedHttpRequest, board_id: int) -> HttpResponse:
    """The whole board as JSON, for a page whose socket reconnects after a gap."""
    board = access_board(request.user, board_id)
    return JsonResponse(selectors.board_state_for(user=request.user, board=board))


def _note_json(request: AuthenticatedHttpRequest, note: Any) -> dict[str, Any]:
    board = note.board
    return live.for_viewer(
        {"kind": "note", "note": live.note_data(note)},
        viewer_id=request.user.pk,
        anonymous=board.anonymous,
        facilitates=can(request.user, "board.facilitate", board),
    )


@login_required
@require_POST
def note_new(request: AuthenticatedHttpRequest, board_id: int) -> HttpResponse:
    board = access_board(request.user, board_id, "board.write")
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _refused(request, board, _first_error(form))
    try:
        note = note_add(
            actor=request.user,
            board=board,
            text=form.cleaned_data["text"],
            colour=form.cleaned_data["colour"],
            cluster_id=form.cleaned_data["cluster"],
        )
    except ValidationError as exc:
        return _refused(request, board, exc.messages[0])
    return _done(request, board, _note_json(request, note), f"note-{note.pk}")


@login_required
@require_POST
def note_move_view(request: AuthenticatedHttpRequest, note_id: int) -> HttpResponse:
    note = access_note(request.user, note_id, "board.arrange")
    form = NoteMoveForm(request.POST)
    if not form.is_valid():
        return _refused(request, note.board, _first_error(form))
    try:
        moved = note_move(
            actor=request.user,
            note=note,
            cluster_id=form.cleaned_data["cluster"],
            position=form.cleaned_data["position"],
        )
    except ValidationError as exc:
        return _refused(request, note.board, exc.messages[0])
    return _done(request, note.board, _note_json(request, moved), f"note-{note.pk}")


@login_required
@require_POST
def note_edit_view(request: AuthenticatedHttpRequest, note_id: int) -> HttpResponse:
    note = access_note(request.user, note_id, "board.note.edit")
    form = NoteEditForm(request.POST)
    if not form.is_valid() or not (form.cleaned_data["text"] or form.cleaned_data["colour"]):
        return _refused(request, note.board, _("Write the note, or choose a colour."))
    try:
        edited = note_edit(
            actor=request.user,
            note=note,
            text=form.cleaned_data["text"] or None,
            colour=form.cleaned_data["colour"] or None,
        )
    except ValidationError as exc:
        return _refused(request, note.board, exc.messages[0])
    return _done(request, note.board, _note_json(request, edited), f"note-{note.pk}")


@login_required
@require_POST
def note_remove_view(request: AuthenticatedHttpRequest, note_id: int) -> HttpResponse:
    note = access_note(request.user, note_id, "board.note.edit")
    removed = note_remove(actor=request.user, note=note)
    return _done(request, note.board, _note_json(request, removed))


@login_required
@require_POST
def note_dot_view(request: AuthenticatedHttpRequest, note_id: int) -> HttpResponse:
    note = access_note(request.user, note_id, "board.dot")
    form = DotForm(request.POST)
    if not form.is_valid():
        return _refused(request, note.board, _("Add or take back one dot at a time."))
    try:
        dotted = note_dot(actor=request.user, note=note, change=form.cleaned_data["change"])
    except ValidationError as exc:
        return _refused(request, note.board, exc.messages[0])
    data = _note_json(request, dotted.note)
    data.update(kind="dots", mine=dotted.mine, left=dotted.left)
    return _done(request, note.board, data, f"note-{note.pk}")


@login_required
@require_POST
def cluster_new(request: AuthenticatedHttpRequest, board_id: int) -> HttpResponse:
    board = access_board(request.user, board_id, "board.arrange")
    form = ClusterForm(request.POST)
    if not form.is_valid():
        return _refused(request, board, _first_error(form))
    try:
        cluster = cluster_add(actor=request.user, board=board, name=form.cleaned_data["name"])
    except ValidationError as exc:
        return _refused(request, board, exc.messages[0])
    data = {"kind": "cluster", "cluster": live.cluster_data(cluster)}
    return _done(request, board, data, f"cluster-{cluster.pk}")


@login_required
@require_POST
def cluster_rename_view(request: AuthenticatedHttpRequest, cluster_id: int) -> HttpResponse:
    cluster = access_cluster(request.user, cluster_id, "board.arrange")
    form = ClusterForm(request.POST)
    if not form.is_valid():
        return _refused(request, cluster.board, _first_error(form))
    try:
        renamed = cluster_rename(
            actor=request.user, cluster=cluster, name=form.cleaned_data["name"]
        )
    except ValidationError as exc:
        return _refused(request, cluster.board, exc.messages[0])
    data = {"kind": "cluster", "cluster": live.cluster_data(renamed)}
    return _done(request, cluster.board, data, f"cluster-{cluster.pk}")


@login_required
@require_POST
def cluster_remove_view(request: AuthenticatedHttpRequest, cluster_id: int) -> HttpResponse:
    cluster = access_cluster(request.user, cluster_id, "board.arrange")
    cluster_remove(actor=request.user, cluster=cluster)
    return _done(request, cluster.board, {"kind": "cluster_removed", "id": cluster_id})


@login_required
@require_POST
def board_phase(request: AuthenticatedHttpRequest, board_id: int) -> HttpResponse:
    board = access_board(request.user, board_id, "board.facilitate")
    form = PhaseForm(request.POST)
    if not form.is_valid():
        return _refused(request, board, _first_error(form))
    board = board_set_phase(actor=request.user, board=board, status=form.cleaned_data["status"])
    return _done(request, board, {"kind": "board", "board": live.board_data(board)})


@login_required
@require_POST
def board_timer(request: AuthenticatedHttpRequest, board_id: int) -> HttpResponse:
    board = access_board(request.user, board_id, "board.facilitate")
    form = TimerForm(request.POST)
    if not form.is_valid():
        return _refused(request, board, _first_error(form))
    board = board_set_timer(
        actor=request.user,
        board=board,
        minutes=form.cleaned_data["minutes"],
        lock=form.cleaned_data["lock"],
    )
    return _done(request, board, {"kind": "board", "board": live.board_data(board)})


def _promote_page(
    request: AuthenticatedHttpRequest,
    board: Board,
    *,
    source: Any,
    kind: str,
    initial: dict[str, str],
) -> HttpResponse:
    challenges = {c.pk: c for c in selectors.challenges_for_board(user=request.user, board=board)}
    form = PromoteForm(
        _posted(request),
        initial={**initial, "challenge": next(iter(challenges), None)},
        challenges=[(pk, c.title) for pk, c in challenges.items()],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        challenge = access_challenge(request.user, data["challenge"])
        text = IdeaText(title=data["title"], problem=data["problem"], proposal=data["proposal"])
        try:
            if kind == "note":
                idea = note_to_idea(actor=request.user, note=source, challenge=challenge, text=text)
            else:
                idea = cluster_to_idea(
                    actor=request.user, cluster=source, challenge=challenge, text=text
                )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The idea is in the challenge, credited to its authors."))
            return redirect(idea.get_absolute_url())
    return render(
        request,
        "innovation/promote.html",
        {
            "community": board.community,
            "board": board,
            "form": form,
            "kind": kind,
            "source": source,
        },
        status=400 if form.errors else 200,
    )


@login_required
def note_promote(request: AuthenticatedHttpRequest, note_id: int) -> HttpResponse:
    note = access_note(request.user, note_id, "board.facilitate")
    initial = {
        "title": note.text[:200],
        "problem": note.board.prompt or note.text,
        "proposal": note.text,
    }
    return _promote_page(request, note.board, source=note, kind="note", initial=initial)


@login_required
def cluster_promote(request: AuthenticatedHttpRequest, cluster_id: int) -> HttpResponse:
    cluster = access_cluster(request.user, cluster_id, "board.facilitate")
    board = cluster.board
    notes = selectors.cluster_notes(cluster=cluster)
    initial = {
        "title": cluster.name,
        "problem": board.prompt or cluster.name,
        "proposal": "\n".join(f"- {n.text}" for n in notes),
    }
    return _promote_page(request, board, source=cluster, kind="cluster", initial=initial)


@login_required
def board_csv(request: AuthenticatedHttpRequest, board_id: int) -> HttpResponse:
    board = access_board(request.user, board_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = slugify(board.title) or "board"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    writer = csv_files.writer(response)
    writer.writerow([_("Cluster"), _("Note"), _("Colour"), _("Dots"), _("Author"), _("Removed")])
    for note in selectors.board_export_notes(board=board):
        author = "" if board.anonymous or note.author is None else note.author.display_name
        writer.writerow(
            [
                note.cluster.name if note.cluster else "",
                note.text,
                note.get_colour_display(),
                note.dot_total,
                author,
                _("yes") if note.removed_at else "",
            ]
        )
    return response


@login_required
def board_svg(request: AuthenticatedHttpRequest, board_id: int) -> HttpResponse:
    """The board as a picture: its clusters as columns of notes, each with its dots."""
    board = access_board(request.user, board_id)
    page = selectors.board_page(user=request.user, board=board)
    width, note_h, gap = 220, 84, 12
    columns = []
    for n, column in enumerate(page.columns):
        notes = [
            {
                "y": 60 + k * (note_h + gap),
                "lines": [(18 + i * 16, line) for i, line in enumerate(_wrap(note.text))],
                "note": note,
            }
            for k, note in enumerate(column.notes)
        ]
        columns.append({"x": gap + n * (width + gap), "column": column, "notes": notes})
    height = 80 + max((len(c.notes) for c in page.columns), default=0) * (note_h + gap)
    svg = render_to_string(
        "innovation/board.svg",
        {
            "board": board,
            "columns": columns,
            "width": gap + len(columns) * (width + gap),
            "height": max(height, 160),
            "note_w": width,
            "note_h": note_h,
        },
    )
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    name = slugify(board.title) or "board"
    response["Content-Disposition"] = f'inline; filename="{name}.svg"'
    return response


def _wrap(text: str, width: int = 30, lines: int = 4) -> list[str]:
    words, out, line = text.split(), [], ""
    for word in words:
        if len(line) + len(word) + 1 > width and line:
            out.append(line)
            line = word[:width]
        else:
            line = f"{line} {word}".strip()[: width + 10]
    if line:
        out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1] + "…"
    return out
