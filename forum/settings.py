"""Settings for Plenaria.

One module, two modes, chosen by the environment alone:

* Embedded (no variables set): SQLite under ``var/``, the in-memory channel layer, Celery tasks run
  in-process, mail printed to the console. ``make run`` works on any machine.
* Services: ``DATABASE_URL`` selects PostgreSQL (psycopg 3) and ``REDIS_URL`` selects the
  channels-redis layer, the Redis cache and the Celery broker. This is how Plenaria is deployed.

Every variable is listed in README.md.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PLENARIA_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
#: "embedded" runs anywhere on one machine; "services" shares PostgreSQL and Redis between processes.
PLENARIA_MODE = "services" if (DATABASE_URL or REDIS_URL) else "embedded"

DEBUG = env_bool("DEBUG", default=PLENARIA_MODE == "embedded")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # A development key, stable per checkout so that logins survive a restart of `make run`.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
    SECRET_KEY = key_file.read_text().strip()

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])


def default_site_url(*, debug: bool, allowed_hosts: list[str]) -> str:
    """Where mails link to when SITE_URL is not set: the development server, or the first host."""
    if debug:
        return "http://127.0.0.1:8000"
    host = allowed_hosts[0].lstrip(".") if allowed_hosts else ""
    return f"https://{host}" if host and host != "*" else ""


#: The public address of the site, e.g. https://forum.example.org: every link in a mail starts
#: with it (forum.mail.absolute_url), never with the Host header of the request that sent it.
SITE_URL = os.environ.get("SITE_URL", "") or default_site_url(
    debug=DEBUG, allowed_hosts=ALLOWED_HOSTS
)
# Left empty when it cannot be derived (ALLOWED_HOSTS "*"): forum.mail.absolute_url then refuses
# to build a link, so that no mail goes out with a relative one.

INSTALLED_APPS = [
    "daphne",
    "forum.apps.ForumConfig",
    "sessions.apps.ProgrammeConfig",
    "registration.apps.RegistrationConfig",
    "remote_hubs.apps.RemoteHubsConfig",
    "transcripts.apps.TranscriptsConfig",
    "reports.apps.ReportsConfig",
    "outputs.apps.OutputsConfig",
    "forum.apps.PlenariaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "channels",
    "rules.apps.AutodiscoverRulesConfig",
    "django_countries",
    "rest_framework",
    "drf_spectacular",
]

MIDDLEWARE = [
    # Forwarded headers count only from TRUSTED_PROXIES (forum/client_address.py); first, so that
    # SecurityMiddleware's HTTPS redirect never believes a client's X-Forwarded-Proto.
    "forum.client_address.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response, without unsafe-inline (forum/security.py).
    "forum.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Pages under /forums/<slug>/ render in the forum's time zone (forum/timezones.py).
    "forum.timezones.ForumTimezoneMiddleware",
    # Turns a tripped rate limit into RATELIMIT_VIEW's answer (429).
    "django_ratelimit.middleware.RatelimitMiddleware",
]

ROOT_URLCONF = "forum.urls"
#: Every form renders through the same templates (forum/form_rendering.py).
FORM_RENDERER = "forum.form_rendering.FormRenderer"
WSGI_APPLICATION = None
ASGI_APPLICATION = "forum.asgi.application"

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
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://...).")
    #: Each process holds at most DB_POOL_MAX connections (psycopg's pool, Django's "pool"
    #: option): under ASGI every request runs on a thread of its own, and long-lived connections
    #: per thread (CONN_MAX_AGE) let one process open as many as it has threads. Past the bound a
    #: request waits up to DB_POOL_TIMEOUT seconds for a connection instead of failing.
    #: DB_POOL_MAX=0 turns the pool off (one short-lived connection per request), for a pooler
    #: such as PgBouncer in front of PostgreSQL (docs/operations.md).
    DB_POOL_MAX = int(os.environ.get("DB_POOL_MAX", "8"))
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "application_name": os.environ.get("DB_APPLICATION_NAME", "plenaria"),
    }
    if DB_POOL_MAX > 0:
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": min(int(os.environ.get("DB_POOL_MIN", "1")), DB_POOL_MAX),
            "max_size": DB_POOL_MAX,
            "timeout": float(os.environ.get("DB_POOL_TIMEOUT", "20")),
        }
    else:
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(VAR_DIR / "plenaria.sqlite3")),
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Channels, cache, Celery --------------------------------------------------------------------
#: The live layer's channel layer: "pubsub" (chosen by bench/live_fanout.py, see
#: docs/live-protocol.md) or "core". The live rooms repair any lost message from the database.
CHANNEL_LAYER_KIND = os.environ.get("PLENARIA_CHANNEL_LAYER", "pubsub")
# Live rooms (docs/live-protocol.md): seconds between a room's catch-up ticks (0 disables them),
# and the window in which a room's items are gathered into one frame (0 sends each at once).
LIVE_SYNC_INTERVAL = float(os.environ.get("PLENARIA_LIVE_SYNC_INTERVAL", "5"))
LIVE_COALESCE_MS = float(os.environ.get("PLENARIA_LIVE_COALESCE_MS", "25"))
# Write a room's frames straight to daphne's connections (remote_hubs/wire.py); off: through ASGI.
LIVE_DIRECT_WRITES = env_bool("PLENARIA_LIVE_DIRECT_WRITES", default=True)
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": (
            {
                "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
                # Pub/sub channels ignore the database number: keep one prefix per database so
                # that processes sharing a Redis server on different databases never cross-talk.
                "CONFIG": {
                    "hosts": [REDIS_URL],
                    "prefix": "asgi" + (urlsplit(REDIS_URL).path.strip("/") or "0"),
                },
            }
            if CHANNEL_LAYER_KIND == "pubsub"
            else {
                "BACKEND": "channels_redis.core.RedisChannelLayer",
                "CONFIG": {"hosts": [REDIS_URL], "capacity": 1500, "expiry": 30},
            }
        )
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "plenaria",
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    # Embedded mode: tasks run in-process, in the request that enqueues them.
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True

CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE: dict = {
    "requeue-stale-mail": {"task": "forum.tasks.requeue_stale_mail", "schedule": 300.0},
    # Reviewers with pending reviews, while a review window is open (at most once per interval).
    "review-reminders": {
        "task": "sessions.tasks.review.send_review_reminders",
        "schedule": 3600.0,
    },
    # Session reports: reminders before each deadline and once when overdue (idempotent).
    "report-reminders": {"task": "reports.tasks.send_report_reminders", "schedule": 900.0},
    # Compilations: a build whose worker was lost (no progress for 5 minutes) is queued again.
    "requeue-stale-compilations": {
        "task": "outputs.tasks.requeue_stale_builds",
        "schedule": 300.0,
    },
}

# --- Accounts -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "forum.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
#: Logins allowed per account from one client address, per minute.
LOGIN_RATE = os.environ.get("LOGIN_RATE", "10/m")
#: Logins allowed per client address, whatever the account (a venue's network shares one).
LOGIN_ADDRESS_RATE = os.environ.get("LOGIN_ADDRESS_RATE", "60/m")
#: Per account, failures only slow logins down (never block, so nobody can lock a person out):
#: after this many failures in LOGIN_ACCOUNT_WINDOW seconds each attempt waits, doubling from
#: half a second up to LOGIN_ACCOUNT_DELAY_MAX seconds.
LOGIN_ACCOUNT_SLOWDOWN_AFTER = int(os.environ.get("LOGIN_ACCOUNT_SLOWDOWN_AFTER", "10"))
LOGIN_ACCOUNT_DELAY_MAX = float(os.environ.get("LOGIN_ACCOUNT_DELAY_MAX", "3"))
LOGIN_ACCOUNT_WINDOW = int(os.environ.get("LOGIN_ACCOUNT_WINDOW", str(15 * 60)))
#: Proxies whose X-Forwarded-For is believed (addresses or CIDRs, comma-separated); see
#: forum/client_address.py. None by default: the peer of the connection is the client.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
RATELIMIT_IP_META_KEY = "forum.client_address.ratelimit_ip"
RATELIMIT_USE_CACHE = "default"
RATELIMIT_VIEW = "forum.views.rate_limited"

# --- Public API (sessions/api/, docs/api.md) ----------------------------------------------------
#: Requests per client address an anonymous user may make to the API.
API_ANON_RATE = os.environ.get("API_ANON_RATE", "120/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["sessions.api.permissions.ReadOnly"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["sessions.api.throttles.AnonymousAddressThrottle"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Plenaria public API",
    "DESCRIPTION": "The published programmes of public forums: forums, sessions, speakers, "
    "rooms and programme versions. Read-only.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
}

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("ar", _("Arabic"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
#: Date formats completing Django's for some languages (forum/formats/ar: one order, no English
#: fallback).
FORMAT_MODULE_PATH = ["forum.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

# --- Mail ---------------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Plenaria <noreply@plenaria.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security -----------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
#: Origins whose webcast players may be framed (comma-separated, e.g. https://webcast.example),
#: added to the Content-Security-Policy's frame-src on every page (forum/security.py).
CSP_FRAME_SRC = env_list("CSP_FRAME_SRC", [])
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
