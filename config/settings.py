"""HallMark settings, read from the environment (12-factor).

Development defaults are safe to run on a laptop; production (DEBUG off) refuses to
start without its own SECRET_KEY.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

# Without DEBUG there is no default key. Commands that sign nothing (migrate,
# makemigrations) still run; Django refuses any use of the empty key; and the WSGI/ASGI
# entry points refuse to start at all (config/wsgi.py), so production never serves on it.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "django-insecure-hallmark-development-only"  # DEBUG only, never production

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin with a site that lets in administrators only (kernel.admin_site).
    "kernel.admin_apps.HallMarkAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "axes",
    "csp",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "kernel",
    "jobs",
    "staffmgmt",
    "roster",
    "feedback",
    "integrity_files",
    "assessment",
    "dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Keeps a signed-in session alive while it is used (inactivity expiry), writing it
    # at most once a minute instead of on every request (kernel/sessions.py).
    "kernel.sessions.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    "kernel.logging.RequestLogMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Refuses a sign-in while its username and address are locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "config" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.roles",
                "config.context_processors.navigation",
                "staffmgmt.context_processors.calendar_status",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# The embedded default is an SQLite file beside the code; production and CI use PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several threads (the dev server, browser tests) write to one file: wait instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    # Background workers write beside the web server: a transaction takes the write lock when
    # it begins, so two writers queue on the timeout instead of one failing at once with
    # "database is locked" (a reader turning writer cannot wait; ADR 0006).
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    # Write-ahead log: readers never wait for the writer, and a commit costs one append
    # instead of two fsyncs (what bounds a worker's jobs per second on SQLite).
    DATABASES["default"]["OPTIONS"]["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Several processes share one cache (and so one throttle count) through Redis.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    # Sessions read from the shared cache, written through to the database.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background jobs through Django's tasks API (the django-tasks backport; ADR 0006). The
# database queue is the embedded default, on SQLite and PostgreSQL alike: `manage.py
# db_worker` takes its jobs. With REDIS_URL, RQ carries them to `manage.py rqworker` on any
# machine instead.
if REDIS_URL:
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 900}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A worker writes a heartbeat this often while a job runs; a running job silent for the
# timeout is failed as "worker lost" (kill -9, a machine gone) and may be retried.
JOBS_HEARTBEAT_INTERVAL_S = float(os.environ.get("JOBS_HEARTBEAT_INTERVAL_S", "2"))
JOBS_HEARTBEAT_TIMEOUT_S = float(os.environ.get("JOBS_HEARTBEAT_TIMEOUT_S", "60"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staffmgmt:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "config" / "locale"]
# Our overrides of Django's locale formats (ISO first for date inputs in Chinese).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Uploaded files (integrity evidence). Never served as static media: every download goes
# through a permission-checked, logged view (integrity_files), so there is no MEDIA_URL
# route.
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media"))
# Largest evidence file accepted (bytes).
INTEGRITY_EVIDENCE_MAX_BYTES = int(os.environ.get("INTEGRITY_EVIDENCE_MAX_BYTES", 5 * 1024 * 1024))
STATICFILES_DIRS = [BASE_DIR / "config" / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # plotly.js from the plotly package, served by this app (no CDN on a closed network).
    "dashboards.staticfinders.PlotlyFinder",
]
# The monthly statistical report is due on this day of the month (the source text: the 10th).
HALLMARK_REPORT_DAY = int(os.environ.get("HALLMARK_REPORT_DAY", "10"))
REPORTS_DIR = Path(os.environ.get("REPORTS_DIR", BASE_DIR / "reports"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "kernel.tokens.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["kernel.api.permissions.IsStaffMember"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "kernel.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "kernel.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "kernel.api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "anon": "60/minute",
        "sign_in": os.environ.get("HALLMARK_SIGN_IN_RATE", "20/minute"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "HallMark API",
    "DESCRIPTION": "Staff, AB posts, leave, coverage, work calendar and duty rosters of a "
    "tax service hall.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Halls run on closed networks: Swagger UI is served from this app. ReDoc is not
    # offered: its page loads web fonts and a logo from the internet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # The default hook (enums) and OpenAPI links from each create to the row it made
    # (read, update, delete), which the stateful schema fuzz follows.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "kernel.api.schema.add_create_links",
    ],
    # Several models have a `kind` or `status` of their own; name each enum after its model,
    # so a client's generated types keep their names when another app adds a `kind`.
    # `manage.py spectacular --validate --fail-on-warn` (tests/api/test_schema.py) fails on
    # a new collision: add its enum here.
    "ENUM_NAME_OVERRIDES": {
        "RoleEnum": "kernel.roles.Role",
        "AbsenceStartHalfEnum": "staffmgmt.models.Absence.StartHalf",
        "AbsenceEndHalfEnum": "staffmgmt.models.Absence.EndHalf",
        "OrgUnitKindEnum": "staffmgmt.models.OrgUnit.Kind",
        "AbsenceKindEnum": "staffmgmt.models.Absence.Kind",
        "AbsenceStatusEnum": "staffmgmt.models.Absence.Status",
        "DayKindEnum": "staffmgmt.models.DayKind",
        "DutyTypeKindEnum": "roster.models.DutyType.Kind",
        "DutyNotificationKindEnum": "roster.models.DutyNotification.Kind",
        "DutyPreferenceKindEnum": "roster.models.DutyPreference.Kind",
        "RosterStatusEnum": "roster.models.Roster.Status",
        "SwapRequestStatusEnum": "roster.models.SwapRequest.Status",
        "FeedbackEntryKindEnum": "feedback.models.EntryKind",
        "FeedbackEntryStatusEnum": "feedback.models.EntryStatus",
        "FollowUpStatusEnum": "feedback.models.FollowUpStatus",
        "IntegrityRecordKindEnum": "integrity_files.models.RecordKind",
        "IntegrityRecordStatusEnum": "integrity_files.models.IntegrityRecord.Status",
        "RecordResponseKindEnum": "integrity_files.models.RecordResponse.Kind",
        "RecordResponseStatusEnum": "integrity_files.models.RecordResponse.Status",
        "TalkKindEnum": "integrity_files.models.Talk.Kind",
        "AssessmentGradeEnum": "assessment.models.Grade",
        "AssessmentDimensionEnum": "assessment.models.Dimension",
        "IndicatorKindEnum": "assessment.models.Indicator.Kind",
        "IndicatorRuleEnum": "assessment.models.Indicator.Rule",
        "AssessmentPeriodKindEnum": "assessment.models.Period.Kind",
        "AssessmentPeriodStateEnum": "assessment.models.Period.State",
        "SchemeStatusEnum": "assessment.models.Scheme.Status",
        "ScoreSourceEnum": "assessment.models.Score.Source",
        "ObjectionStatusEnum": "assessment.models.Objection.Status",
        "TargetLevelEnum": "assessment.models.Target.Level",
        "RatingLevelEnum": "feedback.models.RatingLevel",
        "IntegrityRecordSourceEnum": "integrity_files.models.Source",
        "RewardPunishmentKindEnum": "assessment.models.RewardPunishment.Kind",
    },
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# ---------------------------------------------------------------------------------------
# Security. Production (DEBUG off) gets the strict values by default; each can be set from
# the environment, e.g. SECURE_SSL_REDIRECT=0 where the proxy already redirects.
# `manage.py check --deploy` is clean with these (tests/config/test_deploy_check.py).
# ---------------------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# The reverse proxy tells Django the original scheme (the load balancer ends TLS).
if env_bool("SECURE_PROXY_SSL_HEADER", default=not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
# Halls run on intranet host names, which the browsers' public HSTS preload list cannot
# hold; HSTS itself is on (above).
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# A session ends after this long without a request (a shared hall terminal left open).
SESSION_COOKIE_AGE = int(os.environ.get("HALLMARK_SESSION_IDLE_MINUTES", "30")) * 60
# Not SESSION_SAVE_EVERY_REQUEST: kernel.sessions.SessionRefreshMiddleware re-saves the
# session (and so pushes its expiry on) when its last save is a minute old or more.
SESSION_SAVE_EVERY_REQUEST = False
# API tokens expire (kernel.tokens); each sign-in issues its own.
HALLMARK_API_TOKEN_HOURS = int(os.environ.get("HALLMARK_API_TOKEN_HOURS", "12"))

# Content security policy: scripts and styles from this server only; no inline scripts on
# HallMark's own pages (behaviour lives in static files). Inline styles stay allowed for
# plotly, which styles its charts with style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Sign-in lockout (django-axes): keyed on the username together with the address, since a
# whole hall shares one intranet address and one person's typos must not lock out everyone;
# a cool-off rather than a lock until an administrator acts. Every attempt is logged
# (AccessAttempt, AccessLog in the admin).
AXES_FAILURE_LIMIT = int(os.environ.get("HALLMARK_SIGN_IN_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("HALLMARK_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "kernel.lockout.lockout_response"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Behind the proxy the client address is the first of X-Forwarded-For.
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if not DEBUG else ("REMOTE_ADDR",)
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "kernel.logging.JsonFormatter"}},
    "filters": {
        # Every line written during a request says whose (method, route, user, unit).
        "request_context": {"()": "kernel.logging.RequestContextFilter"},
        # Django's "Not Found: <path>" names the route pattern, never the path.
        "redact_path": {"()": "kernel.logging.RedactPathFilter"},
    },
    "handlers": {
        # JSON lines in production; plain text on a developer's console.
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["redact_path", "request_context"],
            **({} if DEBUG else {"formatter": "json"}),
        },
        "requests": {"class": "logging.StreamHandler", "formatter": "json"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # One JSON line per request: method, path, status, time, user (never a body).
        "hallmark.requests": {
            "handlers": ["requests"],
            "level": os.environ.get("REQUEST_LOG_LEVEL", "INFO" if not DEBUG else "WARNING"),
            "propagate": False,
        },
    },
}

# Mail (scheduled warnings and reminders): printed to the console in development.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "hallmark@localhost")

# Static files come straight from the app folders (no collectstatic step for the demo);
# production may still run collectstatic and serve STATIC_ROOT.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Leave (staffmgmt.selectors.leave, ADR 0010). A request may start at most this many days
# back (older absences are HR's corrections) and end at most this many days ahead.
LEAVE_MAX_PAST_DAYS = int(os.environ.get("LEAVE_MAX_PAST_DAYS", "30"))
LEAVE_MAX_FUTURE_DAYS = int(os.environ.get("LEAVE_MAX_FUTURE_DAYS", "366"))
# Annual leave by completed years of service: (at least N years, days a year), ascending.
LEAVE_ANNUAL_DAYS_BY_SERVICE = ((1, 5), (10, 10), (20, 15))
# Other kinds with a yearly balance: days a year.
LEAVE_YEARLY_DAYS = {"home_visit": 20}

# Check-in (roster.services.checkin): opens this many minutes before the report time and
# closes this many minutes after the duty's start (at the latest at its end).
CHECKIN_EARLY_MINUTES = int(os.environ.get("CHECKIN_EARLY_MINUTES", "30"))
CHECKIN_LATE_LIMIT_MINUTES = int(os.environ.get("CHECKIN_LATE_LIMIT_MINUTES", "30"))
# Taxpayer feedback (feedback/conf.py documents each key; the environment may override the
# throttle limits). Throttle counts live in the cache, so with REDIS_URL they hold across
# processes.
FEEDBACK = {
    # The address the windows' QR codes open (empty: the host the card is printed from).
    "PUBLIC_BASE_URL": os.environ.get("FEEDBACK_PUBLIC_BASE_URL", ""),
    # One rating per window per device within this many seconds ("one rating per visit").
    "RATING_DEVICE_SECONDS": int(os.environ.get("FEEDBACK_RATING_DEVICE_SECONDS", "600")),
    # Submissions per IP address per hour; a hall's guest Wi-Fi shares one address.
    "RATINGS_PER_IP_HOUR": int(os.environ.get("FEEDBACK_RATINGS_PER_IP_HOUR", "300")),
    "ENTRIES_PER_DEVICE_HOUR": int(os.environ.get("FEEDBACK_ENTRIES_PER_DEVICE_HOUR", "5")),
    "ENTRIES_PER_IP_HOUR": int(os.environ.get("FEEDBACK_ENTRIES_PER_IP_HOUR", "60")),
    # Working days to each deadline (the source text: questions within three working days).
    "DEADLINE_DAYS": {
        "question": 3,
        "suggestion": 3,
        "praise": 3,
        "complaint_accept": 1,
        "complaint_attitude": 10,
        "complaint_quality": 20,
        "negative_rating": 5,
    },
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "hallmark@localhost")
