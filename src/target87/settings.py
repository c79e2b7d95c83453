"""Django settings, read from the environment.

DATABASE_URL   SQLite file in the data directory by default; PostgreSQL when set.
SECRET_KEY     taken from the environment, else generated once into the data directory.
DEBUG          off by default; production-safe defaults apply when off.
ALLOWED_HOSTS  comma-separated; localhost by default.
HTTPS          "1" (default when DEBUG is off) marks cookies secure and redirects to HTTPS.
SITE_URL       the site's address for links in emails (http://localhost:8000).
EMAIL_URL-ish  EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
               EMAIL_USE_TLS, EMAIL_TIMEOUT, DEFAULT_FROM_EMAIL; console backend by default.
REDIS_URL      a Redis shared by all processes as the cache; memory per process when unset.
TARGET87_DATA_DIR  where the SQLite file, the secret key and uploads live (./var).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from target87.core.security import static_file_headers

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("TARGET87_DATA_DIR", Path.cwd() / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(50)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

HTTPS = env_bool("HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
# HSTS_INCLUDE_SUBDOMAINS=0 where another service on a subdomain still speaks plain HTTP
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS and env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = ["security.W008"] if not SECURE_SSL_REDIRECT else []

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    # the platform's own apps; order is the order `target87 setup` loads their data in
    "target87.core",
    "target87.countries",
    "target87.accounts",
    "target87.partnership",
    "target87.groups",
    "target87.pathfinders",
    "target87.monitoring",
    "target87.surveys",
    "target87.trends",
    "target87.knowledge",
    "target87.meetings",
    "target87.pledges",
    "target87.supplychains",
    "target87.ereport",
    "target87.api",
    "target87.notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # whole public pages for anonymous readers, before any other work (core.pagecache)
    "target87.core.pagecache.PublicPageCacheMiddleware",
    # before anything reads the body: per-route size limits and NUL characters
    "target87.core.limits.RequestLimitsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "target87.urls"
WSGI_APPLICATION = "target87.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "target87.core.context_processors.platform",
                "target87.notifications.context_processors.notifications",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'target87.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the task worker use the file at once.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# the organisations a partner representative speaks for (see accounts.RoleAssignment)
TARGET87_ORGANISATION_MODEL = "partnership.Partner"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "target87.accounts.backends.AdminIndexBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:my_work"
LOGOUT_REDIRECT_URL = "core:home"

# Login throttling: lock an account-and-address pair for an hour after five failures.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("ru", _("Russian")),
]
LANGUAGES_BIDI = ["ar"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_ADD_HEADERS_FUNCTION = static_file_headers
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Largest request body of a form (a page without a file), and of a page that takes a
# document (attachments, transition letters, spreadsheets); survey microdata has its own
# limit below. Checked before the body is read (target87.core.limits).
REQUEST_MAX_BODY_BYTES = int(os.environ.get("REQUEST_MAX_BODY_BYTES", str(4 * 1024 * 1024)))
DOCUMENT_MAX_UPLOAD_BYTES = int(
    os.environ.get("DOCUMENT_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_MAX_BODY_BYTES
FILE_UPLOAD_HANDLERS = [
    "target87.core.limits.BodyLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Target 8.7 Platform <noreply@localhost>")
# a mail server that does not answer must not hold the worker for long
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
# address of the site as people reach it, for links in emails
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000")

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# Background jobs never hang (target87.core.jobs): a worker beats every
# JOB_HEARTBEAT_SECONDS (a quarter of the lease by default); a job whose worker has not
# beaten for JOB_LEASE_SECONDS is run again, or failed once it has been started
# JOB_MAX_ATTEMPTS times; a job running longer than JOB_TIMEOUT_SECONDS is stopped and failed.
JOB_LEASE_SECONDS = float(os.environ.get("TARGET87_JOB_LEASE_SECONDS", "60"))
JOB_HEARTBEAT_SECONDS = float(os.environ.get("TARGET87_JOB_HEARTBEAT_SECONDS", "0")) or None
JOB_MAX_ATTEMPTS = int(os.environ.get("TARGET87_JOB_MAX_ATTEMPTS", "2"))
JOB_TIMEOUT_SECONDS = float(os.environ.get("TARGET87_JOB_TIMEOUT_SECONDS", "3600"))

# No external CDN, font or script: the platform works offline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# One Redis shared by every server and worker process when REDIS_URL is set
# (e.g. redis://127.0.0.1:6379/0); otherwise each process keeps its own memory cache, which is
# safe because cached fragments are keyed by the content version held in the database.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "target87"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Whole public pages (core.pagecache) are shared by every process: in Redis when there is
# one, otherwise in files in the data directory, so a page rendered at setup or by one
# server process is served by all the others.
CACHES["pages"] = dict(CACHES["default"]) if REDIS_URL else {
    "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
    "LOCATION": str(DATA_DIR / "page-cache"),
    "OPTIONS": {"MAX_ENTRIES": 20000},
}

# How long a whole public page may be served from the cache to anonymous readers; any change
# to the platform's records replaces it at once (target87.core.pagecache).
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "600"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
TARGET87_DEMO_ACCOUNTS = env_bool("DEMO_ACCOUNTS", True)
# largest survey microdata file accepted for upload
SURVEYS_MAX_UPLOAD_BYTES = int(os.environ.get("SURVEYS_MAX_UPLOAD_BYTES", str(500 * 1024 * 1024)))
# Footprint runs: each of the two files (MRIO system, satellite account) up to this size; the
# upload request carries both.
SUPPLYCHAINS_MAX_UPLOAD_BYTES = int(
    os.environ.get("SUPPLYCHAINS_MAX_UPLOAD_BYTES", str(200 * 1024 * 1024)))
SUPPLYCHAINS_MAX_REQUEST_BYTES = 2 * SUPPLYCHAINS_MAX_UPLOAD_BYTES
# largest table an upload may hold, checked from its header or metadata before it is read
SURVEYS_MAX_COLUMNS = int(os.environ.get("SURVEYS_MAX_COLUMNS", "2000"))
SURVEYS_MAX_ROWS = int(os.environ.get("SURVEYS_MAX_ROWS", str(50_000_000)))
SURVEYS_MAX_EXPANDED_BYTES = int(
    os.environ.get("SURVEYS_MAX_EXPANDED_BYTES", str(16 * 1024**3)))
# largest questionnaire answer, in characters
QUESTIONNAIRE_MAX_ANSWER_CHARS = int(os.environ.get("QUESTIONNAIRE_MAX_ANSWER_CHARS", "10000"))
# XLSX imports: largest total of the workbook's parts once unzipped, largest declared sheet
XLSX_MAX_UNCOMPRESSED_BYTES = int(
    os.environ.get("XLSX_MAX_UNCOMPRESSED_BYTES", str(100 * 1024 * 1024)))
XLSX_MAX_CELLS = int(os.environ.get("XLSX_MAX_CELLS", str(1_000_000)))
# password-reset requests accepted per hour from one address and for one e-mail
PASSWORD_RESET_LIMIT = int(os.environ.get("PASSWORD_RESET_LIMIT", "5"))
# an estimate run is refused before reading if it would need more memory than this, and
# stopped (failed, with the reason) once it has run longer than this many seconds
SURVEYS_MAX_JOB_MEMORY_BYTES = int(
    os.environ.get("SURVEYS_MAX_JOB_MEMORY_BYTES", str(8 * 1024**3)))
SURVEYS_MAX_JOB_SECONDS = int(os.environ.get("SURVEYS_MAX_JOB_SECONDS", "3600"))
