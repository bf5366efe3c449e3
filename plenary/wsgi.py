"""The WSGI entry point gunicorn (or any WSGI server) serves: ``plenary.wsgi:application``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plenary.settings")
application = get_wsgi_application()
