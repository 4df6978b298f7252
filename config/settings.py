"""Settings for Boligsosial: one code path, switched by environment variables.

General
  BOLIGSOSIAL_ENV          development (default) | production
  BOLIGSOSIAL_VAR_DIR      folder for the SQLite file, static files and private files (default var/)
  BOLIGSOSIAL_STATIC_ROOT  folder `collectstatic` writes to (default $BOLIGSOSIAL_VAR_DIR/static)
  BOLIGSOSIAL_PRIVATE_MEDIA  folder for uploaded and generated private files
                           (default $BOLIGSOSIAL_VAR_DIR/private)
  DATABASE_URL             e.g. postgres://user:pass@host:5432/db; default: SQLite file under var/
  CONN_MAX_AGE             seconds a database connection is kept (default 60, health-checked)
  SECRET_KEY               required in production
  DJANGO_DEBUG             1 (default) | 0; development only, production never runs with DEBUG

Production only (BOLIGSOSIAL_ENV=production); `boligsosial check --deploy` passes with no
warning with the defaults:
  ALLOWED_HOSTS            comma-separated host names the site answers to
  CSRF_TRUSTED_ORIGINS     comma-separated origins with scheme, e.g. https://boligsosial.example.no;
                           needed when the public origin differs from the host the app sees
  SECURE_PROXY_SSL_HEADER  name of the header a TLS-terminating proxy sets to "https", e.g.
                           X-Forwarded-Proto. Set it only behind such a proxy (the proxy must
                           overwrite the header from clients); without it, log-in POSTs behind
                           the proxy fail the CSRF origin check (403)
  SECURE_SSL_REDIRECT      1 (default) | 0; 0 only where the proxy itself redirects http → https
  SECURE_HSTS_SECONDS      default 31536000 (one year); HSTS always includes subdomains
  SECURE_HSTS_PRELOAD      0 (default) | 1; ask browsers to preload HSTS for the domain. Off by
                           default because leaving the preload list takes months; the check
                           security.W021 is silenced while it is off
  FORWARDED_FOR_PROXIES    number of proxies that append the client address to X-Forwarded-For
                           (default 0: the address is REMOTE_ADDR); used for log-in lockout
  EMAIL_HOST, EMAIL_PORT   SMTP server for password reset and reminders (default localhost:25);
                           the console backend prints e-mail in development
  DEFAULT_FROM_EMAIL       sender address of e-mail

Domain
  BOLIGSOSIAL_UPLOAD_MAX_BYTES         largest upload a form accepts (default 10 MB)
  BOLIGSOSIAL_MAX_REQUEST_BYTES        largest request body apart from files (default 10 MB)
  BOLIGSOSIAL_LOGIN_FAILURE_LIMIT      failed log-ins per user name and address before a
                                       lockout (default 10)
  BOLIGSOSIAL_LOCKOUT_MINUTES          how long a lockout lasts (default 30)
  BOLIGSOSIAL_SMALL_COUNT_THRESHOLD    counts below this are shown as "under N" (default 3)
  BOLIGSOSIAL_TASKS_BACKEND            Django tasks backend (default: django-tasks-db's
                                       database queue, worked by `boligsosial db_worker`)
  BOLIGSOSIAL_JOBS_STALE_AFTER_SECONDS a running job with no progress for this long belonged
                                       to a worker that died and is queued again (default 300)

Private files (shared by app servers and workers)
  BOLIGSOSIAL_PRIVATE_MEDIA            folder for private files (default var/private)
  BOLIGSOSIAL_S3_BUCKET                use this S3-compatible bucket instead of the folder
  BOLIGSOSIAL_S3_ENDPOINT_URL          the object store's address (MinIO, Ceph, a cloud)
  BOLIGSOSIAL_S3_ACCESS_KEY_ID, BOLIGSOSIAL_S3_SECRET_ACCESS_KEY, BOLIGSOSIAL_S3_REGION
  BOLIGSOSIAL_S3_PREFIX                key prefix inside the bucket (default "private")
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("BOLIGSOSIAL_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

ENVIRONMENT = os.environ.get("BOLIGSOSIAL_ENV", "development")
IS_PRODUCTION = ENVIRONMENT == "production"
DEBUG = not IS_PRODUCTION and os.environ.get("DJANGO_DEBUG", "1") == "1"

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if IS_PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY må settes i produksjon.")
    SECRET_KEY = "development-only-not-secret-boligsosial"


def _env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def _env_flag(name: str, *, default: bool) -> bool:
    value = os.environ.get(name)
    return (
        default if value is None or value == "" else value.strip().lower() in {"1", "true", "yes"}
    )


ALLOWED_HOSTS = (
    _env_list("ALLOWED_HOSTS")
    if IS_PRODUCTION
    else ["127.0.0.1", "localhost", "testserver", "[::1]"]
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_tasks_db",
    "mozilla_django_oidc",
    "axes",
    "boligsosial.core",
    "boligsosial.accounts",
    "boligsosial.audit",
    "boligsosial.jobs",
    "boligsosial.municipalities",
    "boligsosial.programmes",
    "boligsosial.reporting",
    "boligsosial.plans",
    "boligsosial.followup",
    "boligsosial.instruments",
    "boligsosial.evaluation",
    "boligsosial.evaluation_report",
    "boligsosial.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Static files without DEBUG, before anything that touches the session or database.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "boligsosial.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "boligsosial.core.middleware.AsOfDateMiddleware",
    # Last, as django-axes asks: turns a lockout during log-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (Django's own, SECURE_CSP): scripts, styles, fonts and images only
# from this site; no inline script or style anywhere (templates use classes and static
# files; dynamic positions are SVG attributes), no plug-ins, no framing, forms post here.
# Files served by `core.downloads.private_file_response` set their own sandboxing policy.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "boligsosial.core.context_processors.boligsosial",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'boligsosial.sqlite3'}",
        # PostgreSQL connections are kept for a minute and checked before reuse (opening one
        # per request cost 240–320 ms at p95 under load; issue 14).
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# SQLite serialises writers: WAL lets readers go on while one writes; every transaction
# begins IMMEDIATE (takes the write lock at BEGIN, waiting up to `timeout` seconds for it),
# because a deferred transaction that reads and then writes cannot wait for the lock and
# fails at once with "database is locked". synchronous=NORMAL is safe with WAL.
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000",
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)

# Sessions (Django's default: the database) and the cache live in the database, so any number
# of app servers and workers behind a load balancer share them without sticky sessions.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "boligsosial_cache",
        # Stored computations (core.stored) are keyed by reader scope and data fingerprint:
        # Django's default of 300 entries would cull a third of them again and again.
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "boligsosial.accounts.backends.LockoutBackend",
    "boligsosial.accounts.backends.AccountBackend",
]
# Log-in throttling (django-axes): after 10 failed log-ins for one user name from one
# address, that pair is locked out for the cool-off time (each further try restarts it).
# A success resets the count. API tokens are not affected.
AXES_FAILURE_LIMIT = int(os.environ.get("BOLIGSOSIAL_LOGIN_FAILURE_LIMIT", "10"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("BOLIGSOSIAL_LOCKOUT_MINUTES", "30")))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "boligsosial.accounts.views.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
# The client address: REMOTE_ADDR, unless the site runs behind proxies that append to
# X-Forwarded-For (FORWARDED_FOR_PROXIES = how many); a client cannot choose its address.
_FORWARDED_FOR_PROXIES = int(os.environ.get("FORWARDED_FOR_PROXIES", "0"))
if _FORWARDED_FOR_PROXIES:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    AXES_IPWARE_PROXY_COUNT = _FORWARDED_FOR_PROXIES
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
PASSWORD_RESET_TIMEOUT = 2 * 3600
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "programmes:portfolio"

# Single sign-on through the organisation's identity provider (OpenID Connect, code flow with
# PKCE; accounts/oidc.py). On when OIDC_CLIENT_ID is set. Examples of the endpoints:
#   Microsoft Entra ID  issuer https://login.microsoftonline.com/<tenant-id>/v2.0, authorization
#     …/oauth2/v2.0/authorize, token …/oauth2/v2.0/token, userinfo
#     https://graph.microsoft.com/oidc/userinfo, JWKS …/discovery/v2.0/keys; OIDC_SUBJECT_CLAIM=oid
#   Ansattporten        issuer https://ansattporten.no, …/authorize, …/token, …/userinfo, …/jwk
#   ID-porten           issuer https://idporten.no, …/authorize, …/token, …/userinfo, …/jwks.json
# (read them from the provider's /.well-known/openid-configuration).
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_OP_ISSUER = os.environ.get("OIDC_ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_JWKS_ENDPOINT", "")
OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "organisasjonens innlogging")
OIDC_SUBJECT_CLAIM = os.environ.get("OIDC_SUBJECT_CLAIM", "sub")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_SCOPES", "openid profile")
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_TIMEOUT = 15
LOGIN_REDIRECT_URL_FAILURE = "/konto/logg-inn/"  # mozilla-django-oidc does not resolve names
if OIDC_RP_CLIENT_ID:
    AUTHENTICATION_BACKENDS.append("boligsosial.accounts.oidc.OrganisationLoginBackend")
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norsk bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("BOLIGSOSIAL_STATIC_ROOT", VAR_DIR / "static"))
if not IS_PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing folder
# Production serves static files with WhiteNoise under content-hashed names (cached for a
# year); `boligsosial collectstatic` writes them (make serve runs it). Development and tests
# use the plain storage, which needs no collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Private files (see PRIVATE_MEDIA_ROOT below and core/storage.py): a folder, or an
    # S3-compatible bucket shared by every app server and worker when BOLIGSOSIAL_S3_BUCKET
    # is set (django-storages; endpoint, keys and region from BOLIGSOSIAL_S3_*).
    "private": (
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": os.environ["BOLIGSOSIAL_S3_BUCKET"],
                "endpoint_url": os.environ.get("BOLIGSOSIAL_S3_ENDPOINT_URL") or None,
                "access_key": os.environ.get("BOLIGSOSIAL_S3_ACCESS_KEY_ID") or None,
                "secret_key": os.environ.get("BOLIGSOSIAL_S3_SECRET_ACCESS_KEY") or None,
                "region_name": os.environ.get("BOLIGSOSIAL_S3_REGION") or None,
                "location": os.environ.get("BOLIGSOSIAL_S3_PREFIX", "private"),
                "default_acl": "private",
                "file_overwrite": False,
                "querystring_auth": True,
            },
        }
        if os.environ.get("BOLIGSOSIAL_S3_BUCKET")
        else {"BACKEND": "boligsosial.core.storage.PrivateFileSystemStorage"}
    ),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# A running background job whose worker has written no progress for this long is taken to
# belong to a worker that died, and is queued again (`boligsosial recover_jobs`, and each
# time a worker starts a job).
JOBS_STALE_AFTER_SECONDS = int(os.environ.get("BOLIGSOSIAL_JOBS_STALE_AFTER_SECONDS", "300"))
# A job that is safe to run again (a fetch, an e-mail) and failed is tried again after this
# many seconds times the attempts so far, up to its max_attempts (3).
JOBS_RETRY_BACKOFF_SECONDS = int(os.environ.get("BOLIGSOSIAL_JOBS_RETRY_BACKOFF_SECONDS", "5"))
# Oldest a queued background task may get before /helse/ says no worker is working the queue.
QUEUE_MAX_WAIT_MINUTES = int(os.environ.get("BOLIGSOSIAL_QUEUE_MAX_WAIT_MINUTES", "10"))
# Uploaded evidence and documents live outside the web root and are served only by views
# that check access (never by the static/media server).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("BOLIGSOSIAL_PRIVATE_MEDIA", VAR_DIR / "private"))
# Apps that write under PRIVATE_MEDIA_ROOT: `files.private_files` lists each one's folder and
# the files its rows refer to (`boligsosial clean_private_media` removes the rest).
PRIVATE_FILE_OWNERS = [
    "boligsosial.plans.files",
    "boligsosial.evaluation.files",
    "boligsosial.evaluation_report.files",
    "boligsosial.jobs.files",
]
# SSB's PxWebApi v2 table address ({table} is the table number); another address only for a
# mirror or a test server.
SSB_PXWEB_V2_URL = os.environ.get(
    "BOLIGSOSIAL_SSB_PXWEB_V2_URL", "https://data.ssb.no/api/pxwebapi/v2/tables/{table}/data"
)
# Imports of files at least this large run as background jobs (the request answers at once
# with the job's progress page); smaller files are imported in the request.
BACKGROUND_IMPORT_MIN_BYTES = int(
    os.environ.get("BOLIGSOSIAL_BACKGROUND_IMPORT_MIN_BYTES", 256 * 1024)
)
UPLOAD_MAX_BYTES = int(os.environ.get("BOLIGSOSIAL_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))
# Bounds on every request: a body other than uploaded files (JSON, form fields) at most
# 10 MB, uploaded files above 2.5 MB go to a temporary file instead of memory, and at most
# 2 000 form fields. The API answers 413 / 400 with a Norwegian message (config/api.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("BOLIGSOSIAL_MAX_REQUEST_BYTES", 10 * 1024 * 1024))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Django 6.1's MAILERS replaces EMAIL_BACKEND/EMAIL_HOST/EMAIL_PORT (deprecated).
if IS_PRODUCTION:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("EMAIL_PORT", "25")),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

if IS_PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS")
    if os.environ.get("SECURE_PROXY_SSL_HEADER"):
        _header = os.environ["SECURE_PROXY_SSL_HEADER"].strip().upper().replace("-", "_")
        SECURE_PROXY_SSL_HEADER = (f"HTTP_{_header}", "https")
    SECURE_SSL_REDIRECT = _env_flag("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^helse/$"]  # the load balancer's health check may use http
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = _env_flag("SECURE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading is an explicit choice of the operator (see the docstring).
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "boligsosial@husbanken.example")

# Background work (report files, large imports, SSB fetches, e-mail) is queued in the database
# (django-tasks-db) and run by `boligsosial db_worker` processes (`make demo`, `make serve`,
# deploy/). The test suite runs tasks at once (conftest sets the ImmediateBackend) except in
# the tests that start a real worker.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("BOLIGSOSIAL_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Logs go to standard error; in production (or with BOLIGSOSIAL_LOG_FORMAT=json) one JSON object
# per line (time, level, logger, message and any extra fields), for journald, Docker or a log
# collector. BOLIGSOSIAL_LOG_LEVEL sets the level (default INFO in production, WARNING otherwise).
LOG_FORMAT = os.environ.get("BOLIGSOSIAL_LOG_FORMAT", "json" if IS_PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(process)d",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("BOLIGSOSIAL_LOG_LEVEL", "INFO" if IS_PRODUCTION else "WARNING"),
    },
}

# Domain settings
# Counts of persons/households below this are shown as "under N" where municipalities are compared.
SMALL_COUNT_THRESHOLD = int(os.environ.get("BOLIGSOSIAL_SMALL_COUNT_THRESHOLD", "3"))
# Demo data loaders, in order; each app that has demonstration data adds its module here.
DEMO_LOADERS = [
    "boligsosial.municipalities.demo",
    "boligsosial.accounts.demo",
    "boligsosial.programmes.demo",
    "boligsosial.reporting.demo",
    "boligsosial.plans.demo",
    "boligsosial.followup.demo",
    "boligsosial.instruments.demo",
    "boligsosial.evaluation.demo",
    "boligsosial.evaluation_report.demo",
]
