"""``{% post_card post %}``, ``{% reaction_bar post %}`` and ``{% topic_row topic %}``: a
topic's posts and the forum's rows, written in Python.

A topic page shows 50 posts, each with its author, six reaction buttons and the controls
the viewer may use (quote, accept, edit, hide, delete, flag, each a small form). As
template code that was about 80 variable lookups, 20 translations, 6 URL reversals and 5
policy checks per post: four fifths of the page's time. Here everything that is the same
for every post (translated labels, the viewer's CSRF input, URL patterns, the flag form)
is made once per page by ``PostCards``, and a post costs a few string joins.

The markup is the one ``_post.html`` and ``_reactions.html`` wrote before (both now call
these tags, for live updates and the htmx response of a reaction); the flag form is still
``_flag_form.html``, rendered once per page; an avatar is ``includes/avatar.html``'s.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import quote

from django import template
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.dates import MONTHS_3
from django.utils.functional import empty
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext

from salon.core.permissions import can
from salon.discussions.models import EMOJI_NAMES, Emoji, TopicKind

register = template.Library()

# An id no row has: URL patterns and the flag form are made for it once, then it is
# replaced by each post's own.
_SENTINEL = "918273645546372819"
_RENDER_KEY = "discussions.post_cards"


def _pattern(name: str, *before: Any) -> Callable[[int], str]:
    url = reverse(name, args=[*before, int(_SENTINEL)])
    head, _, tail = url.partition(_SENTINEL)
    return lambda pk: f"{head}{pk}{tail}"


class _Stamps:
    """``j M Y, H:i`` as the date filter writes it (month names translated once per page,
    not the format parsed again for every post), escaped; ``c`` is ``isoformat()``."""

    def __init__(self) -> None:
        self.months = {m: escape(str(MONTHS_3[m]).title()) for m in MONTHS_3}

    def shown(self, moment: Any) -> str:
        return f"{moment.day} {self.months[moment.month]} {moment.year}, {moment:%H:%M}"


def _csrf_input(context: template.Context) -> str:
    token = context.get("csrf_token")
    if not token or str(token) == "NOTPROVIDED":
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{conditional_escape(token)}">'


def avatar_html(person: Any) -> str:
    """``includes/avatar.html`` with ``size="sm"``."""
    if person.photo:
        inner = f'<img src="{escape(person.photo.url)}" alt="">'
    else:
        inner = escape(person.initials)
    return f'<span class="avatar avatar-sm" aria-hidden="true">{inner}</span>'


class PostCards(_Stamps):
    """What every post of one page shares, made once; ``render(post)`` writes one post."""

    def __init__(self, context: template.Context) -> None:
        super().__init__()
        # The user itself, not request.user's lazy wrapper: the policy reads it 250 times.
        user = context["request"].user
        wrapped = getattr(user, "_wrapped", empty)
        self.user = user if wrapped is empty else wrapped
        self.topic = context["topic"]
        self.may_reply = bool(context.get("may_reply"))
        self.may_accept = bool(context.get("may_accept"))
        self.csrf = _csrf_input(context)
        self.t = {
            key: escape(gettext(msgid))
            for key, msgid in {
                "former": "Former member",
                "edited": "edited",
                "accepted": "Accepted answer",
                "deleted": "This post was deleted.",
                "hidden": "This post was hidden by a facilitator.",
                "remove_file": "Remove this file?",
                "show": "Show it again",
                "quote": "Quote",
                "unmark": "Unmark answer",
                "accept": "Accept as answer",
                "edit": "Edit",
                "hide": "Hide",
                "delete": "Delete",
                "confirm_delete": "Delete this post? The thread will show that a post was deleted.",
                "flagged": "You flagged this; a facilitator will look.",
                "flag": "Flag",
            }.items()
        }
        self.link_label = gettext("Link to post %(n)s")
        self.files_label = gettext("Files of post %(n)s")
        self.remove_label = gettext('Remove <span class="visually-hidden">%(n)s</span>')
        self.history_url = _pattern("discussions:post_history")
        self.edit_url = _pattern("discussions:post_edit")
        self.hide_url = _pattern("discussions:post_hide")
        self.delete_url = _pattern("discussions:post_delete")
        self.react_url = _pattern("discussions:react")
        self.accept_url = reverse("discussions:accept", args=[self.topic.pk])
        # str() first: escape() of a lazy translation is lazy again, translated at each use.
        self.labels = {e.value: (escape(str(e.label)), escape(str(EMOJI_NAMES[e]))) for e in Emoji}
        self._flag_form: str | None = None
        self._context = context

    def flag_form(self, pk: int) -> str:
        if self._flag_form is None:
            self._flag_form = render_to_string(
                "discussions/_flag_form.html",
                {"post": {"pk": _SENTINEL}, "csrf_token": self._context.get("csrf_token")},
            )
        return self._flag_form.replace(_SENTINEL, str(pk))

    def reactions(self, post: Any, counts: Sequence[Any], may_react: bool) -> str:
        parts = [f'<div class="reactions" id="reactions-{post.pk}">']
        if may_react:
            url = self.react_url(post.pk)
            parts.append(
                f'<form method="post" action="{url}" hx-post="{url}" '
                f'hx-target="#reactions-{post.pk}" hx-swap="outerHTML" class="row">{self.csrf}'
            )
            for r in counts:
                symbol, name = self.labels[r.emoji]
                parts.append(
                    f'<button type="submit" name="emoji" value="{r.emoji}" '
                    f'class="reaction{" is-mine" if r.mine else ""}" '
                    f'aria-pressed="{"true" if r.mine else "false"}" title="{name}">'
                    f'<span aria-hidden="true">{symbol}</span>'
                    f'<span class="visually-hidden">{name}</span>'
                    f"{f' {int(r.count)}' if r.count else ''}</button>"
                )
            parts.append("</form>")
        else:
            parts.append('<ul class="tags">')
            for r in counts:
                if r.count:
                    symbol, name = self.labels[r.emoji]
                    parts.append(
                        f'<li><span class="reaction"><span aria-hidden="true">{symbol}</span>'
                        f'<span class="visually-hidden">{name}</span> {int(r.count)}</span></li>'
                    )
            parts.append("</ul>")
        parts.append("</div>")
        return "".join(parts)

    def _may(self, action: str, post: Any) -> bool:
        return can(self.user, action, post)

    def render(self, post: Any) -> str:
        t, topic, pk, number = self.t, self.topic, post.pk, post.number
        removed = post.is_removed
        accepted = topic.accepted_answer_id == pk
        may_edit = self._may("post.edit", post)
        may_hide = self._may("post.hide", post)
        out = [
            f'<article class="card post{" is-removed" if removed else ""}'
            f'{" is-accepted" if accepted else ""}" id="post-{number}">\n'
            '  <header class="row spread post-head">\n    <div class="person">'
        ]
        if post.author is not None:
            out.append(
                f'{avatar_html(post.author)}<span class="person-name">'
                f"{escape(post.author.display_name)}</span>"
            )
        else:
            out.append(f'<span class="person-name">{t["former"]}</span>')
        created = localtime(post.created_at)
        out.append(
            f'</div>\n    <div class="small muted"><a href="?page={post.page}#post-{number}" '
            f'aria-label="{escape(self.link_label % {"n": number})}">#{number}</a> · '
            f'<time datetime="{created.isoformat()}">{self.shown(created)}</time>'
        )
        if post.edited_at and not removed:
            out.append(f' · <a href="{self.history_url(pk)}">{t["edited"]}</a>')
        if accepted:
            out.append(f' · <span class="badge badge-success">{t["accepted"]}</span>')
        out.append("</div>\n  </header>\n  ")
        if post.deleted_at:
            out.append(f'<p class="muted">{t["deleted"]}</p>')
        elif post.hidden_at:
            out.append(f'<p class="muted">{t["hidden"]}</p>')
        else:
            out.append(f'<div class="prose post-body">{post.body_html}</div>')
        files = getattr(post, "shown_files", None)
        if files and not removed:
            out.append(self._files(post, files, may_edit))
        if post.hidden_at and may_hide:
            out.append(
                f'\n  <form method="post" action="{self.hide_url(pk)}" class="inline-form">'
                f'{self.csrf}<input type="hidden" name="hidden" value="0">'
                f'<button class="btn btn-secondary btn-small" type="submit">{t["show"]}</button>'
                "</form>"
            )
        if not removed:
            counts = getattr(post, "reaction_counts", None) or []
            out.append(
                '\n  <footer class="row spread post-foot">\n    '
                f"{self.reactions(post, counts, self._may('post.react', post))}"
                '\n    <div class="row">'
            )
            if self.may_reply:
                out.append(
                    f'<a class="btn btn-link btn-small" href="?page={topic.pages}&amp;quote={pk}'
                    f'#reply">{t["quote"]}</a>'
                )
            if self.may_accept and topic.is_question and number > 1:
                value, label = ("", t["unmark"]) if accepted else (pk, t["accept"])
                out.append(
                    f'<form method="post" action="{self.accept_url}" class="inline-form">'
                    f'{self.csrf}<input type="hidden" name="post" value="{value}">'
                    f'<button class="btn btn-secondary btn-small" type="submit">{label}</button>'
                    "</form>"
                )
            if may_edit:
                out.append(
                    f'<a class="btn btn-link btn-small" href="{self.edit_url(pk)}">{t["edit"]}</a>'
                )
            if may_hide:
                out.append(
                    f'<form method="post" action="{self.hide_url(pk)}" class="inline-form">'
                    f'{self.csrf}<input type="hidden" name="hidden" value="1">'
                    f'<button class="btn btn-link btn-small" type="submit">{t["hide"]}</button>'
                    "</form>"
                )
            if self._may("post.delete", post):
                out.append(
                    f'<form method="post" action="{self.delete_url(pk)}" class="inline-form" '
                    f'data-confirm="{t["confirm_delete"]}">{self.csrf}'
                    f'<button class="btn btn-link btn-small" type="submit">{t["delete"]}</button>'
                    "</form>"
                )
            # moderation: flag (docs/discussions.md, "Moderation")
            if getattr(post, "my_flag", False):
                out.append(f'<span class="small muted">{t["flagged"]}</span>')
            elif self._may("post.flag", post):
                out.append(
                    '<details class="post-flag"><summary class="btn btn-link btn-small">'
                    f"{t['flag']}</summary>{self.flag_form(pk)}</details>"
                )
            out.append("</div>\n  </footer>")
        out.append("\n</article>\n")
        return "".join(out)

    def _files(self, post: Any, files: Sequence[Any], may_edit: bool) -> str:
        out = [
            '<ul class="plain-list post-files" '
            f'aria-label="{escape(self.files_label % {"n": post.number})}">'
        ]
        for f in files:
            url, name = escape(f.get_absolute_url()), escape(f.name)
            out.append("<li>")
            if not f.is_ready:
                # An image still being rebuilt by its task (or that could not be read).
                out.append(
                    f"<span>{name}</span> "
                    f'<span class="small muted">{escape(f.get_status_display())}</span>'
                )
            elif f.is_image:
                out.append(
                    f'<a href="{url}" class="post-file-image">'
                    f'<img src="{url}" alt="{name}" loading="lazy"></a>'
                )
            else:
                out.append(
                    f'<a href="{url}">{name}</a> '
                    f'<span class="small muted">{escape(filesizeformat(f.size))}</span>'
                )
            if may_edit:
                action = reverse("discussions:post_file_remove", args=[post.pk, f.pk])
                out.append(
                    f'<form method="post" action="{action}" class="inline-form" '
                    f'data-confirm="{self.t["remove_file"]}">{self.csrf}'
                    '<button class="btn btn-link btn-small" type="submit">'
                    f"{self.remove_label % {'n': name}}</button></form>"
                )
            out.append("</li>")
        out.append("</ul>")
        return "".join(out)


def _cards(context: template.Context) -> PostCards:
    cards: PostCards | None = context.render_context.get(_RENDER_KEY)
    if cards is None or cards.topic is not context["topic"]:
        cards = PostCards(context)
        context.render_context[_RENDER_KEY] = cards
    return cards


@register.simple_tag(takes_context=True)
def post_card(context: template.Context, post: Any) -> SafeString:
    """One post as the topic page shows it to the viewer (``request.user``); the context
    has ``topic``, ``may_reply`` and ``may_accept`` (asked once per page)."""
    return mark_safe(_cards(context).render(post))  # noqa: S308 (escaped piece by piece)


@register.simple_tag(takes_context=True)
def reaction_bar(
    context: template.Context, post: Any, counts: Sequence[Any], may_react: bool
) -> SafeString:
    """The reaction bar alone (the htmx response of a reaction)."""
    context.setdefault("topic", post.topic)
    bar = _cards(context).reactions(post, counts, may_react)
    return mark_safe(bar)  # noqa: S308 (escaped piece by piece)


class TopicRows(_Stamps):
    """What every row of a list of topics shares (translated labels), made once per page;
    ``render(topic)`` writes one row of ``_topic_list.html``."""

    def __init__(self, tag_base: str = "") -> None:
        super().__init__()
        # Tag links filter the forum the list belongs to, from any page that shows rows
        # (the unanswered list, search); relative "?tag=" would stay on that page.
        self.tag_base = tag_base
        self.t = {
            key: escape(gettext(msgid))
            for key, msgid in {
                "pinned": "Pinned",
                "answered": "Answered",
                "open": "Open question",
                "locked": "Locked",
                "closed": "Closed",
                "archived": "Archived",
                "new": "New",
            }.items()
        }
        self.kinds = {value: escape(str(label)) for value, label in TopicKind.choices}

    def render(self, topic: Any) -> str:
        t = self.t
        url = topic.get_absolute_url()
        unread = topic.unread
        out = [
            f'<li class="card topic-row{" has-unread" if unread else ""}">\n'
            '  <div class="row spread">\n    <div>\n      '
        ]
        if topic.pinned:
            out.append(f'<span class="badge badge-accent">{t["pinned"]}</span> ')
        out.append(
            f'<a class="person-name" href="{url}">{escape(topic.title)}</a>\n'
            f'      <div class="person-meta">\n        {self.kinds.get(topic.kind, "")} · '
        )
        if topic.circle is not None:
            out.append(f"{escape(topic.circle.name)} · ")
        out.append(escape(topic.category.name))
        if not topic.is_chatham_house and topic.author is not None:
            out.append(f" · {escape(topic.author.display_name)}")
        last = localtime(topic.last_activity_at)
        out.append(
            f'\n        · <time datetime="{last.isoformat()}">{self.shown(last)}</time>'
            "\n      </div>\n"
        )
        if topic.tag_names:
            out.append('      <ul class="tags">')
            for tag in topic.tag_names:
                link = f"{self.tag_base}?tag={escape(quote(tag, safe='/'))}"
                out.append(f'<li><a class="badge" href="{link}">#{escape(tag)}</a></li>')
            out.append("</ul>\n")
        out.append('    </div>\n    <div class="row">\n      ')
        if topic.is_question:
            if topic.accepted_answer_id:
                out.append(f'<span class="badge badge-success">{t["answered"]}</span>')
            else:
                out.append(f'<span class="badge">{t["open"]}</span>')
        if topic.locked:
            out.append(f'<span class="badge badge-warning">{t["locked"]}</span>')
        elif topic.closed:
            out.append(f'<span class="badge">{t["closed"]}</span>')
        if topic.archived:
            out.append(f'<span class="badge">{t["archived"]}</span>')
        replies = topic.reply_count
        out.append(
            '\n      <span class="small muted">'
            f"{escape(ngettext('%(n)s reply', '%(n)s replies', replies) % {'n': replies})}</span>"
        )
        if unread is None:
            out.append(f'\n      <span class="badge badge-accent">{t["new"]}</span>')
        elif unread:
            label = ngettext("%(n)s unread", "%(n)s unread", unread) % {"n": unread}
            out.append(
                f'\n      <a class="badge badge-accent" href="{url}?unread=1">{escape(label)}</a>'
            )
        out.append("\n    </div>\n  </div>\n</li>\n")
        return "".join(out)


@register.simple_tag(takes_context=True)
def topic_row(context: template.Context, topic: Any) -> SafeString:
    """One row of a list of topics (``topic_list``'s, with the viewer's ``last_read``)."""
    rows: TopicRows | None = context.render_context.get("discussions.topic_rows")
    if rows is None:
        # On a forum's own list a tag filters that list; elsewhere (the unanswered list)
        # it opens the community's forum filtered by the tag.
        request, community = context.get("request"), context.get("community")
        match = getattr(request, "resolver_match", None)
        elsewhere = community is not None and getattr(match, "url_name", "") == "unanswered"
        base = (
            reverse("discussions:forum", args=[community.slug]) if community and elsewhere else ""
        )
        rows = TopicRows(escape(base))
        context.render_context["discussions.topic_rows"] = rows
    return mark_safe(rows.render(topic))  # noqa: S308 (escaped piece by piece)
