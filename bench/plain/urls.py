"""Two views, no middleware: the cost of Django itself, and of one indexed query."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

KEY = "item-02500"  # python -m bench.plain writes item-00000 … item-04999


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("hello")


def query(request: HttpRequest) -> HttpResponse:
    from bench.plain.models import Item  # here, so hello's module loads without the app

    return HttpResponse(Item.objects.get(key=KEY).name)


urlpatterns = [path("hello", hello), path("query", query)]
