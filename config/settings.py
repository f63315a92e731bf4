"""Bascule settings, read from the environment.

With no environment at all the app runs on SQLite in DEBUG mode ("check out and run").
Production sets SECRET_KEY, DEBUG=false, ALLOWED_HOSTS, DATABASE_URL and the SMTP variables.
"""

import os
from decimal import Decimal
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Return the boolean value of environment variable `name`."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me" if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is off")
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Open Badges credentials (docs/credentials.md): the issuer's name, and the secret that
# encrypts the signing keys' private halves in the database (derived from SECRET_KEY when
# unset: set it apart so that changing SECRET_KEY does not lock the keys).
ORGANISATION_NAME = os.environ.get("ORGANISATION_NAME", "Bascule")
CREDENTIAL_KEY_SECRET = os.environ.get("CREDENTIAL_KEY_SECRET", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "bootstrap",
    # Checks the Content-Security-Policy settings.
    "csp",
    # Serves Swagger UI from local static files instead of a CDN.
    "ninja",
    # Background jobs (e-mails): the task API and the database queue its workers read.
    "django_tasks",
    "django_tasks_db",
    "bascule.core",
    "bascule.accounts",
    "bascule.people",
    "bascule.skills",
    "bascule.programs",
    "bascule.pairing",
    "bascule.journey",
    "bascule.meetings",
    "bascule.evaluations",
    "bascule.reminders",
    "bascule.privacy",
    "bascule.notifications",
    "bascule.training",
    "bascule.workshops",
    "bascule.recognition",
    "bascule.certificates",
    "bascule.credentials",
    "bascule.insights",
    "bascule.demo",
    "bascule.home",
]

MIDDLEWARE = [
    # First: every response, redirects and errors included, gets its request id and log line.
    "bascule.core.request_log.RequestLogMiddleware",
    # Prometheus: counts every request and its latency (with the last one; bascule/core/metrics.py).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "bascule.accounts.middleware.LoginRequiredExceptApiMiddleware",
    "bascule.accounts.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages: a session past its maximum age ends with a word on the login page.
    "bascule.accounts.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "bascule.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": dj_database_url.config(default=f"sqlite:///{BASE_DIR / 'bascule.sqlite3'}")}
# A PostgreSQL connection is kept 60 s by default: opening one per request (a new server
# process each time) cost the key pages a third of their throughput (bench/load.py).
# The connection is checked before a request reuses it, so a restarted server costs no error.
_PERSISTENT_DEFAULT = "60" if DATABASES["default"]["ENGINE"].endswith("postgresql") else "0"
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", _PERSISTENT_DEFAULT))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = DATABASES["default"]["CONN_MAX_AGE"] > 0
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers (e.g. an import's progress poll) run while a write is in progress.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env_bool(
    "DATABASE_JIT", False
):
    # PostgreSQL compiles a query it deems costly before running it (JIT), which takes longer
    # than running it for the pages' queries: a home page summing up thousands of pairs spent
    # most of its time compiling. DATABASE_JIT=true keeps the server's setting.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"]["options"] = (
        DATABASES["default"]["OPTIONS"].get("options", "") + " -c jit=off"
    ).strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Password logins are throttled (bascule/accounts/throttle.py): per e-mail address from one
# network address, and per network address, in windows of LOGIN_THROTTLE_WINDOW seconds.
AUTHENTICATION_BACKENDS = ["bascule.accounts.backends.ThrottledModelBackend"]
LOGIN_ATTEMPTS_PER_ACCOUNT = int(os.environ.get("LOGIN_ATTEMPTS_PER_ACCOUNT", "5"))
LOGIN_ATTEMPTS_PER_ADDRESS = int(os.environ.get("LOGIN_ATTEMPTS_PER_ADDRESS", "100"))
LOGIN_THROTTLE_WINDOW = int(os.environ.get("LOGIN_THROTTLE_MINUTES", "15")) * 60
# How many reverse proxies stand in front of the app servers and append to X-Forwarded-For
# (0: the client's address is REMOTE_ADDR). Too high a number lets a client forge its address.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Sessions end after SESSION_IDLE_MINUTES without a request, and SESSION_MAX_HOURS after the
# login whatever happens (SessionLifetimeMiddleware).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "60")) * 60
SESSION_MAX_AGE = int(os.environ.get("SESSION_MAX_HOURS", "10")) * 3600

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not a rule: stops the user's API tokens whenever their password changes.
    {"NAME": "bascule.accounts.validators.StopApiTokensOnPasswordChange"},
]

# Languages: French by default, English available. LANGUAGE_CODE is configurable.
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "fr")
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Paris")
USE_TZ = True
# The country whose public holidays a new program's suggested meeting times skip (ISO 3166
# code, each program can change it; docs/meetings.md).
DEFAULT_COUNTRY = os.environ.get("DEFAULT_COUNTRY", "FR").upper()

STATIC_URL = "static/"
# Where `collectstatic` gathers the static files that whitenoise serves.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = BASE_DIR / "media"

