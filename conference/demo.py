"""The demo conference: the ninth annual conference in Brussels. Fictional people only."""

from conference.models import Conference


def load_programme() -> Conference:
    raise NotImplementedError
