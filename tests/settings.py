"""Settings for the test suite: production settings with test doubles for mail, tasks and files."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")

from plenary.settings import *  # noqa: F403
from plenary.settings import DATABASES

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Tasks run inline: the same task code as production, without a worker.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# One process's memory: fixtures empty it between tests without a database. The production cache (the database,
# shared by every process) is tested in tests/plenary/test_shared_state.py and the scale-out test.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="plenary-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="plenary-test-private-")
SITE_URL = "https://plenary.test"
PLENARY_MAIL_RATE = 0  # the sending job's pace is tested on its own (tests/registration/mailings)

# A per-process test database so that several runs (and xdist workers) never share one.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: concurrency tests need several connections to one database.
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(tempfile.gettempdir(), f"plenary-test-{os.getpid()}.sqlite3")}
else:
    DATABASES["default"]["TEST"] = {"NAME": f"test_plenary_{os.getpid()}"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
