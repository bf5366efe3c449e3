"""Plenary settings. Everything that differs between machines comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from plenary.i18n import FALLBACK_LANGUAGE, LANGUAGE_CHOICES

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")
    SECRET_KEY = "insecure-development-key-never-used-in-production"  # noqa: S105 (DEBUG only)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The public address badges and PDFs point to (QR codes, permalinks).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # the default form templates, for FORM_RENDERER below
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_countries",
    "import_export",
    "django_tasks_db",
    "plenary",
    "conference",
    "registration",
    "recommendations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "plenary.cache_control.NoStoreWhenSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "plenary.mfa.PrivilegedMFAMiddleware",
]

ROOT_URLCONF = "plenary.urls"
WSGI_APPLICATION = "plenary.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Forms render through the project's templates: templates/django/forms/field.html marks required fields and puts
# errors under their field, for every form.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Databases: SQLite file by default; PostgreSQL (psycopg 3) through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets door scanners read while the secretariat writes; IMMEDIATE takes the
    # write lock at BEGIN so concurrent writers queue on busy_timeout instead of failing.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rate limits (door scans, logins, sign-ups) and caches live in the database every web process shares: a
# per-process memory cache would give each gunicorn worker, on each machine, the full rate. `migrate` makes its
# table (plenary migration 0007 runs `createcachetable`, which a changed LOCATION needs again). Each write counts the
# rows (Django's DatabaseCache): a modest limit keeps that cheap, and when it is passed the expired rows go first.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "plenary_cache",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PLENARY_CACHE_MAX_ENTRIES", "10000")), "CULL_FREQUENCY": 4},
    }
}
# Sessions are rows in the database (Django's default engine, named here so nobody moves them to a process).
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Long jobs (badge batches, imports, PDFs) run on Django's tasks framework.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

AUTH_USER_MODEL = "registration.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id first (plenary/passwords.py says why); the others only read hashes stored before, then upgrade them.
PASSWORD_HASHERS = [
    "plenary.passwords.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "conference:index"

# django-allauth: e-mail only, verified, rate limited.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Plenary] "
# Per-IP limits before the password is checked, per-account failures alert the secretariat instead of
# locking the owner out (plenary/account_adapter.py); someone signing up with a known address mails its
# owner, in their language (registration/accounts/adapter.py). Behind a reverse proxy, the client's
# address comes from the proxy's header: without it every client shares the proxy's address and one IP limit.
ACCOUNT_ADAPTER = "registration.accounts.adapter.AccountAdapter"
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("ALLAUTH_TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = os.environ.get("ALLAUTH_TRUSTED_CLIENT_IP_HEADER") or None
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Plenary"

# django-import-export (the admin's export): strip a leading "=". The admin also puts a ' before any cell starting
# with = + - @, tab or CR, as the Plenary exports do (registration/admin.py, registration/spreadsheets/exports.py).
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

# E-mail (Django 6.1 mailers): console while developing, SMTP from the environment otherwise.
EMAIL_BACKEND_PATH = os.environ.get(
    "EMAIL_BACKEND",
    "plenary.console_mail.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH}}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS"),
        "use_ssl": env_bool("EMAIL_USE_SSL"),
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Plenary <no-reply@localhost>")
# Who the e-mails are from, when no conference says it (account e-mails); a conference's own organiser otherwise.
PLENARY_ALLIANCE_NAME = os.environ.get("PLENARY_ALLIANCE_NAME", "Plenary")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Internationalisation: English and Arabic are the working languages, French is welcome.
LANGUAGE_CODE = FALLBACK_LANGUAGE
LANGUAGES = LANGUAGE_CHOICES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Brussels")
USE_I18N = True
# One date form per language (plenary/formats/<code>/formats.py).
FORMAT_MODULE_PATH = ["plenary.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Generated files with personal data (badge PDFs, exports): never served as media, only through
# views that check who asks.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Private files: "filesystem" (PRIVATE_MEDIA_ROOT, one machine) or "database" (shared by every web server and
# worker, and in the database's backups): plenary/storage.py, docs/deploy.md.
PLENARY_FILE_STORAGE = os.environ.get("PLENARY_FILE_STORAGE", "filesystem")
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# Security. Production (DEBUG off) gets HTTPS-only cookies and HSTS; CSP is always on,
# so that an inline script fails in development exactly as it would in production.
# PLENARY_LOCAL_HTTP=1 tries production on this machine over plain http (`make serve`, the scale-out test):
# cookies without Secure (a browser drops Secure cookies over http, and no login would work) and no redirect to
# HTTPS. Refused unless every allowed host is a loopback address, so a server on the network cannot use it.
LOCAL_HTTP = env_bool("PLENARY_LOCAL_HTTP")
if LOCAL_HTTP and not set(ALLOWED_HOSTS) <= {"127.0.0.1", "localhost", "[::1]"}:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("PLENARY_LOCAL_HTTP is for loopback only: ALLOWED_HOSTS must be 127.0.0.1/localhost.")
HTTPS = not DEBUG and not LOCAL_HTTP
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_FAILURE_VIEW = "plenary.errors.csrf_failure"
CSRF_COOKIE_HTTPONLY = True  # scripts send the token from the form field, never from the cookie
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A load balancer's health check may come over plain http to the web server itself.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.WASM_UNSAFE_EVAL],  # the door's QR decoder (static/vendor/barcode-detector)
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "media-src": [CSP.SELF, "blob:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint reports every rendering step at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "weasyprint.progress": {"level": "WARNING"}},
}

# Plenary's own knobs.
PLENARY_RETENTION_DAYS = int(os.environ.get("PLENARY_RETENTION_DAYS", "365"))
PLENARY_IMPORT_MAX_BYTES = int(os.environ.get("PLENARY_IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))
PLENARY_IMPORT_MAX_ROWS = int(os.environ.get("PLENARY_IMPORT_MAX_ROWS", "50000"))
PLENARY_PRIVACY_POLICY_VERSION = os.environ.get("PLENARY_PRIVACY_POLICY_VERSION", "2025-01")
# Scans (and name searches) per door volunteer and minute; a busy door sees about one every 3 seconds.
# A background job with no sign of life for this long lost its worker: it is marked failed (fail_stale_jobs).
PLENARY_JOB_STALE_MINUTES = int(os.environ.get("PLENARY_JOB_STALE_MINUTES", "15"))
# /healthz is red (503) when no task worker (manage.py run_worker) wrote its heartbeat for this long.
PLENARY_WORKER_DEAD_MINUTES = int(os.environ.get("PLENARY_WORKER_DEAD_MINUTES", "5"))
# How long an e-mailed invitation to enrol an authenticator app stays valid (it works once).
PLENARY_MFA_INVITATION_HOURS = int(os.environ.get("PLENARY_MFA_INVITATION_HOURS", "72"))
# E-mails a second that the sending job hands to the mail server (what it accepts without throttling us);
# 0 for no limit.
PLENARY_MAIL_RATE = float(os.environ.get("PLENARY_MAIL_RATE", "5"))
PLENARY_CHECKIN_SCANS_PER_MINUTE = int(os.environ.get("PLENARY_CHECKIN_SCANS_PER_MINUTE", "120"))

# Door devices and door volunteers' offline endpoints (docs/door-protocol.md): requests per device or account,
# a burst, then a sustained rate (a USB scanner does one scan a second for an hour).
PLENARY_DOOR_BURST = int(os.environ.get("PLENARY_DOOR_BURST", "20"))
PLENARY_DOOR_PER_SECOND = float(os.environ.get("PLENARY_DOOR_PER_SECOND", "1"))
# The verification page of letters and certificates, per client address: a consulate checks a few letters;
# guessing references (144 random bits each) is hopeless anyway, and this keeps it slow.
PLENARY_VERIFY_BURST = int(os.environ.get("PLENARY_VERIFY_BURST", "10"))
PLENARY_VERIFY_PER_SECOND = float(os.environ.get("PLENARY_VERIFY_PER_SECOND", "0.1"))
