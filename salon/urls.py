from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from salon.accounts import views as account_views
from salon.api.main import api
from salon.core import observability
from salon.core import views as core_views
from salon.core.media import media

handler429 = "salon.core.ratelimit.too_many_requests"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", RedirectView.as_view(url="/static/salon/favicon.svg", permanent=True)),
    path("readyz", core_views.readyz, name="readyz"),
    path("metrics", observability.metrics, name="metrics"),
    path("accounts/login/", account_views.LoginView.as_view(), name="account_login"),
    # Before allauth's: single sign-on's own views at allauth's addresses (salon/sso).
    path("accounts/", include("salon.sso.protocol_urls")),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    # The admin's own sign-in form would skip two-factor and the lockout: it sends people
    # to the site's sign-in instead.
    path("admin/login/", account_views.admin_login, name="admin_login"),
    path("admin/logout/", account_views.admin_logout, name="admin_logout"),
    path("admin/", admin.site.urls),
    path("media/<path:path>", media, name="media"),
    path("", include("salon.core.urls")),
    path("", include("salon.accounts.urls")),
    path("", include("salon.communities.urls")),
    path("", include("salon.notifications.urls")),
    path("", include("salon.events.urls")),
    path("", include("salon.discussions.urls")),
    path("", include("salon.goals.urls")),
    path("", include("salon.mentoring.urls")),
    path("", include("salon.feedback.urls")),
    path("", include("salon.innovation.urls")),
    path("", include("salon.resources.urls")),
    path("", include("salon.analytics.urls")),
    path("", include("salon.scim.urls")),
    path("", include("salon.programmes.urls")),
    path("", include("salon.circles.urls")),
    path("", include("salon.webhooks.urls")),
    path("", include("salon.network.urls")),
    path("", include("salon.sso.urls")),
]

if settings.SALON_BENCH:
    urlpatterns.append(path("bench/hello", core_views.bench_hello))
