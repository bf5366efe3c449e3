"""System checks that need the database (``check --database default``; ``migrate`` runs them too)."""

from django.conf import settings
from django.core import checks
from django.db import DatabaseError


@checks.register(checks.Tags.database, checks.Tags.security)
def no_demo_accounts_in_production(app_configs=None, databases=None, **kwargs) -> list[checks.CheckMessage]:
    """The demo accounts' password is printed by ``make run`` and in the README: never in production."""
    if settings.DEBUG or not databases:
        return []
    from conference.demo import demo_accounts

    try:
        emails = sorted(demo_accounts().values_list("email", flat=True))
    except DatabaseError:  # not migrated yet: nothing to find
        return []
    if not emails:
        return []
    return [
        checks.Error(
            f"Demo accounts with the published password exist: {', '.join(emails)}.",
            hint="Run `python manage.py load_demo` with DEBUG off (it deletes them), or delete them in the admin.",
            id="plenary.E001",
        )
    ]
