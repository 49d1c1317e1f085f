"""Settings for the claims-versus-context desk, read from the environment.

Every value a deployment changes comes from an environment variable; the
README lists them. Nothing here differs between development and production
except through those variables.
"""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable into a list."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. "
            "For local development set DEBUG=1 (make run and make test do)."
        )
    # Development only: a fixed, obviously unsafe key so sessions survive restarts.
    SECRET_KEY = "django-insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

# ClaimReview's `author`: the organisation that publishes the fact checks.
PUBLISHER_NAME = os.environ.get("PUBLISHER_NAME", "Demo Fact-Checking Desk")
PUBLISHER_URL = os.environ.get("PUBLISHER_URL", "http://127.0.0.1:8000/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # sitemap.xml for search engines (publication/sitemaps.py).
    "django.contrib.sitemaps",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "corsheaders",
    "simple_history",
    # Login protection: records failed logins and locks out repeated guessers.
    "axes",
    # Content-Security-Policy header (and its system checks).
    "csp",
    "claims",
    "annotations",
    "intake",
    "publication",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # High up so that every page built below it, error pages and the lockout page included,
    # carries the Content-Security-Policy header (static files from whitenoise need none).
    "csp.middleware.CSPMiddleware",
    # Before CSRF (which reads the form first) so an oversized body answers 413, not 400.
    "config.security.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Records the logged-in user on every history entry made during a request.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Needs request.user, so after AuthenticationMiddleware: marks anonymous GET/HEAD requests
    # so the database router may serve their reads from the replica (config/routers.py).
    "config.routers.ReplicaReadsMiddleware",
    # Last, as django-axes requires: it turns the lockout flag set during authentication
    # into the lockout page, after every other middleware has had its say on the request.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # Canonical absolute URLs and the publisher's name for every public page.
                "publication.context.public_site",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/desk/"  # editors land on their dashboard

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

# Development and tests serve files from the app directories directly;
# production runs collectstatic and whitenoise serves the hashed copies.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "desk@localhost")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticatedOrReadOnly",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
    ],
    "DEFAULT_SCHEMA_CLASS": "publication.api.openapi.Schema",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Claims versus context API",
    "DESCRIPTION": "Claims by public figures, the context notes that qualify them, and verdicts.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Public read-only endpoints are open to any origin, never with credentials.
CORS_URLS_REGEX = r"^/api/v1/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}


# --- Sessions and passwords ---
# A session ends after SESSION_COOKIE_AGE seconds without a request (default 8 hours, a
# working day): saving it on every request makes the age count from the last activity.
# Logging out deletes it; logging in always starts a new session key (no fixation).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True

# New and changed passwords are hashed with Argon2; the PBKDF2 hashers stay so accounts
# created before still log in, and Django re-hashes their password with Argon2 when they do.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]


# --- Login protection (django-axes) ---
# After AXES_FAILURE_LIMIT failed logins, further attempts are refused for
# AXES_COOLOFF_MINUTES (0: until an admin unlocks). Failures are counted per account
# ("username": guessing one desk member's password from many addresses) and per address
# ("ip_address": one address trying many accounts). AXES_LOCKOUT_PARAMETERS takes a
# comma-separated list; join names with "+" to count a combination instead, e.g.
# "ip_address,username+ip_address" stops anyone locking a colleague out from elsewhere.
# Unlock: the admin's "Access attempts" page (delete the rows) or `manage.py axes_reset`.
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out login is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
_axes_cooloff_minutes = int(os.environ.get("AXES_COOLOFF_MINUTES", "30"))
AXES_COOLOFF_TIME = timedelta(minutes=_axes_cooloff_minutes) if _axes_cooloff_minutes else None
AXES_LOCKOUT_PARAMETERS = [
    name.split("+") if "+" in name else name
    for name in env_list("AXES_LOCKOUT_PARAMETERS", "username,ip_address")
]
# Attempts live in the database, so every app process behind a load balancer sees them.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# 429 Too Many Requests: the login is refused because of the attempts, not the person.
AXES_HTTP_RESPONSE_CODE = 429
# Behind a load balancer every request comes from the balancer's address; this reads the
# client's address from X-Forwarded-For instead, trusting TRUSTED_PROXY_COUNT proxies.
AXES_CLIENT_IP_CALLABLE = "config.security.client_ip_address"
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# Lockouts are logged as warnings; no banner on every manage.py command.
AXES_VERBOSE = False


# --- Security (production) ---
# Safe defaults when DEBUG is off (`manage.py check --deploy` is clean); plain HTTP keeps
# working for development when DEBUG is on. Every value can be changed from the environment.
#
# Behind a proxy that terminates TLS, name the header it sets, as Django's tuple written
# with a comma: SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https". Only behind a
# proxy that always overwrites that header: otherwise any client could claim HTTPS.
SECURE_PROXY_SSL_HEADER = tuple(env_list("SECURE_PROXY_SSL_HEADER")) or None
if SECURE_PROXY_SSL_HEADER and len(SECURE_PROXY_SSL_HEADER) != 2:
    raise ImproperlyConfigured(
        "SECURE_PROXY_SSL_HEADER must be a header and a value, e.g. HTTP_X_FORWARDED_PROTO,https"
    )
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
# Links out to sources and citations don't tell other sites what the desk was reading.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Other origins allowed to POST forms, e.g. "https://desk.example.org" when the proxy
# rewrites the Host header.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")


