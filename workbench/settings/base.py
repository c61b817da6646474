"""Base settings: run the zero-setup demo with no environment; each service URL switches on its real service."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

from .csp import content_security_policy

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def redis_next_database(url: str) -> str:
    """The same Redis server one database up, or "" when the URL is not a Redis URL."""
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss"):
        return ""
    database = int(parts.path.strip("/") or 0)
    return parts._replace(path=f"/{(database + 1) % 16}").geturl()


DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz"
SECRET_KEY = os.environ.get("SECRET_KEY") or DEVELOPMENT_SECRET_KEY
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Reverse proxies in front of the workbench: X-Forwarded-For is read that many hops deep for throttles and
# sign-in lockouts, which count per client address. 0: the header is ignored (anyone can write it).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "search",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # request.htmx: a click that swaps one part of a page asks for that part alone (claims/web/fragments.py).
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the "try again in N minutes" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "workbench.urls"
WSGI_APPLICATION = "workbench.wsgi.application"
ASGI_APPLICATION = "workbench.asgi.application"

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
                "claims.web.context_processors.workbench",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The zero-setup demo with two people at once: WAL lets reads run beside a write, writers wait for the
    # lock (busy timeout) instead of failing with "database is locked", and a transaction takes the write lock
    # when it begins, so two writers never deadlock upgrading a read lock.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Accepts every password; its password_changed hook deletes the user's API tokens (set_password + save,
    # as the password change and reset pages, the admin and manage.py changepassword all do).
    {"NAME": "claims.services.tokens.RevokeApiTokensOnPasswordChange"},
]
# workbench/signin.py says why Argon2id at these settings; PBKDF2 stays so older hashes still verify.
PASSWORD_HASHERS = [
    "workbench.signin.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# django-axes first: it refuses a locked-out account or address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "claims:queue"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "claims.api.auth.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    # JSON nested past 50 levels or over the body limit is a 400 before parsing (claims/api/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "claims.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {
        "writes": os.environ.get("API_WRITE_RATE", "120/min"),
        # Token requests per client address: slows password guessing through /api/token/.
        "auth": os.environ.get("API_AUTH_RATE", "20/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Claim workbench API",
    "DESCRIPTION": "Articles, claims, evidence and verdicts of the fact-checking workbench.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Bodies are documented as JSON only: a form cannot say null, so it cannot carry every valid body.
    "PARSER_WHITELIST": ["rest_framework.parsers.JSONParser"],
    # Request bodies get their own components, which say what a write requires (minLength 1 on a name).
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ClaimStatusEnum": "claims.models.ClaimStatus",
        "VerdictStatusEnum": "claims.models.VerdictStatus",
        "EvidenceStatusEnum": "claims.models.EvidenceStatus",
        "StanceEnum": "claims.models.Stance",
        "SourceKindEnum": "search.models.SourceKind",
    },
}

# Celery: with no broker configured, tasks run in-process right after commit.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Redis redelivers an unacknowledged task (worker killed mid-task) after this many seconds.
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "600")),
    # A worker looks for such tasks every 10 s. kombu's default looks only on every 10th of those calls,
    # so a killed worker's task came back up to 100 s after its timeout.
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 1,
    # Fail fast when Redis is down so a web request never hangs on the broker.
    "max_retries": 1,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "workbench")

# The cache, where failed sign-ins and API throttles are counted: Redis, so every process counts together.
# REDIS_CACHE_URL, else the broker's Redis one database up (cache.clear() empties a whole database and must
# not take the task queues with it), else memory local to each process (the zero-setup demo).
REDIS_CACHE_URL = os.environ.get("REDIS_CACHE_URL") or redis_next_database(CELERY_BROKER_URL)
if REDIS_CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_CACHE_URL,
            "KEY_PREFIX": "workbench",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sign-in lockout (django-axes), on /accounts/login/, the admin and /api/token/ alike: LOGIN_FAILURE_LIMIT
# failures for one username, or from one address, lock it for LOGIN_LOCKOUT_MINUTES (each further try
# starts the wait again). Counted in Redis when there is one, else in the database, which every process
# shares as memory would not. A successful sign-in does not clear the count: if it did, one account of
# their own would let a guesser reset their address's count between guesses.
AXES_HANDLER = (
    "axes.handlers.cache.AxesCacheHandler"
    if REDIS_CACHE_URL
    else "axes.handlers.database.AxesDatabaseHandler"
)
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "workbench.signin.client_ip"
if REDIS_CACHE_URL:
    # The cache handler keys a count by the bare value: without a mark, guessing with the username
    # "203.0.113.5" would lock that address out of every account.
    AXES_USERNAME_CALLABLE = "workbench.signin.lockout_username"
AXES_LOCKOUT_CALLABLE = "workbench.signin.lockout_response"
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# Search: Elasticsearch when ELASTICSEARCH_URL is set (one node, or a cluster's nodes comma-separated),
# otherwise the embedded database backend.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
SEARCH_INDEX_PREFIX = os.environ.get("SEARCH_INDEX_PREFIX", "workbench")
# Semantic re-ranking with the packaged MiniLM model (the "semantic" extra); 0 = BM25 only.
SEARCH_EMBEDDINGS = env_bool("SEARCH_EMBEDDINGS", True)
# Which runtime runs it: auto (ONNX Runtime when scripts/convert_model.py has built the graph, else
# sentence-transformers if the "compare" extra installed it), onnx or sentence-transformers.
SEARCH_ENCODER = os.environ.get("SEARCH_ENCODER", "auto")
SEARCH_ONNX_MODEL = os.environ.get("SEARCH_ONNX_MODEL", "")  # default: .models/all-MiniLM-L6-v2.onnx
# ONNX Runtime's intra-op threads per process; 0 lets the runtime choose (one per core).
SEARCH_ONNX_THREADS = int(os.environ.get("SEARCH_ONNX_THREADS", "0"))
SEARCH_BACKEND = {
    "BACKEND": "elasticsearch" if ELASTICSEARCH_URL else "embedded",
    "URL": ELASTICSEARCH_URL,
    "INDEX_PREFIX": SEARCH_INDEX_PREFIX,
    "TIMEOUT": float(os.environ.get("ELASTICSEARCH_TIMEOUT", "10")),
    # Copies of each shard on other nodes: 0 on one node; 1 or more on a cluster, so a node can fail.
    "REPLICAS": int(os.environ.get("SEARCH_INDEX_REPLICAS", "0")),
}

# The workbench's own rules.
WORKBENCH = {
    "CLAIM_THRESHOLD": float(os.environ.get("CLAIM_THRESHOLD", "0.35")),
    "ARTICLE_MAX_BYTES": int(os.environ.get("ARTICLE_MAX_BYTES", str(2 * 1024 * 1024))),
    "EVIDENCE_TOP_K": int(os.environ.get("EVIDENCE_TOP_K", "8")),
    "EVIDENCE_DATE_WINDOW_DAYS": int(os.environ.get("EVIDENCE_DATE_WINDOW_DAYS", "365")),
    "EVIDENCE_RETRY_MAX": int(os.environ.get("EVIDENCE_RETRY_MAX", "12")),
    "EVIDENCE_RETRY_BACKOFF_MAX": int(os.environ.get("EVIDENCE_RETRY_BACKOFF_MAX", "300")),
    "SWEEP_PENDING_AFTER_SECONDS": int(os.environ.get("SWEEP_PENDING_AFTER_SECONDS", "120")),
    "VERDICT_RATINGS": [
        ("true", "True"),
        ("mostly-true", "Mostly true"),
        ("half-true", "Half true"),
        ("mostly-false", "Mostly false"),
        ("false", "False"),
        ("misleading", "Misleading"),
        ("unverifiable", "Unverifiable"),
    ],
    # Matching claims to earlier fact-checks: above SUGGEST a match is shown, above LINK it is linked as
    # "already fact-checked" — unless the claim is very short or the fact-check old, which only ever suggest.
    "MATCH_SUGGEST_THRESHOLD": float(os.environ.get("MATCH_SUGGEST_THRESHOLD", "0.5")),
    "MATCH_LINK_THRESHOLD": float(os.environ.get("MATCH_LINK_THRESHOLD", "0.8")),
    "MATCH_MIN_CLAIM_WORDS": int(os.environ.get("MATCH_MIN_CLAIM_WORDS", "6")),
    "MATCH_MAX_AGE_DAYS": int(os.environ.get("MATCH_MAX_AGE_DAYS", "730")),
    "STALE_CLAIM_HOURS": int(os.environ.get("STALE_CLAIM_HOURS", "72")),
    "BLIND_SECOND_REVIEW": env_bool("BLIND_SECOND_REVIEW", False),
    # An API token older than this is refused (401); POST /api/token/ then issues a new one.
    "API_TOKEN_TTL_HOURS": float(os.environ.get("API_TOKEN_TTL_HOURS", "720")),
    "FETCH_TIMEOUT_SECONDS": float(os.environ.get("FETCH_TIMEOUT_SECONDS", "10")),
    # The whole fetch, redirects and a slow body included; past it the connection is cut.
    "FETCH_DEADLINE_SECONDS": float(os.environ.get("FETCH_DEADLINE_SECONDS", "30")),
    # Networks article fetching may reach despite being private/loopback, e.g. "10.20.0.0/16" for an intranet CMS.
    "FETCH_ALLOWED_NETWORKS": env_list("FETCH_ALLOWED_NETWORKS", []),
    "ORGANIZATION_NAME": os.environ.get("ORGANIZATION_NAME", "Claim Workbench Desk"),
    "ORGANIZATION_URL": os.environ.get("ORGANIZATION_URL", "http://127.0.0.1:8000/"),
    "ORGANIZATION_LOGO_URL": os.environ.get("ORGANIZATION_LOGO_URL", ""),
    # ClaimReview out: each rating's place on a numeric scale (higher = truer). A rating left out, such as
    # misleading or unverifiable, is not a point on that scale and is published without a ratingValue
    # (docs/decisions/2026-11-24-claimreview-ratings.md).
    "CLAIMREVIEW_RATING_VALUES": {"true": 5, "mostly-true": 4, "half-true": 3, "mostly-false": 2, "false": 1},
    # ClaimReview in: another organisation's rating text (any case) -> this workbench's rating. Ratings not
    # listed here fall back to their ratingValue on the bestRating/worstRating scale, then stay unmapped.
    "CLAIMREVIEW_RATING_MAP": {
        "true": "true",
        "correct": "true",
        "accurate": "true",
        "geppetto checkmark": "true",
        "mostly true": "mostly-true",
        "mostly correct": "mostly-true",
        "one pinocchio": "mostly-true",
        "half true": "half-true",
        "half-true": "half-true",
        "partly true": "half-true",
        "partly false": "half-true",
        "mixture": "half-true",
        "two pinocchios": "half-true",
        "mostly false": "mostly-false",
        "three pinocchios": "mostly-false",
        "false": "false",
        "incorrect": "false",
        "wrong": "false",
        "fake": "false",
        "pants on fire": "false",
        "pants on fire!": "false",
        "four pinocchios": "false",
        "misleading": "misleading",
        "missing context": "misleading",
        "lacks context": "misleading",
        "out of context": "misleading",
        "distorts the facts": "misleading",
        "cherry picks": "misleading",
        "unproven": "unverifiable",
        "unverified": "unverifiable",
        "unverifiable": "unverifiable",
        "unsupported": "unverifiable",
        "no evidence": "unverifiable",
    },
}

CONTENT_SECURITY_POLICY = content_security_policy(logo_url=WORKBENCH["ORGANIZATION_LOGO_URL"])
# /healthz names hosts only to staff, or to a monitor sending "Authorization: Bearer <HEALTHZ_TOKEN>".
HEALTHZ_TOKEN = os.environ.get("HEALTHZ_TOKEN", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"elastic_transport": {"level": "WARNING"}},
}