# Login throttling and the import's progress bar keep their counters here: with several
# server processes, use a shared cache (Redis: CACHE_BACKEND=
# django.core.cache.backends.redis.RedisCache, CACHE_LOCATION=redis://127.0.0.1:6379/0).
# The key pages are kept in the cache until the database changes (bascule/core/page_cache.py):
# "auto" keeps them when the cache is shared by every process (Redis…), "on" / "off" force it.
PAGE_CACHE = os.environ.get("PAGE_CACHE", "auto")
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60"))
CACHES = {
    "default": {
        "BACKEND": os.environ.get("CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": os.environ.get("CACHE_LOCATION", "bascule"),
    }
}

# E-mail: SMTP configured from the environment; the console backend by default in DEBUG.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
# The demo's outbox (bascule/core/outbox.py): e-mails kept in the database and shown under
# "Sent e-mails" instead of being sent. For trying Bascule only (`make demo` turns it on);
# `manage.py check --deploy` warns when it is on.
DEMO_OUTBOX = env_bool("DEMO_OUTBOX", False)
if DEMO_OUTBOX:
    EMAIL_BACKEND = "bascule.core.outbox.OutboxEmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Bascule <bascule@localhost>")

# Background jobs (docs/operations.md): queued in the database by default, on SQLite and
# PostgreSQL alike, and run by `manage.py db_worker`. TASK_BACKEND names another backend of
# Django's task API (e.g. "django_tasks.backends.immediate.ImmediateBackend": run in the
# request, after commit, with no worker).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- HTTPS and security headers -------------------------------------------------------------
# Production (DEBUG=false) is served over HTTPS, usually behind a proxy that terminates TLS:
# secure cookies, a redirect to HTTPS and HSTS by default. docs/admin-guide.md lists the
# production environment that `manage.py check --deploy` finds clean.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# "HTTP_X_FORWARDED_PROTO,https" behind a proxy that sets X-Forwarded-Proto (and strips it
# from clients); without it, SECURE_SSL_REDIRECT would loop behind such a proxy.
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    _header, _, _value = os.environ["SECURE_PROXY_SSL_HEADER"].partition(",")
    SECURE_PROXY_SSL_HEADER = (_header.strip(), _value.strip())
SECURE_CONTENT_TYPE_NOSNIFF = True
# Load balancers probe the health checks over plain HTTP, inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# Prometheus metrics at /metrics (bascule/core/metrics.py, docs/deployment.md): scraped with
# `Authorization: Bearer <METRICS_TOKEN>`; without a token, /metrics does not exist (404).
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
# Private calendar addresses carry a secret in their path: never send a page's address to
# another site.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# HSTS for every subdomain and the browsers' preload list are decisions for the owner of the
# company's domain, not for an application that usually runs on one of its subdomains: off
# unless set above, and not reported by `check --deploy`.
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]

# Content-Security-Policy (django-csp): scripts and styles only from our own static files, no
# inline script or style, no eval; htmx is served locally and configured not to inject styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# Permissions-Policy: every powerful browser feature off, except copying to the clipboard
# (the private calendar address's "Copy" button).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "accelerometer": [],
    "autoplay": [],
    "bluetooth": [],
    "browsing-topics": [],
    "camera": [],
    "clipboard-read": [],
    "clipboard-write": ["self"],
    "display-capture": [],
    "encrypted-media": [],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "publickey-credentials-get": [],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}

# A refused form (missing or stale CSRF token) gets a page that says what to do.
CSRF_FAILURE_VIEW = "bascule.core.error_views.csrf_failure"

# HR file imports: hard limits against oversized uploads and XLSX bombs.
IMPORT_MAX_UPLOAD_BYTES = int(os.environ.get("IMPORT_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
IMPORT_MAX_XLSX_UNCOMPRESSED_BYTES = int(
    os.environ.get("IMPORT_MAX_XLSX_UNCOMPRESSED_BYTES", str(200 * 1024 * 1024))
)
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "200000"))
# An import marking more than this share (in %) of the active employees as having left must
# be confirmed by typing how many (--force on the command line). 10 %: more than usually
# leave between two regular imports, far less than a truncated or filtered file (the usual
# mistake) marks. See docs/admin-guide.md.
IMPORT_LEAVERS_CONFIRM_PERCENT = Decimal(os.environ.get("IMPORT_LEAVERS_CONFIRM_PERCENT", "10"))
DATA_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_UPLOAD_BYTES + 1024 * 1024

# --- Health checks (bascule/core/health.py, docs/deployment.md) ---------------------------
# /readyz answers 503 when more background jobs than this wait, or the oldest has waited
# longer than this many seconds (checked only where jobs are stored in the database).
READY_QUEUE_MAX_DEPTH = int(os.environ.get("READY_QUEUE_MAX_DEPTH", "1000"))
READY_QUEUE_MAX_AGE_SECONDS = int(os.environ.get("READY_QUEUE_MAX_AGE_SECONDS", "900"))

# --- Logs (bascule/core/request_log.py, docs/deployment.md) ----------------------------------
# One line per request (method, path, status, duration, user id, request id) on the
# "bascule.request" logger, a warning for a request slower than SLOW_REQUEST_MS and for a
# database query slower than SLOW_QUERY_MS ("bascule.db"). LOG_FORMAT: "json" (one object per
# line, the default with DEBUG off) or "text" (readable, the default in development).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
SLOW_REQUEST_MS = int(os.environ.get("SLOW_REQUEST_MS", "1000"))
SLOW_QUERY_MS = int(os.environ.get("SLOW_QUERY_MS", "200"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "bascule.core.request_log.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "bascule.core.request_log.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # REQUEST_LOG_LEVEL=WARNING keeps only the slow requests.
    # "bascule.jobs": one line per e-mail job run by the worker, with its request's id.
    "loggers": {
        "bascule.request": {"level": os.environ.get("REQUEST_LOG_LEVEL", "INFO")},
        "bascule.jobs": {"level": os.environ.get("JOB_LOG_LEVEL", "INFO")},
    },
}