# --- Content Security Policy (django-csp) ---
# Scripts and styles only from our own static files: no inline <script>, no onclick=,
# no CDN. Nothing may frame the site, post its forms elsewhere or load plugins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # django-simple-history's history page has one style attribute ("border-top: 0");
        # 'unsafe-hashes' with its hash allows that exact attribute and no other inline style.
        "style-src": [
            SELF,
            "'unsafe-hashes'",
            "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='",
        ],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}


# --- Request size limits ---
# A form or request body over these limits answers 413 with a short explanation
# (config.security.RequestSizeLimitMiddleware). Uploaded files are not counted in the
# memory size: cap them at the proxy (e.g. nginx client_max_body_size).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", "2621440"))
DATA_UPLOAD_MAX_NUMBER_FIELDS = int(os.environ.get("DATA_UPLOAD_MAX_NUMBER_FIELDS", "1000"))
# The largest source file (PDF, web page, text) the API reads into a revision; larger is a 413.
SOURCE_UPLOAD_MAX_BYTES = int(os.environ.get("SOURCE_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))


# --- Scaling out ---
# App processes keep no state: run as many as needed behind a load balancer, against one
# PostgreSQL. With DATABASE_REPLICA_URL, anonymous GET/HEAD requests (the public site and
# API) read from that replica; writes and every request of a logged-in user use "default".
# In tests the replica is the default database ("MIRROR").
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["config.routers.PrimaryReplicaRouter"]


def cache_from_url(url: str) -> dict[str, str]:
    """Turn CACHE_URL (redis://, rediss://, locmem://, dummy://) into a CACHES entry."""
    scheme, _, rest = url.partition("://")
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": rest}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"CACHE_URL must start with redis://, rediss://, locmem:// or dummy://, not {url!r}"
    )


# One cache shared by every app process when it is Redis; each process has its own otherwise.
# REDIS_URL is the documented name; CACHE_URL (which also takes locmem:// and dummy://) is
# its alias and wins when both are set. Public pages and API reads are cached there
# (publication/cache.py): with more than one app process, point this at Redis, since a
# change is invalidated in the shared cache only.
CACHES = {
    "default": cache_from_url(
        os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or "locmem://"
    )
}
# An export up to this size (characters) is kept whole in the cache after its first download.
EXPORT_CACHE_MAX_BYTES = int(os.environ.get("EXPORT_CACHE_MAX_BYTES", str(8 * 1024 * 1024)))
# A larger export is kept in this folder instead, one file per version, after its first
# download (publication/spool.py); each app machine keeps its own. Empty: not kept.
EXPORT_SPOOL_DIR = os.environ.get(
    "EXPORT_SPOOL_DIR", str(Path(tempfile.gettempdir()) / "claims-exports")
)

# --- Publication: REST API, OpenAPI, exports --------------------------------
# Scripts authenticate with a token (manage.py drf_create_token <user>); the
# browser keeps its session and CSRF. Session first, so an anonymous write
# answers 403 like the rest of the site.
INSTALLED_APPS += ["rest_framework.authtoken"]
REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = [
    "rest_framework.authentication.SessionAuthentication",
    "rest_framework.authentication.TokenAuthentication",
]
SPECTACULAR_SETTINGS.update(
    {
        # 3.1 schemas are JSON Schema 2020-12, so the published JSON's schema file is reused as is.
        "OAS_VERSION": "3.1.0",
        "COMPONENT_SPLIT_REQUEST": True,
        "ENUM_NAME_OVERRIDES": {
            "StatusEnum": "claims.workflow.Status",
            "DatePrecisionEnum": "claims.models.DatePrecision",
            "SpeakerKindEnum": "claims.models.Speaker.Kind",
            "SourceKindEnum": "claims.models.Source.Kind",
            "NoteKindEnum": "annotations.models.NoteKind",
            "RelationKindEnum": "claims.models.ClaimRelation.Kind",
            "BatchItemKindEnum": "publication.api.workflow.BATCH_KINDS",
        },
        "POSTPROCESSING_HOOKS": [
            "drf_spectacular.hooks.postprocess_schema_enums",
            "publication.api.openapi.add_published_json_components",
        ],
    }
)
# Public URLs in the published JSON and ClaimReview, canonical links, Open Graph tags,
# feeds, the sitemap, oEmbed and API Location headers all start with this address.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", PUBLISHER_URL)
# --- end of publication -----------------------------------------------------

# --- Reliability: hostile input -----------------------------------------------
# API bodies are parsed by parsers that refuse NUL characters and lone surrogates in any
# field with a 400 naming the field (PostgreSQL cannot store them): publication/api/parsers.py.
# Bodies are JSON (the one upload, a source's file, is multipart): a form body cannot say
# a list of figures or a boolean, so it is refused with 415 rather than half read.
REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"] = ["publication.api.parsers.JSONParser"]
# A slug or name taken by another record answers 409 Conflict, not 400 (publication/api/errors.py).
REST_FRAMEWORK["EXCEPTION_HANDLER"] = "publication.api.errors.exception_handler"
# --- end of reliability -------------------------------------------------------

# --- Intake: repeated-claim matching ------------------------------------------
# A sentence matches a checked claim when the combined score (meaning, words and numbers,
# 0–1; intake/matching/) is at least this. Lower finds more repeats and more false ones;
# `make eval` prints both rates for the labelled set.
MATCH_THRESHOLD = float(os.environ.get("MATCH_THRESHOLD", "0.6"))
# POST /api/v1/match/ per client address (anonymous) and per user, counted in the cache
# (CACHE_URL: use Redis so every app process shares the counts).
MATCH_RATE_ANON = os.environ.get("MATCH_RATE_ANON", "300/minute")
MATCH_RATE_USER = os.environ.get("MATCH_RATE_USER", "1200/minute")
# --- end of intake --------------------------------------------------------------
