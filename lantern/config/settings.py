"""Lantern settings: one module, configured from the environment (12-factor).

Every value that differs between a laptop demo, the test suite and production comes from an
environment variable listed in README.md. Defaults are safe for localhost only: without
LANTERN_ENV=demo or test, a missing SECRET_KEY or field-encryption key is a start-up error.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = env(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# "production" (the default, strict), "demo" (bin/lantern demo) or "test" (bin/lantern test).
LANTERN_ENV: str = env("LANTERN_ENV") or "production"
LOCAL = LANTERN_ENV in {"demo", "test"}

DEBUG = env_bool("DEBUG", False)

_secret = env("SECRET_KEY")
if _secret is None:
    if not LOCAL:
        raise ImproperlyConfigured("SECRET_KEY must be set (see README.md, Configuration).")
    # A fixed key is acceptable only on localhost demo and test runs.
    _secret = "lantern-local-only-" + LANTERN_ENV + "-not-for-production-0123456789abcdef"
SECRET_KEY: str = _secret

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if LOCAL else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "pgtrigger",
    "django_tasks_db",
    "lantern.core",
    "lantern.accounts",
    "lantern.standards",
    "lantern.learning",
    "lantern.respond",
    "lantern.facilitation",
    "lantern.support",
    "lantern.directory",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "lantern.core.middleware.MaxBodySizeMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "lantern.core.middleware.NormaliseNewlinesMiddleware",
    "lantern.accounts.middleware.AuthenticationMiddleware",
    "lantern.accounts.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lantern.accounts.middleware.IdleTimeoutMiddleware",
    "lantern.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lantern.config.urls"
WSGI_APPLICATION = "lantern.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lantern" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lantern.core.context_processors.layout",
            ],
            "builtins": ["lantern.core.templatetags.govuk"],
        },
    },
    {
        # Plain-text emails: not HTML, so nothing is escaped (O'Brien, not O&#x27;Brien).
        # Render with core.mail.render_text; the same templates are found as above.
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lantern" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]
# GOV.UK-style field templates for every Django form (lantern/templates/django/forms/).
FORM_RENDERER = "lantern.core.forms.GovukFormRenderer"

# --- Database ---
_default_sqlite = f"sqlite:///{BASE_DIR / 'var' / 'lantern.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", _default_sqlite) or _default_sqlite, conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the task worker run beside a writer; IMMEDIATE takes the write lock
    # at BEGIN so that the audit chain's read-then-append is serialised.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DATABASE_PREPARED_STATEMENTS", True
):
    # Parameters bound by the server and a query prepared from its fifth run on a connection:
    # the server parses and plans the hot queries once per connection (ADR 9). Set
    # DATABASE_PREPARED_STATEMENTS=false behind a pooler in transaction mode (PgBouncer < 1.21).
    DATABASES["default"]["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 5}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and rate limits ---
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "lantern.core.cache.LanternRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "lantern"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background tasks (Django's tasks framework) ---
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- Authentication ---
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "lantern.accounts.backends.UserWithRolesBackend",
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "core:start"
# The longest a one-time password link lasts: a welcome link's three days. A reset link lasts an
# hour; each kind checks its own time (lantern/accounts/tokens.py).
PASSWORD_RESET_TIMEOUT = 3 * 24 * 60 * 60

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if LANTERN_ENV == "test":
    # Hashing cost is not what the tests measure.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Lock-out after repeated failures (django-axes): by account and address together.
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5") or "5")
AXES_COOLOFF_TIME = timedelta(minutes=int(env("LOGIN_COOLOFF_MINUTES", "15") or "15"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["username", "password"]

# Sessions: in the database with the person they sign in, read with that person and their
# roles in one query (lantern.accounts.sessions, ADR 8); an absolute lifetime plus an idle
# timeout (IdleTimeoutMiddleware); expired ones deleted daily.
SESSION_ENGINE = "lantern.accounts.sessions"
SESSION_COOKIE_AGE = int(env("SESSION_MAX_AGE_SECONDS", str(12 * 3600)) or 43200)
SESSION_IDLE_TIMEOUT = int(env("SESSION_IDLE_TIMEOUT_SECONDS", str(30 * 60)) or 1800)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_NAME = "lantern_session"
CSRF_COOKIE_NAME = "lantern_csrftoken"
CSRF_FAILURE_VIEW = "lantern.core.views.csrf_failure"

# Roles that can open case records, and admins, must use two-factor authentication.
OTP_TOTP_ISSUER = "Lantern"

# --- Security headers ---
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not LOCAL)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "0" if LOCAL else "31536000") or 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not LOCAL
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not LOCAL)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Uploads: refuse large bodies early; forms check their own limits with a clear message.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
LANTERN_MAX_UPLOAD_BYTES = int(env("MAX_UPLOAD_BYTES", str(1024 * 1024)) or 1048576)
LANTERN_MAX_REQUEST_BYTES = int(env("MAX_REQUEST_BYTES", str(10 * 1024 * 1024)) or 10485760)

# --- Field encryption keys ---
# Comma-separated Fernet keys, newest first (rotation: add a key in front, run rotate_keys).
_field_keys = env_list("FIELD_ENCRYPTION_KEYS", [])
if not _field_keys:
    if not LOCAL:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS must be set (see README.md).")
    # Local-only key (urlsafe base64 of 32 bytes): demo and test data are synthetic.
    _field_keys = ["bGFudGVybi1sb2NhbC1vbmx5LWtleS0wMDAwMDAwMDA="]
FIELD_ENCRYPTION_KEYS: list[str] = _field_keys

# --- Audit chain key ---
# Audit events are sealed with HMAC-SHA256 under this key (ADR 6), so that someone who can write
# to the database but does not hold the key cannot rewrite the chain consistently. Unset, the key
# is derived from SECRET_KEY (and retired ones from SECRET_KEY_FALLBACKS). Keys retired from
# AUDIT_CHAIN_KEY go in AUDIT_CHAIN_KEY_FALLBACKS, so that older events still verify.
AUDIT_CHAIN_KEY: str = env("AUDIT_CHAIN_KEY", "") or ""
AUDIT_CHAIN_KEY_FALLBACKS: list[str] = env_list("AUDIT_CHAIN_KEY_FALLBACKS", [])
# Events up to this sequence number may be unsealed (written before sealing existed); any later
# unsealed event is reported as a rewrite. 0 for every database created since.
AUDIT_UNSEALED_UNTIL = int(env("AUDIT_UNSEALED_UNTIL", "0") or 0)

# --- Email (Django 6.1 MAILERS) ---
_email_backend = (
    env(
        "EMAIL_BACKEND",
        "django.core.mail.backends.console.EmailBackend"
        if LOCAL
        else "django.core.mail.backends.smtp.EmailBackend",
    )
    or "django.core.mail.backends.smtp.EmailBackend"
)
_email_options: dict[str, object] = {}
if _email_backend.endswith("smtp.EmailBackend"):
    _email_options = {
        "host": env("EMAIL_HOST", "localhost"),
        "port": int(env("EMAIL_PORT", "25") or 25),
        "username": env("EMAIL_HOST_USER", "") or "",
        "password": env("EMAIL_HOST_PASSWORD", "") or "",
        "use_tls": env_bool("EMAIL_USE_TLS", False),
    }
MAILERS = {"default": {"BACKEND": _email_backend, "OPTIONS": _email_options}}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Lantern <no-reply@lantern.invalid>")

# --- Internationalisation ---
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "content" / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files ---
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "lantern" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not env_bool("STATIC_NO_MANIFEST", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = BASE_DIR / "var" / "media"
CONTENT_DIR = BASE_DIR / "content"

# --- Logging: no personal data; request paths carry UUIDs only ---
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
    },
}

# --- The apps' own settings (README, Configuration) ---
# Absolute address of this service, for links in emails, QR codes and xAPI activity ids.
LANTERN_BASE_URL = env("LANTERN_BASE_URL", "http://127.0.0.1:8000") or ""
# learning: xAPI statements; forwarding to an external LRS is off unless an https endpoint is set.
LEARNING_XAPI_HOMEPAGE = env("LEARNING_XAPI_HOMEPAGE", "https://lantern.invalid") or ""
LEARNING_LRS_ENDPOINT = env("LEARNING_LRS_ENDPOINT", "") or ""
LEARNING_LRS_USERNAME = env("LEARNING_LRS_USERNAME", "") or ""
LEARNING_LRS_PASSWORD = env("LEARNING_LRS_PASSWORD", "") or ""
# cmi5 launches: an LMS on this machine over plain http is allowed in tests and the demo only.
LEARNING_LMS_ALLOW_LOCAL_HTTP = env_bool("LEARNING_LMS_ALLOW_LOCAL_HTTP", LOCAL)
# Launches from one address a minute (each makes two calls to the LMS); 0 turns the limit off.
LEARNING_LMS_LAUNCHES_PER_MINUTE = int(env("LEARNING_LMS_LAUNCHES_PER_MINUTE", "30") or 30)
# learning: Open Badges 3.0 (ADR 11). An RSA private key (PEM) signs badges; unset in production,
# no badges are offered. A demo or test run makes its own key in var/ the first time.
BADGE_SIGNING_KEY_FILE = (
    env("BADGE_SIGNING_KEY_FILE", str(BASE_DIR / "var" / f"badge-key-{LANTERN_ENV}.pem"))
    if LOCAL
    else env("BADGE_SIGNING_KEY_FILE", "")
) or ""
# Public keys (PEM) of retired signing keys, so that the badges they signed still verify.
BADGE_RETIRED_PUBLIC_KEY_FILES = env_list("BADGE_RETIRED_PUBLIC_KEY_FILES", [])
# respond: referral drafts are personal data and are deleted after this many days.
RESPOND_DRAFT_RETENTION_DAYS = int(env("RESPOND_DRAFT_RETENTION_DAYS", "30") or 30)
RESPOND_API_DECISIONS_PER_MINUTE = int(env("RESPOND_API_DECISIONS_PER_MINUTE", "120") or 120)
# support: closed cases are anonymised after the retention period (organisational policy).
SUPPORT_RETENTION_DAYS = int(env("SUPPORT_RETENTION_DAYS", "2192") or 2192)
SUPPORT_BREAK_GLASS_MINUTES = int(env("SUPPORT_BREAK_GLASS_MINUTES", "60") or 60)
SUPPORT_CASE_LIST_PAGE_SIZE = int(env("SUPPORT_CASE_LIST_PAGE_SIZE", "50") or 50)

LANTERN_DEMO = LANTERN_ENV == "demo"
LANTERN_SERVICE_NAME = "Lantern"
