"""Error pages on the base template, in the language of the page's address, each with a way back.

404, 403 and 400 render with the request (the menu knows who is signed in); 500 renders with no context
processors and no queries, so it still shows when the database is down."""

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import requires_csrf_token


def _back_url(request: HttpRequest) -> str:
    """The page the visitor came from, when it is on this site (the Referer header), else nothing."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        return referer
    return ""


def _render(request: HttpRequest, template_name: str, response_class: type[HttpResponse], **context) -> HttpResponse:
    template = loader.get_template(template_name)
    return response_class(template.render({"back_url": _back_url(request), **context}, request))


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _render(request, "404.html", HttpResponseNotFound)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _render(request, "403.html", HttpResponseForbidden)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _render(request, "400.html", HttpResponseBadRequest)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW: a form sent from an expired or foreign page."""
    return _render(request, "403_csrf.html", HttpResponseForbidden)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """No request in the template context: context processors (the signed-in user, messages) would query."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"back_url": _back_url(request)}))
