"""What conversations put in search (see docs/search.md): each message, found only by the
people in its conversation.

The "conversation" audience mirrors ``conversation.view``: a message's document is visible
to whoever is in its conversation when searching (the live ``Participant`` rows), so
nobody outside a conversation learns from search that it exists, and someone who joins a
group finds its earlier messages without reindexing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from salon.core import search
from salon.core.models import SearchDocument
from salon.network.models import Conversation, Message, Participant


def _conversation_view(user: Any) -> Q:
    # Only documents of the "conversation" audience are asked this, so ``object_id`` is a
    # message's id here.
    theirs = Participant.objects.filter(user_id=user.pk).values("conversation_id")
    return Q(object_id__in=Message.objects.filter(conversation_id__in=theirs).values("pk"))


def _conversation_of(document: SearchDocument) -> Conversation:
    return Message.objects.select_related("conversation").get(pk=document.object_id).conversation


search.register_audience(
    search.Audience("conversation", "conversation.view", _conversation_view, _conversation_of)
)


def message_document(message: Message) -> search.Document:
    author = message.author.display_name if message.author else str(_("Former member"))
    title = message.conversation.title or str(_("Message from %(name)s") % {"name": author})
    url = f"{message.conversation.get_absolute_url()}?before={message.pk + 1}#m{message.pk}"
    return search.Document(
        community_id=message.conversation.community_id,
        title=title,
        body=message.body,
        tags=[author],
        url=url,
    )


search.register(
    search.Source(
        kind="message",
        label=_("Message"),
        model=Message,
        audience="conversation",
        document=message_document,
        queryset=lambda: Message.objects.select_related("author", "conversation"),
    )
)
