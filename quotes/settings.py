"""Verbatim's settings.

Every difference between a laptop and a production server is an environment variable, read
through the small typed helpers below that fail loudly on a value they do not understand. The
defaults are for development: an SQLite file under var/ and DEBUG on.
"""

import datetime
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from quotes.editorial.import_limits import REVIEW_MAX_BYTES, REVIEW_MAX_FIELDS

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: str) -> bool:
    value = env(name, default).strip().lower()
    if value in ("1", "true", "on"):
        return True
    if value in ("0", "false", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/true/on or 0/false/off, not {value!r}")


def envint(name: str, default: str) -> int:
    value = env(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envfloat(name: str, default: str) -> float:
    value = env(name, default)
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}") from None


def envcount(name: str, default: str, *, minimum: int) -> int:
    value = envint(name, default)
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


RATE_PERIODS = ("s", "sec", "second", "m", "min", "minute", "h", "hour", "d", "day")


def envrate(name: str, default: str) -> str:
    """A request rate such as "120/min": a whole number of requests per second, minute, hour or
    day, in the form Django REST framework's throttles read."""
    value = env(name, default).strip()
    number, _, period = value.partition("/")
    if not (number.isdigit() and int(number) > 0 and period in RATE_PERIODS):
        raise ImproperlyConfigured(
            f"{name} must be a number of requests per period, such as 120/min or 5000/day, "
            f"not {value!r}"
        )
    return value


DEBUG = envbool("DEBUG", "1")

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Good for development only: production refuses to start without a real key (above).
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_countries",
    "django_filters",
    "simple_history",
    "csp",
    "corsheaders",
    "rest_framework",
    "drf_spectacular",
    # Swagger UI's own files, served as static files (no CDN) for the API's documentation page.
    "drf_spectacular_sidecar",
    # Before `quotes`, whose admin gives the sign-in attempts an Unlock action.
    "axes",
    "quotes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything that may answer on its own: CORS preflights and headers for /api/ only.
    "corsheaders.middleware.CorsMiddleware",
    # django-csp's, with the policy built once per process.
    "quotes.reliability.security_headers.ContentSecurityPolicyMiddleware",
    "quotes.reliability.security_headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the database (the session, the user): which database it reads.
    "quotes.replicas.middleware.ReplicaReadsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Django's, with the storage made only for a request that adds or reads a message.
    "quotes.middleware.LazyMessageMiddleware",
    # Who made each change, for the history of every record (django-simple-history's, not
    # called for an anonymous GET: see quotes/middleware.py).
    "quotes.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Refuses any sign-in, even with the right password, while its user or address is locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# The import's review page posts every quotation of an article, with the article, in one form:
# up to REVIEW_MAX_FIELDS fields and REVIEW_MAX_BYTES (quotes/editorial/import_limits.py). The
# limits are
# raised for every request because CsrfViewMiddleware reads request.POST, and so applies them,
# before any view runs: a view of its own cannot raise them.
DATA_UPLOAD_MAX_NUMBER_FIELDS = REVIEW_MAX_FIELDS
DATA_UPLOAD_MAX_MEMORY_SIZE = REVIEW_MAX_BYTES

ROOT_URLCONF = "quotes.urls"
WSGI_APPLICATION = "quotes.wsgi.application"

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
                "quotes.public.context_processors.site",
            ],
        },
    },
]

