from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from salon.core.http import AuthenticatedHttpRequest
from salon.notifications import demo_mail, selectors, services
from salon.notifications.access import access_notification
from salon.notifications.forms import PreferencesForm
from salon.notifications.registry import find_kind
from salon.notifications.tokens import read_unsubscribe_token

PAGE_SIZE = 25


@login_required
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(selectors.notification_list_for_user(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "items": selectors.with_text(page.object_list, user=request.user),
            # The bell reads it from here instead of counting again.
            "unread_count": selectors.unread_count(user=request.user),
        },
    )


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


@login_required
@require_GET
def notification_open(request: AuthenticatedHttpRequest, notification_id: int) -> HttpResponse:
    """Where a notification links to: mark it read and go to what it is about."""
    notification = access_notification(request.user, notification_id)
    services.notification_mark_read(user=request.user, notification=notification)
    url = notification.url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect(url)
    return redirect("notifications:inbox")


@login_required
@require_POST
def notification_read(request: AuthenticatedHttpRequest, notification_id: int) -> HttpResponse:
    notification = access_notification(request.user, notification_id)
    services.notification_mark_read(user=request.user, notification=notification)
    if request.htmx:
        item = selectors.with_text([notification], user=request.user)[0]
        return render(request, "notifications/_item.html", {"item": item})
    return redirect(_safe_next(request, "notifications:inbox"))


@login_required
@require_POST
def notification_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    changed = services.notifications_mark_all_read(user=request.user)
    if changed:
        messages.success(request, _("All your notifications are marked as read."))
    return redirect(_safe_next(request, "notifications:inbox"))


@login_required
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    deliveries, email_off = selectors.preferences_for_user(user=request.user)
    form = PreferencesForm(request.POST or None, deliveries=deliveries, email_off=email_off)
    if request.method == "POST" and form.is_valid():
        services.preferences_update(
            user=request.user,
            deliveries=form.deliveries(),
            email_off=form.cleaned_data["email_off"],
        )
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "section": "notifications", "email_off": email_off},
        status=400 if form.errors else 200,
    )


# The link in an email, and the one-click POST of RFC 8058 that mail programs send from the
# List-Unsubscribe header: neither has a session or a CSRF token; the signed token is the
# authority, and it can only ever switch email off.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user_id, kind_key = read_unsubscribe_token(token)
    except signing.BadSignature:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    user = selectors.unsubscribing_user(user_id=user_id)
    kind = find_kind(kind_key) if kind_key else None
    if user is None or (kind_key and kind is None):
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    context = {"kind": kind, "token": token}
    if request.method == "POST":
        services.unsubscribe(user=user, kind=kind_key)
        return render(request, "notifications/unsubscribed.html", context)
    # A GET only asks: link scanners in mail systems open links without anyone clicking.
    return render(request, "notifications/unsubscribe.html", context)


# The demo's mailbox ----------------------------------------------------------------------


def _require_demo_mail(request: HttpRequest) -> None:
    if not demo_mail.is_available(request.user):
        raise Http404


@login_required
def mail_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_demo_mail(request)
    mails = demo_mail.list_mail(to=request.user.email)
    return render(request, "notifications/demo_mail/list.html", {"mails": mails})


@login_required
def mail_detail(request: AuthenticatedHttpRequest, file: str, index: int) -> HttpResponse:
    _require_demo_mail(request)
    mail = demo_mail.get_mail(file, index, to=request.user.email)
    if mail is None:
        raise Http404
    return render(request, "notifications/demo_mail/detail.html", {"mail": mail})


@login_required
def mail_html(request: AuthenticatedHttpRequest, file: str, index: int) -> HttpResponse:
    """The HTML part, sanitised, served alone in a sandbox: no script can run, nothing is
    loaded from elsewhere."""
    _require_demo_mail(request)
    mail = demo_mail.get_mail(file, index, to=request.user.email)
    if mail is None or not mail.has_html:
        raise Http404
    response = HttpResponse(demo_mail.sanitised_html(mail), content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'; sandbox"
    )
    return response
