"""Preloaded by the fork server of the badge rendering workers (``registration.badges.pdf``).

Importing it sets Django up, loads WeasyPrint and renders one tiny document so that fonts are found
and cached once; every worker then forks from that warm process instead of paying for it again.
"""

import django

django.setup()

from weasyprint import HTML  # noqa: E402

HTML(string='<p>Plenary <span lang="ar">بلينري</span></p>').write_pdf()