# Seconds. The web processes wait this long for a connection and, for any answer, the statement
# timeout and half a second more; then the reader gets a 503 page (quotes/reliability/database.py).
DATABASE_CONNECT_TIMEOUT = envfloat("DATABASE_CONNECT_TIMEOUT", "3")
DATABASE_STATEMENT_TIMEOUT = envfloat("DATABASE_STATEMENT_TIMEOUT", "2")
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'verbatim.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", "60"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while an editor saves; the timeout rides out short write locks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, with the health check skipped on a connection that answered a tenth
    # of a second ago (quotes/reliability/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "quotes.reliability.postgresql"
    # A search within a prolific leader's statements ANDs two bitmaps of 150,000 rows; at
    # PostgreSQL's default 4 MB they turn lossy and every row of every page is re-read
    # (a third slower). Per connection, so a few workers take little of the server's memory.
    # The planner's default cost of a random page read (4) is that of a spinning disk: with the
    # record in memory or on SSD it ANDed a rare word's 1,080 matches with a common channel's
    # 184,546 GIN entries (23 ms) rather than reading the 1,080 rows and checking the channel
    # (2 ms). 1.1 is the figure PostgreSQL's documentation gives for such storage.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    work_mem = env("DATABASE_WORK_MEM", "16MB")
    random_page_cost = env("DATABASE_RANDOM_PAGE_COST", "1.1")
    options["options"] = " ".join(
        part
        for part in (
            options.get("options", ""),
            f"-c work_mem={work_mem}",
            f"-c random_page_cost={random_page_cost}",
        )
        if part
    )
    options.setdefault("connect_timeout", max(1, round(DATABASE_CONNECT_TIMEOUT)))

# Read replicas: PostgreSQL streaming replicas of the primary (`DATABASE_URL`), as
# `replica1`, `replica2` … The public pages and the downloads read from them; writes, the admin
# and a client that has just written use the primary (quotes/replicas/, docs/DEPLOY.md). A
# replica more than REPLICA_MAX_LAG_SECONDS behind, or out of reach, is skipped. Tests read
# the replicas' aliases as the primary itself (MIRROR): there is one test database.
REPLICA_MAX_LAG_SECONDS = envfloat("REPLICA_MAX_LAG_SECONDS", "5")
READ_YOUR_WRITES_SECONDS = envfloat("READ_YOUR_WRITES_SECONDS", "10")
DATABASE_REPLICAS = []
for number, url in enumerate(envlist("DATABASE_REPLICA_URLS"), start=1):
    replica = dj_database_url.parse(url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"])
    postgresql = "quotes.reliability.postgresql"
    if replica["ENGINE"] != "django.db.backends.postgresql" or (
        DATABASES["default"]["ENGINE"] != postgresql
    ):
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URLS are PostgreSQL streaming replicas of a PostgreSQL DATABASE_URL."
        )
    replica.update(
        ENGINE=postgresql,
        CONN_HEALTH_CHECKS=True,
        # The primary's work_mem and connect timeout; the replica's own options (sslmode …) on top.
        OPTIONS={**DATABASES["default"]["OPTIONS"], **replica.get("OPTIONS", {})},
        TEST={"MIRROR": "default"},
    )
    DATABASES[f"replica{number}"] = replica
    DATABASE_REPLICAS.append(f"replica{number}")
if DATABASE_REPLICAS and READ_YOUR_WRITES_SECONDS <= REPLICA_MAX_LAG_SECONDS:
    # Past the window, an editor's change must be on every replica that still serves.
    raise ImproperlyConfigured(
        "READ_YOUR_WRITES_SECONDS must be longer than REPLICA_MAX_LAG_SECONDS, "
        f"not {READ_YOUR_WRITES_SECONDS:g} against {REPLICA_MAX_LAG_SECONDS:g}."
    )
DATABASE_ROUTERS = ["quotes.replicas.router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "quotes.reliability.cache.SharedClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "verbatim"),
        }
    }
else:
    # Each process's own memory. Room for the pages and the statement cards of a busy hour
    # (the default of 300 entries is one list page's cards fifteen times over).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5_000},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# ISO dates in every form and in the admin (quotes/formats/en_GB/formats.py).
FORMAT_MODULE_PATH = ["quotes.formats"]
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGIN_URL = "admin:login"

# Sign-in throttling (django-axes, counted in the database so that it holds on SQLite and
# PostgreSQL alike and never depends on the cache, which fails open). A user name or a client
# address, either one, is locked out after LOGIN_FAILURE_LIMIT failed sign-ins, each within
# LOGIN_LOCKOUT_MINUTES of the one before, until that long has passed without another attempt
# or an administrator unlocks it (Access attempts, action "Unlock").
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = envcount("LOGIN_FAILURE_LIMIT", "5", minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=envcount("LOGIN_LOCKOUT_MINUTES", "15", minimum=1))
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "quotes.reliability.sign_in_limits.lockout_response"
AXES_CLIENT_IP_CALLABLE = "quotes.reliability.sign_in_limits.client_address"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# No banner on every management command; failures are still logged.
AXES_VERBOSE = False
# How many reverse proxies of our own stand in front of the app, each appending the address it
# was reached from to X-Forwarded-For. 0 (the default) trusts only REMOTE_ADDR: a header that
# no proxy of ours wrote could be forged by anyone to dodge the limits.
TRUSTED_PROXY_COUNT = envcount("TRUSTED_PROXY_COUNT", "0", minimum=0)

