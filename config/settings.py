"""Settings for Boligsosial: one code path, switched by environment variables.

BOLIGSOSIAL_ENV   development (default) | production
DATABASE_URL      e.g. postgres://user:pass@host:5432/db; default: SQLite file under var/
SECRET_KEY        required in production
ALLOWED_HOSTS     comma-separated, production only
EMAIL_URL-ish     EMAIL_HOST etc. (production); console backend in development
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
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

ALLOWED_HOSTS = (
    [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
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
    "boligsosial.core",
    "boligsosial.accounts",
    "boligsosial.audit",
    "boligsosial.municipalities",
    "boligsosial.programmes",
    "boligsosial.reporting",
    "boligsosial.plans",
    "boligsosial.followup",
    "boligsosial.instruments",
    "boligsosial.evaluation",
    "boligsosial.evaluation_report",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files from the app servers themselves, with hashed names and far-future caching.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "boligsosial.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "boligsosial.core.middleware.AsOfDateMiddleware",
]

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
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL and a busy timeout let the dev server and a background task share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )

# Sessions (Django's default: the database) and the cache live in the database, so any number
# of app servers and workers behind a load balancer share them without sticky sessions.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "boligsosial_cache",
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
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
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
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
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed copies made by collectstatic (make serve, the container image).
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if IS_PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
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
]
UPLOAD_MAX_BYTES = int(os.environ.get("BOLIGSOSIAL_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024

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
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 3600
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
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
