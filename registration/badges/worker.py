"""Preloaded by the fork server of the badge rendering workers (``registration.badges.pdf``).

Importing it sets Django up, loads WeasyPrint and renders one tiny document so that fonts are found
and cached once; every worker then forks from that warm process instead of paying for it again.
"""

import django

django.setup()

from weasyprint import HTML  # noqa: E402

from plenary.i18n import NAME_SCRIPT_LANGUAGE  # noqa: E402

# With a right-to-left name, as on the badges, so that its fonts and shaping are loaded too.
HTML(string=f'<p>Plenary <span lang="{NAME_SCRIPT_LANGUAGE}">بلينري</span></p>').write_pdf()