# Content-Security-Policy (django-csp): no inline script or style anywhere, the site's own
# files only, never framed. Scripts and styles live in static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Django's defaults, stated here because the security headers are reviewed together.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# The public JSON API (quotes/api/, docs/API.md): read-only, anonymous, JSON only, so no
# sessions, no CSRF and no authentication; each client address may make API_RATE_LIMIT
# requests (counted in the cache, which fails open: a Redis outage lifts the limit rather than
# the API).
API_RATE_LIMIT = envrate("API_RATE_LIMIT", "120/min")
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["quotes.api.throttling.AddressRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "quotes.api.errors.api_exception_handler",
    # One representation, JSON: no ?format= and no browsable pages.
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Verbatim API",
    "DESCRIPTION": (
        "The published record of what world leaders said, with its sources, as JSON. "
        "Read-only and anonymous; the same filters and search as the site's lists. "
        "Guide and licence: /data/ and docs/API.md."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "StatementKindEnum": "quotes.models.Statement.Kind",
        "SourceKindEnum": "quotes.models.Source.Kind",
        "EventKindEnum": "quotes.models.Event.Kind",
    },
}
# Other sites' pages may read the API from the browser (GET only); nothing else is shared.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]

# Country codes the news needs beyond ISO 3166-1: the EU acts and speaks as one.
COUNTRIES_OVERRIDE = {"EU": "European Union", "XK": "Kosovo"}

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "1")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}

# The review workflow: nobody publishes a statement they submitted themselves while another
# reviewer could (four eyes). Turn off only for a newsroom of one.
VERBATIM_FOUR_EYES = envbool("VERBATIM_FOUR_EYES", "1")
# Whole public pages kept in the cache until the record changes; off only to measure pages
# rendered afresh (the costly parts of pages stay cached either way).
VERBATIM_PAGE_CACHE = envbool("VERBATIM_PAGE_CACHE", "1")
# Reports of errors from readers: how many one address may send an hour.
VERBATIM_REPORTS_PER_HOUR = envint("VERBATIM_REPORTS_PER_HOUR", "5")

# E-mail: the alerts' confirmations and digests (quotes/alerts/). SMTP in production, to
# EMAIL_HOST (a local mail server if unset); printed on the console in development unless
# EMAIL_HOST is set. Tests keep mails in memory (Django's test runner).
EMAIL_HOST = env("EMAIL_HOST")
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST or not DEBUG
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = EMAIL_HOST or "localhost"
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "0")
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", "0")
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set EMAIL_USE_TLS (STARTTLS, port 587) or EMAIL_USE_SSL (465).")
# Seconds to wait for the mail server: without it a hung server would hang the sign-up page.
EMAIL_TIMEOUT = envfloat("EMAIL_TIMEOUT", "10")
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", f"Verbatim <alerts@{urlsplit(SITE_URL).hostname or 'localhost'}>"
)
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Following by e-mail: sign-ups one client address may make an hour, confirmation mails one
# e-mail address may receive a day, and the statements one digest lists (a link shows the rest).
VERBATIM_FOLLOWS_PER_HOUR = envcount("VERBATIM_FOLLOWS_PER_HOUR", "10", minimum=1)
VERBATIM_CONFIRMATIONS_PER_DAY = envcount("VERBATIM_CONFIRMATIONS_PER_DAY", "3", minimum=1)
VERBATIM_ALERT_STATEMENTS_PER_MAIL = envcount("VERBATIM_ALERT_STATEMENTS_PER_MAIL", "20", minimum=1)

# The covering indexes' INCLUDE columns are PostgreSQL's; SQLite builds the same indexes
# without them, which changes their speed on SQLite only, not what they find.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
