"""Files of the published versions, without a language prefix: the PDF, its archival PDF/A copy, and the
published text as JSON (the bytes whose SHA-256 the PDF prints)."""

from django.http import HttpRequest, HttpResponse

from conference.models import Conference
from plenary.permissions import conference_view
from recommendations import selectors, services
from recommendations.models import Publication


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _file_publication(conference: Conference, number: int | None) -> Publication:
    return selectors.publication_get(conference=conference, number=number, with_pdf=True)


def _serve_pdf(publication: Publication, *, archival: bool) -> HttpResponse:
    slug, number = publication.conference.slug, publication.number
    if archival:
        return _pdf_response(
            services.publication_archival_pdf(publication=publication), f"{slug}-recommendations-v{number}-archival.pdf"
        )
    return _pdf_response(bytes(publication.pdf), f"{slug}-recommendations-v{number}.pdf")


@conference_view(drafts=False)
def pdf_latest(request: HttpRequest, conference: Conference) -> HttpResponse:
    return _serve_pdf(_file_publication(conference, None), archival=request.GET.get("archival") == "1")


@conference_view(drafts=False)
def pdf_version(request: HttpRequest, conference: Conference, number: int) -> HttpResponse:
    return _serve_pdf(_file_publication(conference, number), archival=request.GET.get("archival") == "1")


@conference_view(drafts=False)
def pdf_version_archival(request: HttpRequest, conference: Conference, number: int) -> HttpResponse:
    return _serve_pdf(_file_publication(conference, number), archival=True)


@conference_view(drafts=False)
def version_json(request: HttpRequest, conference: Conference, number: int) -> HttpResponse:
    """The exact bytes whose SHA-256 the PDF prints, so anyone can check a copy."""
    publication = selectors.publication_get(conference=conference, number=number)
    return HttpResponse(
        selectors.canonical_bytes(publication.snapshot["themes"]), content_type="application/json; charset=utf-8"
    )
